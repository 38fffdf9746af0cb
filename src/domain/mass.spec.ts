import { InvalidCommand, InvalidMass, InvalidMineralName, type InvalidMassReason } from './errors';
import { assertGrams, formatKg, MAX_LOT_MASS_G, parseComposition, parseKg } from './mass';

function reasonOf(action: () => unknown): InvalidMassReason {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidMass) return error.reason;
    throw error;
  }
  throw new Error('expected InvalidMass');
}

describe('rule 2: masses are positive decimal kilograms with at most 3 decimals, exact integer grams inside', () => {
  it.each([
    ['1000000', 1_000_000_000],
    ['13950.5', 13_950_500],
    ['0.001', 1],
    ['0.1', 100],
    ['27900', 27_900_000],
    ['13213.115', 13_213_115],
    ['10000000000', MAX_LOT_MASS_G],
    ['0.30', 300],
  ])('parses %j as %d g', (text, grams) => {
    expect(parseKg(text)).toBe(grams);
  });

  it('parses digits, not a float: 0.1 + 0.2 kg is exactly 300 g', () => {
    expect(parseKg('0.1') + parseKg('0.2')).toBe(parseKg('0.3'));
  });

  it.each<[unknown, InvalidMassReason]>([
    [1000, 'not-a-string'],
    [12.5, 'not-a-string'],
    [null, 'not-a-string'],
    ['1e3', 'malformed'],
    [' 12', 'malformed'],
    ['12 ', 'malformed'],
    ['', 'malformed'],
    ['12.', 'malformed'],
    ['+12', 'malformed'],
    ['012', 'malformed'],
    ['1,5', 'malformed'],
    ['12 kg', 'wrong-unit'],
    ['12t', 'wrong-unit'],
    ['12.5 tonnes', 'wrong-unit'],
    ['-1', 'not-positive'],
    ['0', 'not-positive'],
    ['0.000', 'not-positive'],
    ['1.2345', 'too-precise'],
    ['0.0001', 'too-precise'],
    ['10000000000.001', 'too-large'],
    ['99999999999999999999', 'too-large'],
  ])('rejects %j (%s)', (text, reason) => {
    expect(reasonOf(() => parseKg(text))).toBe(reason);
  });

  it('names the offending field, and maps shape errors to 400 and rule breaks to 422', () => {
    const wrongUnit = (() => {
      try {
        parseKg('12t', 'grossMassKg');
      } catch (error) {
        return error as InvalidMass;
      }
    })()!;
    expect(wrongUnit).toMatchObject({ code: 'invalid-mass', kind: 'rule-violation', field: 'grossMassKg', reason: 'wrong-unit' });
    expect(() => parseKg(12)).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });

  it('formats grams as exact kilograms with three decimals', () => {
    expect(formatKg(13_213_115)).toBe('13213.115');
    expect(formatKg(1)).toBe('0.001');
    expect(formatKg(27_900_000)).toBe('27900.000');
    expect(formatKg(MAX_LOT_MASS_G)).toBe('10000000000.000');
    expect(formatKg(-1_500)).toBe('-1.500');
    expect(() => formatKg(1.5)).toThrow(RangeError);
  });

  it('round-trips every gram count through kilograms', () => {
    for (const grams of [1, 999, 1_000, 1_001, 123_456_789, MAX_LOT_MASS_G - 1]) {
      expect(parseKg(formatKg(grams))).toBe(grams);
    }
  });

  it('parses a composition of mineral → kilograms into grams', () => {
    expect(parseComposition({ lithium: '1500', nickel: '10000.25' })).toEqual({ lithium: 1_500_000, nickel: 10_000_250 });
    expect(parseComposition({})).toEqual({});
  });

  it('rejects a composition that is not an object, has a malformed name, or a bad mass (naming the field)', () => {
    expect(() => parseComposition(['lithium'])).toThrow(InvalidCommand);
    expect(() => parseComposition({ Lithium: '1' })).toThrow(InvalidMineralName);
    expect(() => parseComposition({ lithium: '1 kg' })).toThrow(
      expect.objectContaining({ field: 'composition.lithium', reason: 'wrong-unit' }),
    );
  });

  it('asserts grams inside the domain: positive safe integers up to 10 Mt', () => {
    expect(() => assertGrams(1, 'm')).not.toThrow();
    expect(reasonOf(() => assertGrams(0, 'm'))).toBe('not-positive');
    expect(reasonOf(() => assertGrams(1.5, 'm'))).toBe('not-integer-grams');
    expect(reasonOf(() => assertGrams('1', 'm'))).toBe('not-integer-grams');
    expect(reasonOf(() => assertGrams(MAX_LOT_MASS_G + 1, 'm'))).toBe('too-large');
  });
});
