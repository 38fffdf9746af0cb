import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import Ajv from 'ajv';
import { EVENT_STORE, type EventStore, type StreamWrite } from '../../src/event-store/event-store.port';
import { SCHEMA_VERSION } from '../../src/domain/events';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from '../e2e/ledger-test-app';

/*
 * Swagger UI's "try it out" on the example ledger: every request example of the served document is
 * posted to its route and must get the documented success status, and every answer must match its
 * documented schema. The examples describe one small ledger (AU-SPOD-1 from the Greenbushes mine,
 * refined in Japan into JP-LIOH-1); this file seeds what they take for granted.
 */

type Schema = SchemaObject & { $ref?: string };

const at = <T>(document: OpenAPIObject, ref: string): T =>
  ref
    .slice(2)
    .split('/')
    .reduce((node: any, key) => node[key], document) as T;

const deref = <T>(document: OpenAPIObject, value: unknown): T =>
  value && typeof value === 'object' && '$ref' in value ? at<T>(document, (value as { $ref: string }).$ref) : (value as T);

/** The example Swagger UI builds from a schema: each property's example, else its parts'. */
function exampleOf(document: OpenAPIObject, value: Schema): unknown {
  const schema = deref<Schema>(document, value);
  if (schema.example !== undefined) return schema.example;
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(document, part as Schema)));
  if (schema.enum) return schema.enum[0];
  if (schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, exampleOf(document, property as Schema)]));
  }
  if (schema.type === 'array') return [exampleOf(document, schema.items as Schema)];
  throw new Error(`no example for ${JSON.stringify(schema)}`);
}

/** The request bodies Swagger UI offers for an operation: its named examples, or the one built from the schema. */
function bodyExamples(document: OpenAPIObject, operation: OperationObject): unknown[] {
  const media = deref<{ content: Record<string, { schema: Schema; examples?: Record<string, { value: unknown }> }> }>(document, operation.requestBody)
    .content['application/json'];
  return media.examples ? Object.values(media.examples).map((example) => example.value) : [exampleOf(document, media.schema)];
}

function urlOf(path: string, operation: OperationObject, query: Record<string, string> = {}): string {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    const example = query[name] ?? parameter?.example ?? (parameter?.schema as Schema | undefined)?.example;
    if (example === undefined) throw new Error(`${path}: no example for ${name}`);
    return encodeURIComponent(String(example));
  });
  const search = new URLSearchParams(Object.entries(query).filter(([name]) => !path.includes(`{${name}}`))).toString();
  return search ? `${filled}?${search}` : filled;
}

/**
 * `nullable` beside an `allOf` reference means "that schema, or null" to openapi-typescript (it types
 * `X | null`); Ajv applies `nullable` only beside a `type`, so the same meaning is spelled out for it.
 */
function nullableReferences(schema: Schema): void {
  for (const property of Object.values(schema.properties ?? {}) as Schema[]) {
    if (property.nullable && property.allOf) {
      const { allOf, nullable: _nullable, type: _type, ...rest } = property;
      Object.assign(property, { anyOf: [{ allOf }, { enum: [null] }] });
      delete property.allOf;
      delete property.nullable;
      delete property.type;
      Object.assign(property, rest);
    }
  }
}

/** Validates answers against the document's schemas; an answer may hold no field its schema does not name. */
function answerValidator(document: OpenAPIObject): (schema: Schema, value: unknown) => string[] {
  const components = JSON.parse(JSON.stringify(document.components)) as { schemas: Record<string, Schema> };
  for (const [name, schema] of Object.entries(components.schemas)) {
    nullableReferences(schema);
    // Ajv reads a discriminator from the `kind` each variant declares; it does not take the mapping.
    const nodes = schema.properties?.nodes as Schema | undefined;
    if (nodes?.items && 'discriminator' in nodes.items) delete (nodes.items as Schema).discriminator?.mapping;
    if (schema.properties && schema.additionalProperties === undefined && name !== 'Problem') schema.additionalProperties = false;
  }
  const ajv = new Ajv({ strict: false, validateFormats: false, discriminator: true, allErrors: true });
  ajv.addSchema({ $id: 'openapi', components }, 'openapi');
  return (schema, value) => {
    // The document's references (`#/components/…`, at the top or inside, as in a list's `items`) point into it.
    const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"openapi#/')) as Schema);
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  };
}

