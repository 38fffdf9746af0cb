import { DecimalLiteral, kilogramsOf, writeJson } from './exact-json-writing';

describe('exact JSON for EPCIS quantities', () => {
  it.each([
    [1, '0.001'],
    [10, '0.01'],
    [1500, '1.5'],
    [2_000_000, '2000'],
    [13_213_115, '13213.115'],
    [0, '0'],
    [-250, '-0.25'],
    // Beyond 15 significant digits a float of kilograms would no longer print the grams back.
    [9_007_199_254_740_991, '9007199254740.991'],
  ])('writes %d g as %s kg, digit for digit', (grams, text) => {
    expect(kilogramsOf(grams).text).toBe(text);
  });

  it('refuses grams that are not a safe integer', () => {
    expect(() => kilogramsOf(1.5)).toThrow(RangeError);
    expect(() => kilogramsOf(2 ** 53)).toThrow(RangeError);
  });

  it('writes a tree as JSON.stringify would, with exact numbers as their text and undefined members left out', () => {
    const tree = { a: 'x"y', b: [true, null, new DecimalLiteral('0.1')], c: undefined, d: { e: kilogramsOf(9_007_199_254_740_991) } };
    const text = writeJson(tree);
    expect(text).toBe('{"a":"x\\"y","b":[true,null,0.1],"d":{"e":9007199254740.991}}');
    expect(JSON.parse(text)).toEqual({ a: 'x"y', b: [true, null, 0.1], d: { e: 9007199254740.991 } });
  });

  it('writes every string as JSON.stringify does, escapes and surrogates included', () => {
    const strings = ['plain', 'quo"te', 'back\\slash', 'tab\tnew\nline\u0001', 'Ünïcode ✓', 'emoji 🪨', 'lone \ud800 surrogate', ''];
    for (const text of strings) expect(writeJson({ [text]: text })).toBe(JSON.stringify({ [text]: text }));
  });

  it('refuses decimal text that is not a plain JSON number', () => {
    expect(() => new DecimalLiteral('1.50')).toThrow(RangeError);
    expect(() => new DecimalLiteral('1e3')).toThrow(RangeError);
    expect(() => new DecimalLiteral('01')).toThrow(RangeError);
  });
});
