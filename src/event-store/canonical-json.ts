import canonicalize from 'canonicalize';

/** What `canonicalCopy` answers for a value outside plain JSON data: it takes the general path. */
const NOT_PLAIN = Symbol('not plain JSON data');

/**
 * RFC 8785 canonical JSON of a value: members of every object sorted by the UTF-16 code units of
 * their names, strings and numbers written as ECMAScript's JSON.stringify writes them.
 *
 * Plain JSON data (what JSON.parse gives, and what the domain builds: plain objects, arrays,
 * strings, finite numbers, booleans, null) is copied with every object's members inserted in
 * sorted order and written by the native JSON.stringify, which keeps that order: about a third of
 * the CPU of the `canonicalize` package, which writes the text member by member in JavaScript.
 * Anything else goes through `canonicalize` itself, so the text is the same for every value (the
 * property test compares the two).
 */
export function canonicalJson(value: unknown): string {
  const copy = canonicalCopy(value);
  const text = copy === NOT_PLAIN ? canonicalize(value) : JSON.stringify(copy);
  if (text === undefined) throw new TypeError('value has no canonical JSON form');
  return text;
}

/**
 * The canonical JSON of an object one of whose members' canonical JSON is known already (an
 * export entry's envelope, whose payload was canonicalised for its own hash): that member's text
 * is written as given, not produced again.
 */
export function canonicalJsonWithMember(value: Record<string, unknown>, member: string, memberText: string): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  const names = Object.keys(value);
  if ((prototype !== Object.prototype && prototype !== null) || names.some(isSpecialName)) return canonicalJson(value);
  names.sort();
  const parts: string[] = [];
  for (const name of names) {
    const item = value[name];
    // `canonicalize` leaves out members that are undefined, as JSON.stringify does.
    if (item === undefined) continue;
    let text = memberText;
    if (name !== member) {
      const copy = canonicalCopy(item);
      if (copy === NOT_PLAIN) return canonicalJson(value);
      text = JSON.stringify(copy);
    }
    parts.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * True when two values of plain JSON data are the same value written the same way (members in
 * the same order), so they have one canonical JSON: neighbouring copies of one payload are told
 * apart from their first without canonicalising them again. False for anything else.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || !isPlain(a) || !isPlain(b)) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // An undefined slot and a hole read alike here but not to `canonicalize`: not the same.
    for (let i = 0; i < a.length; i++) if (a[i] === undefined || !sameJsonValue(a[i], b[i])) return false;
    return true;
  }
  const names = Object.keys(a);
  const others = Object.keys(b);
  if (names.length !== others.length) return false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name !== others[i] || !sameJsonValue((a as Record<string, unknown>)[name], (b as Record<string, unknown>)[name])) return false;
  }
  return true;
}

/**
 * A copy of plain JSON data whose objects hold their members in RFC 8785 order, or NOT_PLAIN.
 * JSON.stringify writes members in the order a copy holds them, except names that are array
 * indices ("0", "17"), which every object lists first in numeric order, and `__proto__`, which an
 * assignment would not create: such names, like class instances, functions, undefined or sparse
 * array slots, non-finite numbers and bigints, leave the value to the general path.
 */
function canonicalCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) return NOT_PLAIN;
      const itemCopy = canonicalCopy(item);
      if (itemCopy === NOT_PLAIN) return NOT_PLAIN;
      copy[i] = itemCopy;
    }
    return copy;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
  const names = Object.keys(value);
  let sorted = true;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (isSpecialName(name)) return NOT_PLAIN;
    if (i > 0 && names[i - 1] > name) sorted = false;
  }
  // Default sort compares UTF-16 code units, as RFC 8785 (and `canonicalize`) sort member names.
  if (!sorted) names.sort();
  const copy: Record<string, unknown> = {};
  for (const name of names) {
    const member: unknown = (value as Record<string, unknown>)[name];
    // `canonicalize` leaves out members that are undefined, as JSON.stringify does.
    if (member === undefined) continue;
    const memberCopy = canonicalCopy(member);
    if (memberCopy === NOT_PLAIN) return NOT_PLAIN;
    copy[name] = memberCopy;
  }
  return copy;
}

/** Names a sorted copy would not hold in order: array indices (and anything starting with a digit), `__proto__`. */
function isSpecialName(name: string): boolean {
  const code = name.charCodeAt(0);
  return (code >= 48 && code <= 57) || name === '__proto__';
}

function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}