describe("the OpenAPI document's examples, on the example ledger", () => {
  let ledger: TestLedger;
  let document: OpenAPIObject;
  let validate: (schema: Schema, value: unknown) => string[];
  /** Tried in this order for each example: the first the ledger does not refuse (401, 403) posts it. */
  const keys: string[] = [ADMIN_TOKEN];
  let lastPosition = '0';
  /** The capture job of the EPCIS document example, and the key that captured it (the only one that may read it). */
  let capture: { captureID: string; key: string } | undefined;

  /**
   * The ledger refused this poster: 401 or 403, or, for an EPCIS document (whose capture is 202
   * with a job even when its events are refused), a job that refused an event as not this party's
   * to post (403; under rollback the events after it are refused as building on it).
   */
  const refusedThePoster = (res: { status: number; body: { success?: boolean; errors?: { status: number }[] } }) =>
    res.status === 401 ||
    res.status === 403 ||
    (res.status === 202 && res.body.success === false && (res.body.errors ?? []).some((error) => error.status === 403));

  const operationsOf = (method: 'get' | 'post') =>
    Object.entries(document.paths).flatMap(([path, item]) => {
      const operation = (item as Record<string, OperationObject>)[method];
      return operation ? [{ path, operation }] : [];
    });

  const post = (url: string, key: string, body: unknown) => ledger.http.post(url).set('Authorization', `Bearer ${key}`).send(body as object);

  beforeAll(async () => {
    ledger = await startTestLedger();
    document = (await ledger.http.get('/docs/openapi.json')).body as OpenAPIObject;
    validate = answerValidator(document);
    const parties: [string, string, string][] = [
      ['au-pilbara-lithium', 'producer', 'AU'],
      ['jp-lithium-refining', 'processor', 'JP'],
      ['cl-salar-lithium', 'producer', 'CL'],
      ['gb-assurance', 'auditor', 'GB'],
      ['us-oversight', 'regulator', 'US'],
    ];
    const keyOf: Record<string, string> = {};
    for (const [id, role, country] of parties) {
      const res = await post('/v1/parties', ADMIN_TOKEN, { id, name: `${id} Ltd`, country, roles: [role] });
      expect(res.status).toBe(201);
      keyOf[id] = res.body.apiKey;
      keys.push(res.body.apiKey);
    }
    const seeds: [string, string, unknown][] = [
      ['/v1/facilities', 'jp-lithium-refining', { id: 'jp-kashima-refinery', name: 'Kashima lithium hydroxide refinery', kind: 'refinery', country: 'JP' }],
      ['/v1/facilities', 'cl-salar-lithium', { id: 'cl-salar-brine', name: 'Salar brine operation', kind: 'mine', country: 'CL' }],
      [
        '/v1/lots',
        'cl-salar-lithium',
        {
          lotId: 'CL-BRINE-7',
          form: 'brine',
          grossMassKg: '200000',
          composition: { lithium: '12000' },
          occurredAt: '2026-02-01T00:00:00Z',
          origin: { type: 'extraction', facilityId: 'cl-salar-brine' },
        },
      ],
    ];
    for (const [url, party, body] of seeds) expect((await post(url, keyOf[party], body)).status).toBe(201);
    // Event ids are the ledger's own, so the event each correction example names is stored with its id,
    // as an auditor's second event on a seeded stream.
    const correctedBy = (path: string) => (bodyExamples(document, document.paths[path].post as OperationObject)[0] as { eventId: string }).eventId;
    const secondEvent = (streamId: string, eventId: string, type: string, data: Record<string, unknown>): StreamWrite => ({
      streamId,
      expectedRevision: 0,
      events: [{ eventId, type, data, metadata: { occurredAt: '2026-02-15T00:00:00Z', actorPartyId: 'gb-assurance', schemaVersion: SCHEMA_VERSION } }],
    });
    await ledger.app.get<EventStore>(EVENT_STORE).append([
      secondEvent('lot-CL-BRINE-7', correctedBy('/v1/lots/{lotId}/corrections'), 'FlagRaised', {
        flagId: 'FLAG-2026-001',
        subject: { kind: 'lot', lotId: 'CL-BRINE-7' },
        category: 'other',
        severity: 'low',
        description: 'raised on the wrong lot',
        automatic: false,
      }),
      secondEvent('facility-jp-kashima-refinery', correctedBy('/v1/facilities/{facilityId}/corrections'), 'CertificationRecorded', {
        certificationId: 'ISO-14001-2026',
        subject: { kind: 'facility', facilityId: 'jp-kashima-refinery' },
        scheme: 'ISO 14001',
        issuer: 'Example Certification Body',
        validFrom: '2026-01-01T00:00:00Z',
        validTo: '2029-01-01T00:00:00Z',
      }),
    ]);
  }, 60_000);
  afterAll(() => ledger.destroy());

  it('accepts every request example, in the order of the document, with the documented success status and answer', async () => {
    const refused: string[] = [];
    for (const { path, operation } of operationsOf('post')) {
      const [status, success] = Object.entries(operation.responses).find(([code]) => code.startsWith('2')) as [string, ResponseObject];
      // A POST without a body (issuing an API key) is tried once, with none.
      for (const body of operation.requestBody ? bodyExamples(document, operation) : [undefined]) {
        let key = keys[0];
        let res = await post(urlOf(path, operation), key, body);
        for (const next of keys.slice(1)) {
          if (!refusedThePoster(res)) break;
          key = next;
          res = await post(urlOf(path, operation), key, body);
        }
        if (res.status !== Number(status) || res.body.success === false) {
          refused.push(`${operation.operationId} ${res.status} ${res.body.code ?? ''}: ${res.body.detail ?? JSON.stringify(res.body.errors)}`);
          continue;
        }
        expect([operation.operationId, validate(success.content!['application/json'].schema as Schema, res.body)]).toEqual([operation.operationId, []]);
        if (typeof res.body.position === 'string') lastPosition = res.body.position;
        if (typeof res.body.captureID === 'string') capture = { captureID: res.body.captureID, key };
      }
    }
    expect(refused).toEqual([]);
    expect(capture).toBeDefined();
  });

  it('answers every read of the example ledger with 200 and the documented schema', async () => {
    const auditor = keys[4];
    const treeSize = (await ledger.http.get(`/v1/ledger/checkpoint?minPosition=${lastPosition}`).set('Authorization', `Bearer ${auditor}`)).text.split('\n')[1];
    // Query parameters a read needs to answer 200; `minPosition` lets the read models catch up with the writes.
    const queries: Record<string, Record<string, string>> = {
      readInclusionProof: { leafIndex: '0' },
      readConsistencyProof: { from: '1' },
      readCheckpointAt: { treeSize },
      readRecycledContent: { year: '2026' },
      readEmrt: { partyId: 'jp-lithium-refining', from: '2026-01-01', to: '2026-12-31' },
      readLotExposure: { list: 'uflpa-entity-list' },
      readHolderExposure: { list: 'uflpa-entity-list', holder: 'jp-lithium-refining' },
    };
    // A capture job is read by the party that captured it.
    const captured = capture as { captureID: string; key: string };
    queries.readCaptureJob = { captureID: captured.captureID };
    const readers: Record<string, string> = { listCaptureJobs: captured.key, readCaptureJob: captured.key };
    for (const { path, operation } of operationsOf('get')) {
      const waits = ((operation.parameters ?? []) as ParameterObject[]).some((parameter) => parameter.name === 'minPosition');
      const query = { ...(waits ? { minPosition: lastPosition } : {}), ...queries[operation.operationId!] };
      const reader = readers[operation.operationId!] ?? auditor;
      const res = await ledger.http.get(urlOf(path, operation, query)).set('Authorization', `Bearer ${reader}`).buffer(true);
      expect([operation.operationId, res.status]).toEqual([operation.operationId, 200]);
      const content = (operation.responses['200'] as ResponseObject).content!;
      const mediaType = Object.keys(content).find((type) => res.headers['content-type'].startsWith(type));
      expect([operation.operationId, mediaType]).toEqual([operation.operationId, expect.any(String)]);
      if (mediaType === 'application/json') {
        expect([operation.operationId, validate(content[mediaType].schema as Schema, res.body)]).toEqual([operation.operationId, []]);
      }
      if (mediaType === 'application/x-ndjson') {
        const envelope = { $ref: '#/components/schemas/EventEnvelopeAnswer' };
        const lines = res.text.split('\n').filter((line) => line.length > 0);
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.flatMap((line) => validate(envelope, JSON.parse(line)))).toEqual([]);
      }
    }
  });

  it('answers problems as the document says: problem+json of the status, with a code of that status', async () => {
    const cases: [string, string | undefined, number][] = [
      ['/v1/lots/NO-SUCH-LOT', keys[4], 404],
      ['/v1/lots/AU-SPOD-1', undefined, 401],
      ['/v1/ledger/events', keys[1], 403],
      ['/v1/lots/JP-LIOH-1/provenance?format=png', keys[4], 400],
      ['/epcis/events?EQ_shoeSize=42', keys[4], 400],
      ['/epcis/events/urn%3Auuid%3A00000000-0000-4000-8000-000000000000', keys[4], 404],
    ];
    for (const [url, key, status] of cases) {
      const request = ledger.http.get(url);
      const res = await (key ? request.set('Authorization', `Bearer ${key}`) : request);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(validate({ $ref: `#/components/schemas/Problem${status}` }, res.body)).toEqual([]);
    }
  });
});
