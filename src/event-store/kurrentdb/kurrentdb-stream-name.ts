/**
 * Ledger stream ids become KurrentDB stream names in one plain alphabet: letters, digits, `.` and
 * `-` as they are; every other character (ledger ids may hold `:`, and the port promises nothing
 * narrower), and `_` itself, as `_` plus two upper-case hex digits per UTF-8 byte. The server
 * would take most names as they are (KurrentDB 25.1 refuses only an empty name and `$$`); the
 * mapping is kept because names already written use it, and because it leaves a `_` not followed
 * by two hex digits free to mark the store's own bookkeeping streams. It is one-to-one, and the
 * common names (`lot-AU-SPOD-1`) stay readable as is.
 */
const PLAIN = /^[A-Za-z0-9.-]$/;

export function toKurrentStreamName(streamId: string): string {
  let name = '';
  for (const character of streamId) {
    if (PLAIN.test(character)) {
      name += character;
      continue;
    }
    for (const byte of Buffer.from(character, 'utf8')) name += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return name;
}

export function fromKurrentStreamName(name: string): string {
  if (!name.includes('_')) return name;
  return name.replace(/(?:_[0-9A-F]{2})+/g, (escaped) =>
    Buffer.from(escaped.split('_').slice(1).map((hex) => parseInt(hex, 16))).toString('utf8'),
  );
}
