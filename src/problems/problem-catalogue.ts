/**
 * Every problem code the ledger answers with, once: its HTTP status, a title (the same for every
 * occurrence of the code, as RFC 9457 asks of `title`) and one sentence saying what the client
 * should do. Codes are published in problem `type` URIs and never renamed.
 *
 * This module imports nothing, so the domain, the stores and the HTTP edge can all draw their codes
 * from it; a code missing here is a compile error wherever it is given.
 */

export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 500 | 503;

export interface ProblemEntry {
  readonly status: ProblemStatus;
  /**
   * A second status for the same code, kept because the code was published answering both.
   * Only `invalid-mass` has one: see its entry.
   */
  readonly alsoStatus?: ProblemStatus;
  readonly title: string;
  /** One sentence: what the client should do about it. */
  readonly help: string;
}

export const PROBLEMS = {
  // ---- 400: the request is malformed ----
  'invalid-request': {
    status: 400,
    title: 'Invalid request body',
    help: 'Correct the fields listed in `errors` and send the request again.',
  },
  'malformed-json': {
    status: 400,
    title: 'Malformed JSON',
    help: 'Send a body that parses as JSON.',
  },
  'unreadable-body': {
    status: 400,
    title: 'Unreadable request body',
    help: 'Send the request again with a complete body whose length matches its Content-Length.',
  },
  'invalid-path-id': {
    status: 400,
    title: 'Invalid id in the path',
    help: 'Use an id of 1-128 letters, digits or `. _ : -` that starts with a letter or digit.',
  },
  'invalid-query': {
    status: 400,
    title: 'Invalid query parameter',
    help: 'Correct the query parameter named in `errors`.',
  },
  'invalid-idempotency-key': {
    status: 400,
    title: 'Invalid Idempotency-Key',
    help: 'Send an Idempotency-Key of 1-255 printable ASCII characters without spaces, such as a UUID.',
  },
  'invalid-command': {
    status: 400,
    title: 'Invalid command',
    help: 'Correct the fields listed in `errors` and send the request again.',
  },
  'invalid-timestamp': {
    status: 400,
    title: 'Invalid timestamp',
    help: 'Give an RFC 3339 date-time with a time zone, such as `2024-05-01T08:30:00Z`.',
  },
  'invalid-mineral-name': {
    status: 400,
    title: 'Invalid mineral name',
    help: 'Name minerals in lowercase letters and hyphens, such as `lithium`.',
  },
  'epcis-schema-violation': {
    status: 400,
    title: 'Not a valid EPCIS 2.0 document',
    help: 'Correct the field at the JSON pointer in `errors` so the document validates against the EPCIS 2.0 JSON Schema; nothing was stored and no capture job was created.',
  },
  'invalid-as-of': {
    status: 400,
    title: 'Invalid asOf',
    help: 'Give `asOf` as a global position (digits) or an RFC 3339 time.',
  },
  'unknown-query-parameter': {
    status: 400,
    title: 'Unknown query parameter',
    help: 'Remove the parameter named in `errors`: the ledger answers only the query parameters it documents and never ignores one silently.',
  },

  // ---- 401: who is asking is unknown ----
  unauthenticated: {
    status: 401,
    title: 'Not authenticated',
    help: 'Send `Authorization: Bearer <api key>` with a key the ledger issued to your party.',
  },

  // ---- 403: the actor lacks the authority ----
  'missing-role': {
    status: 403,
    title: 'Role missing',
    help: "Use the key of a party that holds one of the roles the detail names (an administrator grants roles at the party's registration).",
  },
  'not-custodian': {
    status: 403,
    title: 'Not the custodian',
    help: "Only the lot's current custodian may do this: ask the custodian, or use the custodian's key.",
  },
  'not-consignee': {
    status: 403,
    title: 'Not the consignee',
    help: 'Receive the lot with the key of the party the shipment was sent to.',
  },
  'not-facility-operator': {
    status: 403,
    title: 'Not the facility operator',
    help: 'Name a facility that your party operates.',
  },
  'not-event-author': {
    status: 403,
    title: 'Not the author of the event',
    help: 'Ask the party that recorded the event, an auditor or a regulator to declare it erroneous.',
  },
  'not-an-auditor': {
    status: 403,
    title: 'Auditors and regulators only',
    help: 'Read the global log, checkpoints and proofs with the key of an auditor or a regulator.',
  },
  'not-a-reader': {
    status: 403,
    title: 'Not a reader of this lot',
    help: "Read only lots your party holds or held, or use an auditor's or a regulator's key.",
  },
  'screening-only': {
    status: 403,
    title: 'Screening only',
    help: "Leave screening flags to the ledger's own screening: raise a flag by hand with POST …/flags instead.",
  },

  // ---- 404: the thing the request is about does not exist ----
  'explorer-not-built': {
    status: 404,
    title: 'Explorer not built',
    help: 'Run `npm run build` (it bundles the explorer into dist/explorer/); `npm start` does it when a source changed.',
  },
  'lot-not-found': {
    status: 404,
    title: 'Lot not found',
    help: 'Check the lot id; with `asOf`, the lot may not have existed yet at that point.',
  },
  'facility-not-found': {
    status: 404,
    title: 'Facility not found',
    help: 'Check the facility id; with `asOf`, the facility may not have been registered yet at that point.',
  },
  'party-not-found': {
    status: 404,
    title: 'Party not found',
    help: 'Check the party id, or register the party first.',
  },
  'watchlist-not-found': {
    status: 404,
    title: 'Watch list not found',
    help: 'Check the list id (GET /v1/watchlists lists them), or create the list first with POST /v1/watchlists.',
  },
  'unknown-flag': {
    status: 404,
    title: 'Flag not found',
    help: 'Give the `flagId` of a flag that was raised on this lot or facility.',
  },
  'unknown-event': {
    status: 404,
    title: 'Event not found',
    help: 'Give the `eventId` of an event recorded on this lot or facility.',
  },
  'capture-job-not-found': {
    status: 404,
    title: 'Capture job not found',
    help: 'Give the captureID of a capture job your party posted (GET /epcis/capture lists them).',
  },
  'checkpoint-not-found': {
    status: 404,
    title: 'Checkpoint not found',
    help: 'Ask for a tree size at which a checkpoint was signed, or GET /v1/ledger/checkpoint for the latest.',
  },
  'epcis-event-not-found': {
    status: 404,
    title: 'EPCIS event not found',
    help: 'Check the eventID, percent-encoded in the path; for an event you just wrote, pass `minPosition` to wait for it.',
  },
  'event-not-in-log': {
    status: 404,
    title: 'Event not in the Merkle log',
    help: 'Check the `eventId`; for an event you just wrote, pass `minPosition` to wait for it.',
  },
  'not-found': {
    status: 404,
    title: 'No such resource',
    help: 'Check the method and path against the OpenAPI document served at /docs.',
  },

  // ---- 405 ----
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    help: 'Use a method the OpenAPI document served at /docs lists for this path.',
  },

  // ---- 409: the request clashes with the current state ----
  'lot-already-exists': {
    status: 409,
    title: 'Lot already exists',
    help: 'Choose a new `lotId`; to retry a write safely, resend it with the same Idempotency-Key.',
  },
  'party-already-exists': {
    status: 409,
    title: 'Party already exists',
    help: 'Choose a new party `id`; the registered party stands as it is.',
  },
  'facility-already-exists': {
    status: 409,
    title: 'Facility already exists',
    help: 'Choose a new facility `id`; the registered facility stands as it is.',
  },
  'annex-amendment-already-exists': {
    status: 409,
    title: 'Annex amendment already exists',
    help: 'Choose a new `amendmentId`; the recorded amendment stands as it is.',
  },
  'watchlist-already-exists': {
    status: 409,
    title: 'Watch list already exists',
    help: 'Choose a new `listId`, or amend the existing list with POST /v1/watchlists/{listId}/amendments.',
  },
  'watchlist-amendment-already-exists': {
    status: 409,
    title: 'Watch-list amendment already exists',
    help: 'Choose a new `amendmentId`; to retry a write safely, resend it with the same Idempotency-Key.',
  },
  'watchlist-amendment-already-screened': {
    status: 409,
    title: 'Watch-list amendment already screened',
    help: 'Nothing to do: the screening of this amendment is recorded once.',
  },
  'lot-not-available': {
    status: 409,
    title: 'Lot not available',
    help: 'Act only on an active lot: receive a lot in transit first; a consumed or retired lot takes no further custody events.',
  },
  'shipment-already-exists': {
    status: 409,
    title: 'Shipment already exists',
    help: 'Choose a new `shipmentId` for a new shipment of this lot.',
  },
  'shipment-already-received': {
    status: 409,
    title: 'Shipment already received',
    help: 'Nothing to do: read the lot to see its receipt.',
  },
  'unknown-shipment': {
    status: 409,
    title: 'No such shipment awaiting receipt',
    help: "Give the `shipmentId` of the lot's pending shipment.",
  },
  'flag-already-exists': {
    status: 409,
    title: 'Flag already exists',
    help: 'Choose a new `flagId`; the raised flag stands as it is.',
  },
  'flag-already-resolved': {
    status: 409,
    title: 'Flag already resolved',
    help: 'Nothing to do: the flag was resolved before.',
  },
  'certification-already-exists': {
    status: 409,
    title: 'Certification already recorded',
    help: 'Choose a new `certificationId`; the recorded certification stands as it is.',
  },
  'event-already-corrected': {
    status: 409,
    title: 'Event already corrected',
    help: 'Nothing to do: the event was already declared erroneous.',
  },
  'concurrent-modification': {
    status: 409,
    title: 'Concurrent modification',
    help: 'Read the current state again and send the command again if it still applies.',
  },
  'idempotency-keys-stored': {
    status: 409,
    title: 'Already stored under these keys',
    help: 'Send the request again: the parts already stored are recognised and only the rest is written.',
  },
  'epcis-event-id-reused': {
    status: 409,
    title: 'EPCIS eventID already captured with other content',
    help: 'Give a new event a new eventID; resend a captured event only unchanged (it is then answered as already captured).',
  },
  'streams-differ-only-in-case': {
    status: 422,
    title: 'Lot ids differ only in case',
    help: 'Use lot ids that differ in more than letter case: the event store compares stream names without case within one atomic write.',
  },
  'duplicate-event': {
    status: 409,
    title: 'Event id already stored',
    help: 'Send the request again: the ledger gives every new write fresh event ids.',
  },

  // ---- 413, 415: the body cannot be taken ----
  'append-too-large': {
    status: 413,
    title: 'Write too large for the event store',
    help: 'Split the work into smaller writes: the event store refuses an atomic append of this size.',
  },
  'body-too-large': {
    status: 413,
    title: 'Request body too large',
    help: 'Split the work into several requests of at most 1 MiB each.',
  },
  'capture-too-large': {
    status: 413,
    title: 'Capture document too large',
    help: 'Split the document so each has at most the events in GS1-EPCIS-Capture-Limit and the bytes in GS1-EPCIS-Capture-File-Size-Limit.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    help: 'Send the body with `Content-Type: application/json`.',
  },
  'unsupported-encoding': {
    status: 415,
    title: 'Unsupported encoding',
    help: 'Send the body as UTF-8 JSON, uncompressed or with a gzip or deflate Content-Encoding.',
  },

  // ---- 422: valid JSON that breaks a rule of the ledger ----
  'unknown-lot': {
    status: 422,
    title: 'Unknown lot',
    help: 'Name a lot that exists in the ledger in the field listed in `errors`.',
  },
  'unknown-facility': {
    status: 422,
    title: 'Unknown facility',
    help: 'Name a registered facility in the field listed in `errors`, or register it first.',
  },
  'unknown-party': {
    status: 422,
    title: 'Unknown party',
    help: 'Name a registered party in the field listed in `errors`, or register it first.',
  },
  'mineral-not-on-annex': {
    status: 422,
    title: 'Mineral not on the Annex',
    help: 'Record only minerals on the Annex in force at `occurredAt` (GET /v1/annex lists it).',
  },
  'empty-composition': {
    status: 422,
    title: 'Empty composition',
    help: 'Give an origin lot at least one critical mineral in `composition`.',
  },
  'contained-exceeds-gross': {
    status: 422,
    title: 'Contained minerals exceed the gross mass',
    help: "Lower the minerals' masses or raise the gross mass so the minerals fit inside it.",
  },
  'mass-balance-violated': {
    status: 422,
    title: 'Mass balance violated',
    help: 'Make the inputs give up at least the mass of each mineral the outputs contain.',
  },
  'consumes-more-than-remaining': {
    status: 422,
    title: 'More consumed than remains',
    help: 'Consume at most the mass the input lot has left; read the lot to see it.',
  },
  'wrong-facility-kind': {
    status: 422,
    title: 'Wrong kind of facility',
    help: 'Name a facility of one of the kinds the detail lists.',
  },
  'input-not-at-facility': {
    status: 422,
    title: 'Input not at the facility',
    help: 'Receive the input lot at the transforming facility first.',
  },
  'cannot-ship-to-self': {
    status: 422,
    title: 'Cannot ship to self',
    help: 'Ship to another party; moves between your own facilities need no shipment.',
  },
  'consignee-not-operator': {
    status: 422,
    title: 'Consignee is not an operator',
    help: 'Ship to a party that holds an operator role (producer, processor, recycler, trader or manufacturer).',
  },
  'facility-not-operated-by-consignee': {
    status: 422,
    title: 'Facility not operated by the consignee',
    help: 'Name as `toFacilityId` a facility the consignee operates.',
  },
  'destination-country-mismatch': {
    status: 422,
    title: 'Destination country mismatch',
    help: "Give as `destinationCountry` the country of the consignee's facility.",
  },
  'occurred-in-future': {
    status: 422,
    title: 'Occurred in the future',
    help: "Give an `occurredAt` no later than the server's clock (the detail shows it).",
  },
  'occurred-before-lot-history': {
    status: 422,
    title: "Occurred before the lot's last event",
    help: "Give an `occurredAt` no earlier than the lot's last recorded event.",
  },
  'annex-removal-backdated': {
    status: 422,
    title: 'Annex removal backdated',
    help: 'Let a removal from the Annex take effect now or later, never in the past.',
  },
  'annex-amendment-without-effect': {
    status: 422,
    title: 'Annex amendment without effect',
    help: 'Add only minerals not on the Annex at that date, and remove only minerals on it.',
  },
  'watchlist-amendment-before-list': {
    status: 422,
    title: 'Amendment before the list existed',
    help: "Give an `effectiveFrom` no earlier than the list's own `effectiveFrom` (GET /v1/watchlists/{listId} shows it).",
  },
  'watchlist-entry-unidentifiable': {
    status: 422,
    title: 'Watch-list entry names nothing',
    help: 'Give each added entry a `name`, at least one identifier, or both.',
  },
  'unknown-watchlist-entry': {
    status: 422,
    title: 'Watch-list entry not listed',
    help: 'Remove only entries in force at the amendment\'s `effectiveFrom` (GET /v1/watchlists/{listId}?asOf= shows them).',
  },
  'watchlist-entry-already-listed': {
    status: 422,
    title: 'Watch-list entry already listed',
    help: 'Add only entries not in force at that date; to change an entry, remove it and add it again in a later amendment.',
  },
  'invalid-certification-period': {
    status: 422,
    title: 'Invalid certification period',
    help: 'Give a `validTo` later than `validFrom`.',
  },
  'correction-of-correction': {
    status: 422,
    title: 'Correction of a correction',
    help: 'Declare the original event erroneous instead; a correction cannot itself be corrected.',
  },
  'invalid-mass': {
    // A mass that is not a decimal string at all is malformed (400); a well-formed one that breaks
    // the mass rule (unit, sign, precision, size) is 422, as the brief asks for "wrong unit". One
    // code for both was published before the catalogue existed.
    status: 422,
    alsoStatus: 400,
    title: 'Invalid mass',
    help: 'Give masses as decimal strings of kilograms with at most 3 decimals and no unit, such as "13950.5".',
  },
  'epcis-unsupported-event': {
    status: 422,
    title: 'EPCIS event type not recorded by the ledger',
    help: 'Send custody events as ObjectEvents and TransformationEvents (docs/epcis.md lists the mapping); packing into containers (AggregationEvent), associations and business transactions are not custody of a lot.',
  },
  'epcis-unmapped-event': {
    status: 422,
    title: 'EPCIS event matches no custody event',
    help: 'Use an action and bizStep of the mapping in docs/epcis.md: ADD/commissioning (origin), OBSERVE/shipping, OBSERVE/receiving, DELETE/decommissioning, destroying or cml:lost (retirement), or a TransformationEvent.',
  },
  'epcis-invalid-field': {
    status: 422,
    title: 'EPCIS field unusable for the ledger',
    help: 'Correct the field named in `errors` as the detail says (docs/epcis.md shows every field the mapping reads).',
  },
  'epcis-unit-not-mass': {
    status: 422,
    title: 'Quantity not in a mass unit',
    help: 'Give the quantity with uom KGM (kilograms), TNE (tonnes) or GRM (grams).',
  },
  'epcis-fraction-of-gram': {
    status: 422,
    title: 'Quantity is not a whole number of grams',
    help: 'Give masses to the gram at most: 3 decimals in KGM, 6 in TNE, none in GRM.',
  },
  'epcis-ambiguous-gln': {
    status: 422,
    title: 'GLN names several facilities or parties',
    help: 'Name the facility as urn:cml:facility:<id> (or the party as urn:cml:party:<id>) instead of its GLN.',
  },
  'partial-shipment': {
    status: 422,
    title: 'Shipment of part of a lot',
    help: 'Ship the whole lot (its current gross mass); to ship part of it, split it first with a TransformationEvent.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency-Key reused',
    help: 'Use a new Idempotency-Key for a new request; reuse a key only to retry the very same request.',
  },
  'leaf-beyond-tree': {
    status: 422,
    title: 'Leaf beyond the tree',
    help: 'Ask for the proof in a tree of more leaves than the leaf index.',
  },
  'tree-size-beyond-log': {
    status: 422,
    title: 'Tree size beyond the log',
    help: 'Ask with the tree size of a checkpoint you hold, or pass `minPosition` to wait for recent writes.',
  },

  // ---- 500: a fault of the ledger; the operator must look ----
  'internal-error': {
    status: 500,
    title: 'Internal error',
    help: 'Retry later with the same Idempotency-Key (a failed write stored nothing), and tell the operator if it persists.',
  },
  'checkpoint-conflict': {
    status: 500,
    title: 'Checkpoint conflict',
    help: 'Tell the operator: the Merkle log no longer reproduces a checkpoint it signed, and no new checkpoint is signed until they investigate.',
  },
  'tree-size-out-of-range': {
    status: 500,
    title: 'Proof range outside the log',
    help: 'Tell the operator: the ledger asked its Merkle log for a range it does not hold.',
  },
  'merkle-log-order': {
    status: 500,
    title: 'Merkle log out of order',
    help: 'Tell the operator: the Merkle log was offered events out of the order of the global log.',
  },
  'checkpoint-format': {
    status: 500,
    title: 'Malformed checkpoint',
    help: 'Tell the operator: a checkpoint does not follow the C2SP signed-note and checkpoint formats.',
  },
  'checkpoint-signature': {
    status: 500,
    title: 'Checkpoint signature invalid',
    help: "Tell the operator: a checkpoint's signature does not verify with the ledger's key.",
  },
  'signing-key': {
    status: 500,
    title: 'Signing key unusable',
    help: 'Tell the operator: the checkpoint signing key cannot be read or is not an Ed25519 key.',
  },

  // ---- 503: transient; the answer carries Retry-After ----
  'store-unavailable': {
    status: 503,
    title: 'Event store unavailable',
    help: 'Retry after the seconds in Retry-After, with the same Idempotency-Key for a write.',
  },
  'projections-behind': {
    status: 503,
    title: 'Read models behind',
    help: 'Retry after the seconds in Retry-After: the provenance read models are catching up with `minPosition`.',
  },
  'position-not-yet-projected': {
    status: 503,
    title: 'Position not yet projected',
    help: 'Retry after the seconds in Retry-After, or ask `asOf` an earlier position.',
  },
  'not-yet-logged': {
    status: 503,
    title: 'Not yet in the Merkle log',
    help: 'Retry after the seconds in Retry-After: the Merkle log is catching up with `minPosition`.',
  },
} as const satisfies Record<string, ProblemEntry>;

export type ProblemCode = keyof typeof PROBLEMS;

type Catalogue = typeof PROBLEMS;

/** The statuses a code may answer with: its own, and its `alsoStatus` when it has one. */
export type StatusOf<C extends ProblemCode> = Catalogue[C] extends { readonly alsoStatus: infer Also }
  ? Catalogue[C]['status'] | Also
  : Catalogue[C]['status'];
