import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLIENT_TYPES_FILE, clientTypesOf, servedOpenApiDocument } from '../../scripts/served-openapi-document';
import { SCREENING_COMMAND_TYPES, SLICES } from '../../src/domain/commands';
import { codesByStatus, type ProblemStatus } from '../../src/problems';

const ROOT = join(__dirname, '..', '..');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

/** `redocly lint` (the dev dependency, with the repository's redocly.yaml) of a document. */
async function redoclyLint(document: OpenAPIObject): Promise<LintReport> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((failed: { stdout?: string }) => failed);
    return JSON.parse(run.stdout ?? '') as LintReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function operations(document: OpenAPIObject): { path: string; method: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, OperationObject>).map(([method, operation]) => ({ path, method, operation })),
  );
}

/** A `$ref` inside the document, followed. */
function resolve<T>(document: OpenAPIObject, value: unknown): T {
  if (value && typeof value === 'object' && '$ref' in value) {
    return (value.$ref as string)
      .slice(2)
      .split('/')
      .reduce((node: any, key) => node[key], document) as T;
  }
  return value as T;
}

/**
 * EPCIS capture (docs/epcis.md, as the EPCIS 2.0 REST binding has it): an event's `eventID` is its
 * idempotency key, scoped to the poster, so these POSTs take no Idempotency-Key header.
 */
const KEYED_BY_EVENT_ID = ['post /epcis/capture', 'post /epcis/events'];

/** Successes other than 201 for a POST and 200 for a GET: the binding answers a document's capture with its capture job, 202. */
const SUCCESS_STATUS: Record<string, string> = { 'post /epcis/capture': '202' };

describe('the OpenAPI document the ledger serves', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await servedOpenApiDocument();
  }, 60_000);

  it('passes redocly lint with no error; the one accepted warning is /health having no 4xx answer', async () => {
    const report = await redoclyLint(document);
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(report.problems.map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer}`)).toEqual([
      'operation-4xx-response #/paths/~1health/get/responses',
    ]);
  }, 60_000);

  it('makes redocly fail on an error answer that is not problem+json and on an example its schema refuses (the lint can fail)', async () => {
    const broken = JSON.parse(JSON.stringify(document)) as OpenAPIObject;
    const shipLot = broken.paths['/v1/lots/{lotId}/shipments'].post as OperationObject;
    shipLot.responses['404'] = { description: 'not found', content: { 'application/json': { schema: { type: 'object' } } } };
    (broken.components!.schemas!.WriteAnswer as { properties: Record<string, { example?: unknown }> }).properties.position.example = 42;
    const report = await redoclyLint(broken);
    expect(report.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId).sort()).toEqual([
      'no-invalid-schema-examples',
      'rule/errors-are-problem-json',
    ]);
  }, 60_000);

  it('needs a bearer key on every route but /health, and says the key is no JWT', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    const open = operations(document).filter(({ operation }) => operation.security !== undefined);
    expect(open.map(({ path, operation }) => [path, operation.security])).toEqual([['/health', []]]);
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'API key' });
    expect(document.servers?.length).toBeGreaterThan(0);
  });

  it("documents the Idempotency-Key header on every POST, and Idempotent-Replayed on its 201; EPCIS capture instead says each event's eventID is its key", () => {
    const posts = operations(document).filter(({ method }) => method === 'post');
    for (const { path, method, operation } of posts) {
      const name = `${method} ${path}`;
      const headers = ((operation.parameters ?? []) as ParameterObject[]).filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name);
      if (KEYED_BY_EVENT_ID.includes(name)) {
        expect([name, headers]).toEqual([name, expect.not.arrayContaining(['Idempotency-Key'])]);
        expect([name, operation.description]).toEqual([name, expect.stringContaining("each event's `eventID` is its idempotency key")]);
        expect([name, operation.description]).toEqual([name, expect.stringContaining('The Idempotency-Key header of /v1 writes does not apply')]);
        continue;
      }
      expect([name, headers]).toEqual([name, ['Idempotency-Key']]);
      expect(resolve<ResponseObject>(document, operation.responses['201']).headers).toHaveProperty('Idempotent-Replayed');
    }
    // The exception names operations the document has, so it cannot outlive them silently.
    expect(posts.map(({ path, method }) => `${method} ${path}`).filter((name) => KEYED_BY_EVENT_ID.includes(name))).toEqual(KEYED_BY_EVENT_ID);
  });

  it('gives every operation a typed success answer, and problem+json with the codes of its status on every 4xx and 5xx', () => {
    const byStatus = codesByStatus();
    for (const { path, method, operation } of operations(document)) {
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((status) => status.startsWith('2'));
      const name = `${method} ${path}`;
      expect([name, success]).toEqual([name, [SUCCESS_STATUS[name] ?? (method === 'post' ? '201' : '200')]]);
      const content = resolve<ResponseObject>(document, operation.responses[success[0]]).content ?? {};
      for (const media of Object.values(content)) expect(media.schema).toBeDefined();
      expect(statuses.some((status) => Number(status) >= 500)).toBe(true);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const response = resolve<ResponseObject>(document, operation.responses[status]);
        const schema = resolve<{ allOf: { properties?: { code?: { enum: string[] } } }[] }>(document, response.content!['application/problem+json'].schema!);
        expect(schema.allOf[1].properties?.code?.enum).toEqual(byStatus.get(Number(status) as ProblemStatus));
        if (status === '503') expect(response.headers).toHaveProperty('Retry-After');
      }
    }
  });

  it("has a route for every command of the domain but screening's own (x-ledger-command), so a command without one fails here", () => {
    const routed = new Set(operations(document).map(({ operation }) => (operation as { 'x-ledger-command'?: string })['x-ledger-command']));
    const internal: readonly string[] = SCREENING_COMMAND_TYPES;
    expect(Object.keys(SLICES).filter((command) => !routed.has(command) && !internal.includes(command))).toEqual([]);
    expect(internal.filter((command) => routed.has(command))).toEqual([]);
  });

  it('is what src/demo/ledger-api.ts was generated from (run `npm run openapi:client` after changing a route or a field)', async () => {
    expect(readFileSync(CLIENT_TYPES_FILE, 'utf8')).toBe(await clientTypesOf(document));
  });
});
