import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ProblemStatus } from '../../problems';
import { problemSchemaName, problemSchemas } from './problem-schemas';

const DESCRIPTION = [
  'Chain of custody for critical minerals (cobalt, graphite, lithium, manganese, nickel and whatever the Annex adds): operators post custody events, auditors ask provenance, regulators replay and verify the history.',
  '',
  '- **Masses** are decimal strings of kilograms with at most 3 decimals (`"13950.5"`); **times** are RFC 3339.',
  '- **Writes** answer `201 {eventIds, position}`. Send an `Idempotency-Key` to retry safely: the same key and body answer the first response again (with `Idempotent-Replayed: true`) and store nothing new.',
  '- **Reads** of provenance and proofs accept `minPosition` (the `position` of your write) and wait, bounded, until the read models reach it.',
  '- **Errors** are `application/problem+json` (RFC 9457) with a stable `code`; 503 answers carry `Retry-After`.',
  "- **EPCIS 2.0** (the REST binding's capture and query, under `/epcis`) speaks GS1's documents instead: a document's capture answers `202` with its capture job, and an event's `eventID` is its idempotency key, so the Idempotency-Key header does not apply there.",
  '',
  'The request examples describe one small ledger: Pilbara spodumene concentrate (`AU-SPOD-1`) from the Greenbushes mine, shipped to and refined by a Japanese refinery into lithium hydroxide (`JP-LIOH-1`).',
].join('\n');

const TAGS: [string, string][] = [
  ['parties', 'organisations and their roles; the admin registers them'],
  ['facilities', 'sites operated by parties'],
  ['annex', 'the list of critical minerals, amended by the Parties from a date'],
  ['lots', 'origins, custody hops, transformations and retirements of lots, and their current state'],
  ['certifications and flags', 'certificates, risk flags and corrections on lots, facilities and parties (auditors, regulators)'],
  ['search', 'find lots, parties and facilities: pages of the search indexes, as of any past moment'],
  ['provenance', 'where a lot came from and what became of it, now or as of any past moment'],
  [
    'watch lists',
    'Art. 5.8: watch lists authorities publish, as dated data; screening of parties and facilities against them; the exposure of lots to a list at event time, by the current list or by the list of a date (docs/screening.md)',
  ],
  ['reports', 'what auditors and regulators hand on, derived from the ledger: passports (under provenance), tracing dossiers, EMRT lists'],
  ['ledger', 'the global log and its verification: signed checkpoints and Merkle proofs (auditors, regulators)'],
  [
    'EPCIS capture',
    'GS1 EPCIS 2.0 capture (docs/epcis.md): documents and events checked against the official EPCIS 2.0 JSON Schema, then through the same rules as /v1. Every /epcis answer, problems included, carries GS1-EPCIS-Version and GS1-CBV-Version; capture answers carry GS1-EPCIS-Capture-Limit and GS1-EPCIS-Capture-File-Size-Limit.',
  ],
  ['EPCIS query', 'GS1 EPCIS 2.0 queries over every custody event of the log, whatever API posted it, under the reader rules of /v1 (docs/epcis-query.md)'],
  ['health', 'liveness'],
];

/**
 * The OpenAPI document the ledger serves at /docs/openapi.json: built from the route and field
 * decorators, with the problem schemas of the statuses the routes answer.
 */
export function ledgerDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Critical-minerals custody ledger')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'the ledger serving this document')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        // Opaque tokens, not JWTs: a party's API key (`cml_` and 43 base64url characters) or the admin token.
        bearerFormat: 'API key',
        description: "a party's API key, issued once by POST /v1/parties, or the admin token",
      },
      'bearer',
    )
    .addSecurityRequirements('bearer');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: (_controller, method) => method });
  const problems = shareProblemResponses(document);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...problemSchemas(Object.keys(problems).map(Number) as ProblemStatus[]) },
    responses: Object.fromEntries(Object.entries(problems).map(([status, response]) => [problemSchemaName(Number(status) as ProblemStatus), response])),
  };
  return document;
}

/**
 * The problem answers are the same for every operation (`ProblemResponses` builds them per status
 * alone), so each is kept once in `components.responses` and referenced: a smaller document, and
 * one named type per status in a generated client.
 */
function shareProblemResponses(document: OpenAPIObject): Record<number, ResponseObject> {
  const shared: Record<number, ResponseObject> = {};
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as OperationObject[]) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (Number(status) < 400) continue;
        shared[Number(status)] ??= response as ResponseObject;
        operation.responses[status] = { $ref: `#/components/responses/${problemSchemaName(Number(status) as ProblemStatus)}` };
      }
    }
  }
  return Object.fromEntries(Object.entries(shared).sort(([a], [b]) => Number(a) - Number(b)));
}
