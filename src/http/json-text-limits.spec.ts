import { inspectJsonText } from './json-text-limits';

const limits = { maxDepth: 8, maxKeys: 20 };
const inspect = (text: string) => inspectJsonText(text, limits);

describe('the JSON text a body may hold', () => {
  it('lets ordinary bodies through, escapes and surrogate pairs included', () => {
    expect(inspect('{"lotId":"AU-1","notes":"line\\none \\u00e9 \\ud83d\\ude00","outputs":[{"composition":{"lithium":"1"}}]}')).toBeNull();
  });

  it('refuses nesting past the limit, and more keys than the limit, as too complex', () => {
    expect(inspect('['.repeat(9) + ']'.repeat(9))).toMatchObject({ tooComplex: true, message: expect.stringContaining('deeper than 8') });
    const many = `{${Array.from({ length: 21 }, (_, i) => `"k${i}":1`).join(',')}}`;
    expect(inspect(many)).toMatchObject({ tooComplex: true, field: '(body)' });
  });

  it('names a duplicate key, a prototype key, a control character and a lone surrogate by their field', () => {
    expect(inspect('{"a":{"b":1,"b":2}}')).toMatchObject({ field: 'a.b', message: 'is given twice in the same object', tooComplex: false });
    expect(inspect('{"outputs":[{"x":1},{"__proto__":{}}]}')).toMatchObject({ field: 'outputs[1].__proto__' });
    expect(inspect('{"notes":"a\\u0000b"}')).toMatchObject({ field: 'notes', message: expect.stringContaining('NUL') });
    expect(inspect('{"name":"x\\ud800y"}')).toMatchObject({ field: 'name', message: expect.stringContaining('surrogate') });
    expect(inspect('{"name":"\\udc00"}')).toMatchObject({ field: 'name' });
  });

  it('compares keys as JSON reads them: an escaped spelling of the same key is the same key', () => {
    expect(inspect('{"ab":1,"\\u0061b":2}')).toMatchObject({ field: 'ab' });
  });
});
