import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonWithMember, sameJsonValue } from './canonical-json';

/** Member names that take each path: plain, array indices, `__proto__`, names sorting by code unit. */
const names = fc.oneof(
  fc.string(),
  fc.constantFrom('0', '9', '10', '2nd', '__proto__', 'toJSON', 'constructor', 'a', 'B', 'é', '\u{1F600}', '\uFFFF', ''),
);
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -0, 1e21, 1e-7, -1.5, 2 ** 53, Number.MAX_VALUE),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(names, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonical JSON (RFC 8785)', () => {
  it('is the text of the canonicalize package for any JSON value, parsed or built', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
        const parsed: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it('is that text for what lies outside plain JSON data too', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const odd: unknown[] = [
      { when: new Date(0) },
      { a: undefined, b: 1 },
      [1, undefined, 2],
      // eslint-disable-next-line no-sparse-arrays
      [1, , 2],
      { point: new Point(3) },
      Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
      { 10: 'ten', 9: 'nine', x: 'x' },
      JSON.parse('{"__proto__":{"a":1},"b":2}'),
      { toJSON: 'not a function', a: 1 },
    ];
    for (const value of odd) expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('writes an object around the known canonical JSON of one of its members', () => {
    fc.assert(
      fc.property(fc.dictionary(names, values, { maxKeys: 6 }), values, (rest, data) => {
        const envelope = { ...rest, data };
        expect(canonicalJsonWithMember(envelope, 'data', canonicalize(data)!)).toBe(canonicalize(envelope));
      }),
      { numRuns: 500 },
    );
  });

  it('tells the same JSON value apart only where the canonical JSON is surely the same', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const copy: unknown = JSON.parse(JSON.stringify(a) ?? 'null');
        if (sameJsonValue(a, copy)) expect(canonicalize(copy)).toBe(canonicalize(a));
        if (sameJsonValue(a, b)) expect(canonicalize(b)).toBe(canonicalize(a));
      }),
      { numRuns: 1000 },
    );
    expect(sameJsonValue({ a: 1, b: [1, 'x', null] }, { a: 1, b: [1, 'x', null] })).toBe(true);
    expect(sameJsonValue({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(false);
    expect(sameJsonValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    // eslint-disable-next-line no-sparse-arrays
    expect(sameJsonValue([1, , 2], [1, undefined, 2])).toBe(false);
    expect(sameJsonValue({ when: new Date(0) }, { when: new Date(0) })).toBe(false);
  });
});
