import fc from 'fast-check';
import { compositionAfterReceipt, givenUpBy, isMassDiscrepancy, scaleComposition } from './proportional-mass';

describe('proportional mass: rounding may lose mineral grams, never create them', () => {
  it('gives up floor(contained × consumed / remaining), computed exactly beyond 2^53', () => {
    expect(givenUpBy({ lithium: 2 }, 3, 2)).toEqual({ lithium: 1 });
    expect(givenUpBy({ lithium: 27_900_000 }, 1_000_000_000, 500_000_000)).toEqual({ lithium: 13_950_000 });
    // 9e12 × 9e12 overflows a double's exact range; bigint keeps the floor exact.
    expect(givenUpBy({ nickel: 9_000_000_000_001 }, 9_000_000_000_003, 9_000_000_000_002)).toEqual({ nickel: 9_000_000_000_000 });
  });

  it('drops minerals that round to zero', () => {
    expect(scaleComposition({ lithium: 2, cobalt: 5 }, 1, 3)).toEqual({ cobalt: 1 });
  });

  it('consuming a lot piece by piece until it is gone gives up exactly what it contained', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        (gross, pieces, weights) => {
          const composition: Record<string, number> = {};
          weights.forEach((w, i) => (composition[`m${String.fromCharCode(97 + i)}`] = 1 + (w % gross)));
          let remaining = gross;
          let left = { ...composition };
          const total: Record<string, number> = {};
          for (const piece of pieces) {
            if (remaining === 0) break;
            const consumed = Math.min(remaining, piece);
            const given = givenUpBy(left, remaining, consumed);
            for (const [m, g] of Object.entries(given)) {
              expect(g).toBeLessThanOrEqual(left[m]);
              total[m] = (total[m] ?? 0) + g;
              left = { ...left, [m]: left[m] - g };
            }
            remaining -= consumed;
          }
          if (remaining > 0) {
            for (const [m, g] of Object.entries(givenUpBy(left, remaining, remaining))) total[m] = (total[m] ?? 0) + g;
          }
          for (const [m, g] of Object.entries(composition)) expect(total[m] ?? 0).toBe(g);
        },
      ),
    );
  });

  it('rule 5: a shortfall scales the composition down; a surplus leaves it as it was', () => {
    expect(compositionAfterReceipt({ lithium: 1_000 }, 10_000, 9_000)).toEqual({ lithium: 900 });
    expect(compositionAfterReceipt({ lithium: 1_000 }, 10_000, 11_000)).toEqual({ lithium: 1_000 });
  });

  it('rule 5: the discrepancy threshold is exactly 0.5 % of the shipped mass', () => {
    expect(isMassDiscrepancy(200_000, 201_000)).toBe(false);
    expect(isMassDiscrepancy(200_000, 199_000)).toBe(false);
    expect(isMassDiscrepancy(200_000, 201_001)).toBe(true);
    expect(isMassDiscrepancy(200_000, 198_999)).toBe(true);
  });
});
