import { createHash } from 'node:crypto';

/**
 * The id of an EPCIS event posted without an `eventID`, after the CBV 2.0 event hash
 * (`ni:///sha-256;<hex>?ver=CBV2.0`): the event's fields in the canonical order, times in UTC
 * with milliseconds, CBV words expanded to their `https://ref.gs1.org/cbv/` URIs, lists sorted,
 * extension fields sorted by name; `eventID`, `recordTime`, `errorDeclaration` and `@context`
 * left out. Identifiers are hashed as given (EPC URNs are not rewritten as Digital Links), so the
 * id is stable for every resend to this ledger but may differ from another system's hash of an
 * event that names objects by EPC URN.
 */

const CANONICAL_ORDER = [
  'type',
  'eventTime',
  'eventTimeZoneOffset',
  'certificationInfo',
  'parentID',
  'epcList',
  'inputEPCList',
  'childEPCs',
  'quantityList',
  'childQuantityList',
  'inputQuantityList',
  'outputEPCList',
  'outputQuantityList',
  'action',
  'transformationID',
  'bizStep',
  'disposition',
  'persistentDisposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
  'ilmd',
] as const;

const LEFT_OUT = new Set(['eventID', 'recordTime', 'errorDeclaration', '@context']);

/** CBV vocabularies whose bare words expand to `https://ref.gs1.org/cbv/<Vocabulary>-<word>`. */
const CBV_VOCABULARY: Readonly<Record<string, string>> = {
  bizStep: 'BizStep',
  disposition: 'Disp',
  set: 'Disp',
  unset: 'Disp',
  type: 'BTT',
};

export function eventHashId(event: Record<string, unknown>): string {
  const lines: string[] = [];
  const standard = new Set<string>(CANONICAL_ORDER);
  for (const name of CANONICAL_ORDER) {
    if (event[name] !== undefined) lines.push(...field(name, event[name], name === 'type' ? null : name));
  }
  const extensions = Object.keys(event)
    .filter((name) => !standard.has(name) && !LEFT_OUT.has(name))
    .sort();
  for (const name of extensions) lines.push(...field(name, event[name], null));
  const digest = createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
  return `ni:///sha-256;${digest}?ver=CBV2.0`;
}

function field(name: string, value: unknown, vocabularyOf: string | null): string[] {
  if (Array.isArray(value)) {
    return value.map((item) => field(name, item, vocabularyOf).join('\n')).sort();
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const inner = Object.keys(object)
      .sort()
      .flatMap((key) => field(key, object[key], key));
    return [name, ...inner];
  }
  return [`${name}=${scalar(name, value, vocabularyOf)}`];
}

function scalar(name: string, value: unknown, vocabularyOf: string | null): string {
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
    const vocabulary = vocabularyOf ? CBV_VOCABULARY[vocabularyOf] : undefined;
    if (vocabulary && /^[a-z_]+$/.test(value)) return `https://ref.gs1.org/cbv/${vocabulary}-${value}`;
    return value;
  }
  return name === 'quantity' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
