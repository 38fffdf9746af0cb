import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultRunTag, idempotencyKeyFor, runDemo } from './run-demo';
import { supplyChain } from './supply-chain';

/**
 * Runs the demo against a real HTTP server that records each request and answers the way the
 * contract says (parties get keys, writes get positions, reads 404). It checks what the demo
 * sends, not the ledger: who signs each write, which ids, which idempotency keys.
 */
interface Received {
  method: string;
  url: string;
  authorization?: string;
  idempotencyKey?: string;
  body: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('runDemo against a recording HTTP server', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  let position: number;

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body: unknown = text ? JSON.parse(text) : undefined;
        received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          idempotencyKey: request.headers['idempotency-key'] as string | undefined,
          body,
        });
        if (request.method !== 'POST') {
          response.writeHead(404, { 'Content-Type': 'application/problem+json' });
          response.end(JSON.stringify({ status: 404, detail: 'no read models in this recorder' }));
          return;
        }
        position++;
        response.writeHead(201, { 'Content-Type': 'application/json' });
        if (request.url === '/v1/parties') {
          const { id } = body as { id: string };
          response.end(JSON.stringify({ id, apiKey: `key-of-${id}` }));
        } else {
          response.end(JSON.stringify({ eventIds: [`event-${position}`], position: String(position) }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received = [];
    position = 0;
  });

  it('registers every party with the admin token, then signs each write with its own party’s key', async () => {
    const lines: string[] = [];
    const result = await runDemo({ url, adminToken: 'admin-secret', tag: 'T1', log: (line) => lines.push(line) });

    const posts = received.filter((request) => request.method === 'POST');
    const { parties, facilities, steps } = supplyChain;
    expect(posts).toHaveLength(parties.length + facilities.length + steps.length);

    posts.slice(0, parties.length).forEach((request, index) => {
      expect(request.url).toBe('/v1/parties');
      expect(request.authorization).toBe('Bearer admin-secret');
      expect(request.body).toMatchObject({ id: `T1-${parties[index].id}`, roles: parties[index].roles });
    });
    posts.slice(parties.length, parties.length + facilities.length).forEach((request, index) => {
      expect(request.url).toBe('/v1/facilities');
      expect(request.authorization).toBe(`Bearer key-of-T1-${facilities[index].operator}`);
      expect(request.body).toMatchObject({ id: `T1-${facilities[index].id}`, kind: facilities[index].kind });
    });
    posts.slice(parties.length + facilities.length).forEach((request, index) => {
      expect(request.authorization).toBe(`Bearer key-of-T1-${steps[index].actor}`);
    });
    for (const request of posts) expect(request.idempotencyKey).toMatch(UUID);
    expect(new Set(posts.map((request) => request.idempotencyKey)).size).toBe(posts.length);

    expect(result.cathodeLotId).toBe('T1-JP-CATH-1');
    expect(result.auditorKey).toBe('key-of-T1-auditor');
    expect(result.regulatorKey).toBe('key-of-T1-regulator');
    expect(result.position).toBe(String(posts.length));
    const stepsOf = (kind: string) => steps.filter((step) => step.kind === kind).length;
    expect(result.counts).toMatchObject({
      parties: parties.length,
      facilities: facilities.length,
      shipments: stepsOf('shipment'),
      receipts: stepsOf('receipt'),
      transformations: stepsOf('transformation'),
      retirements: 1,
      writes: posts.length,
    });
    expect(lines.some((line) => line.includes('could not read'))).toBe(true);
  });

  it('moves every id into the run’s namespace, including those inside bodies and paths', async () => {
    await runDemo({ url, adminToken: 'a', tag: 'T2', log: () => undefined });

    const byUrl = (suffix: string) => received.find((request) => request.url.endsWith(suffix));
    expect(byUrl('/v1/lots/T2-AU-SPOD-1/shipments')?.body).toMatchObject({
      shipmentId: 'T2-SHP-AU-JP-1',
      toPartyId: 'T2-jp-lithium',
      toFacilityId: 'T2-jp-lioh-refinery',
      destinationCountry: 'JP',
    });
    expect(byUrl('/v1/lots/T2-AU-SPOD-1/receipts')?.body).toMatchObject({ shipmentId: 'T2-SHP-AU-JP-1', facilityId: 'T2-jp-lioh-refinery' });
    const refining = received.find(
      (request) => request.url === '/v1/transformations' && (request.body as { transformationId: string }).transformationId === 'T2-TRF-JP-LIOH-1',
    );
    expect(refining?.body).toMatchObject({
      facilityId: 'T2-jp-lioh-refinery',
      inputs: [
        { lotId: 'T2-AU-SPOD-1', massKg: '500000' },
        { lotId: 'T2-CL-BRINE-7', massKg: '200000' },
        { lotId: 'T2-US-BM-3', massKg: '50000' },
      ],
      outputs: [{ lotId: 'T2-JP-LIOH-1', grossMassKg: '150000', composition: { lithium: '26000' } }],
    });
    expect(byUrl('/v1/facilities/T2-id-laterite-mine/flags')?.body).toMatchObject({ flagId: 'T2-FLAG-FL-ID-1', category: 'forced-labor', severity: 'high' });
    expect(byUrl('/v1/lots/T2-US-BM-3/flags/T2-FLAG-DOC-US-1/resolution')?.body).toMatchObject({ outcome: 'cleared', note: expect.any(String) });
    expect(byUrl('/v1/facilities/T2-au-spodumene-mine/certifications')?.body).toMatchObject({ certificationId: 'T2-CERT-IRMA-AU-1' });

    const mentionsUntagged = received.filter((request) => /"(lotId|facilityId|toPartyId|shipmentId)":"(?!T2-)/.test(JSON.stringify(request.body)));
    expect(mentionsUntagged).toEqual([]);
  });

  it('replays the same idempotency keys for the same tag, and new ones for a new tag', async () => {
    await runDemo({ url, adminToken: 'a', tag: 'same', log: () => undefined });
    const first = received.filter((request) => request.method === 'POST').map((request) => request.idempotencyKey);
    received = [];
    await runDemo({ url, adminToken: 'a', tag: 'same', log: () => undefined });
    const second = received.filter((request) => request.method === 'POST').map((request) => request.idempotencyKey);
    received = [];
    await runDemo({ url, adminToken: 'a', tag: 'other', log: () => undefined });
    const third = received.filter((request) => request.method === 'POST').map((request) => request.idempotencyKey);

    expect(second).toEqual(first);
    expect(third.filter((key) => first.includes(key))).toEqual([]);
  });

  it('refuses a tag that would make ids awkward, before sending anything', async () => {
    await expect(runDemo({ url, adminToken: 'a', tag: 'has space', log: () => undefined })).rejects.toThrow(/run tag/);
    expect(received).toEqual([]);
  });
});

describe('run tags and idempotency keys', () => {
  it('derive the default tag from the UTC start time', () => {
    expect(defaultRunTag(new Date('2026-11-28T06:07:50.123Z'))).toBe('D261128T060750');
  });

  it('derive stable, distinct, UUID-shaped keys', () => {
    expect(idempotencyKeyFor('T', 'a')).toBe(idempotencyKeyFor('T', 'a'));
    expect(idempotencyKeyFor('T', 'a')).not.toBe(idempotencyKeyFor('T', 'b'));
    expect(idempotencyKeyFor('T', 'a')).toMatch(UUID);
  });
});
