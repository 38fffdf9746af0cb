/**
 * What JSON.parse accepts and the ledger must not: checked on the body's text, in one pass, before
 * any validation walks the parsed value, so a hostile body costs one linear scan.
 *
 * - nesting deeper than `maxDepth` (deep values overflow the stack of every recursive walk after
 *   the parser: validation, canonical hashing) and more than `maxKeys` keys (validation cost grows
 *   with them), refused as too complex;
 * - a key given twice in one object (JSON.parse keeps the last silently), `__proto__`,
 *   `constructor` and `prototype` (dropped by the DTO mapping where every other unknown key is
 *   refused), an escaped control character other than tab, line feed and carriage return, and an
 *   unpaired UTF-16 surrogate (text no UTF-8 export can carry): refused naming the field.
 */
export interface JsonTextLimits {
  maxDepth: number;
  maxKeys: number;
}

export interface JsonTextFault {
  /** Path of the offending field, `outputs[0].composition.lithium` style; `(body)` for the whole. */
  field: string;
  message: string;
  /** A limit of size or depth (as opposed to a value the ledger refuses whatever the limits). */
  tooComplex: boolean;
}

type Frame = { object: true; keys: Set<string>; key: string | null; expectKey: boolean } | { object: false; index: number };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function inspectJsonText(text: string, limits: JsonTextLimits): JsonTextFault | null {
  const stack: Frame[] = [];
  let keys = 0;
  const pathOf = (extra?: string): string => {
    let path = '';
    for (const frame of stack) {
      if (frame.object) path += frame.key === null ? '' : path === '' ? frame.key : `.${frame.key}`;
      else path += `[${frame.index}]`;
    }
    if (extra !== undefined) path += path === '' ? extra : `.${extra}`;
    return path === '' ? '(body)' : path;
  };
  const fault = (field: string, message: string, tooComplex = false): JsonTextFault => ({ field, message, tooComplex });

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      let escaped = false;
      let bad: string | null = null;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === QUOTE) break;
        if (d === 0x7f) bad ??= 'must not contain NUL or control characters';
        // Raw surrogates (a body sent as UTF-16): a high one must be followed by a low one.
        if (d >= 0xd800 && d <= 0xdfff) {
          const low = text.charCodeAt(j + 1);
          if (d <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) j += 1;
          else bad ??= 'must not contain an unpaired UTF-16 surrogate';
          continue;
        }
        if (d !== BACKSLASH) continue;
        escaped = true;
        if (text.charCodeAt(j + 1) !== 0x75 /* u */) {
          j += 1;
          continue;
        }
        const unit = parseInt(text.slice(j + 2, j + 6), 16);
        if ((unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) || unit === 0x7f) bad ??= 'must not contain NUL or control characters';
        if (unit >= 0xdc00 && unit <= 0xdfff) bad ??= 'must not contain an unpaired UTF-16 surrogate';
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = text.charCodeAt(j + 6) === BACKSLASH && text.charCodeAt(j + 7) === 0x75 ? parseInt(text.slice(j + 8, j + 12), 16) : -1;
          if (low >= 0xdc00 && low <= 0xdfff) j += 6;
          else bad ??= 'must not contain an unpaired UTF-16 surrogate';
        }
        j += 5;
      }
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        let key: string;
        try {
          key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        } catch {
          return null; // Not JSON: the parser says so.
        }
        if (bad !== null) return fault(pathOf(key), `a key ${bad}`);
        keys += 1;
        if (keys > limits.maxKeys) return fault('(body)', `has more than ${limits.maxKeys} keys; the ledger reads at most ${limits.maxKeys} in one request`, true);
        if (FORBIDDEN_KEYS.has(key)) return fault(pathOf(key), `"${key}" is not a field of this request`);
        if (top.keys.has(key)) return fault(pathOf(key), 'is given twice in the same object');
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      } else if (bad !== null) {
        return fault(pathOf(), bad);
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push(c === 0x7b ? { object: true, keys: new Set(), key: null, expectKey: true } : { object: false, index: 0 });
      if (stack.length > limits.maxDepth) return fault(pathOf(), `nests deeper than ${limits.maxDepth} levels; the ledger reads at most ${limits.maxDepth}`, true);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.object) {
        top.expectKey = true;
        top.key = null;
      } else if (top) top.index += 1;
    }
  }
  return null;
}
