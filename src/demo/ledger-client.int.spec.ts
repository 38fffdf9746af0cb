import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LedgerClient, LedgerHttpError } from './ledger-client';

/** A real HTTP server that records what arrives and answers from a per-test script. */
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('LedgerClient over real HTTP', () => {
  let server: Server;
  let baseUrl: string;
  let received: Received[];
  let answer: (request: Received, response: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        received.push(entry);
        answer(entry, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received = [];
    answer = (_request, response) => {
      response.writeHead(201, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ eventIds: ['e1'], position: '7' }));
    };
  });

  it('posts JSON with the bearer key and a UUID Idempotency-Key, and returns the parsed answer', async () => {
    const result = await new LedgerClient(baseUrl, 'admin-key').as('party-key').post('/v1/lots', { lotId: 'L-1' });

    expect(result).toEqual({ eventIds: ['e1'], position: '7' });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/lots');
    expect(request.headers.authorization).toBe('Bearer party-key');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toMatch(UUID);
    expect(JSON.parse(request.body)).toEqual({ lotId: 'L-1' });
  });

  it('uses a fresh Idempotency-Key for each new write', async () => {
    const client = new LedgerClient(baseUrl, 'k');
    await client.post('/v1/lots', { lotId: 'A' });
    await client.post('/v1/lots', { lotId: 'B' });
    expect(received[0].headers['idempotency-key']).not.toBe(received[1].headers['idempotency-key']);
  });

  it('throws the problem+json detail and field errors on a rejected write, without retrying', async () => {
    answer = (_request, response) => {
      response.writeHead(422, { 'Content-Type': 'application/problem+json' });
      response.end(
        JSON.stringify({
          type: 'https://ledger.example/problems/mass-balance',
          title: 'Mass balance',
          status: 422,
          detail: 'outputs contain 28000 kg lithium, inputs gave up 27450 kg',
          errors: [{ field: 'outputs[0].composition.lithium' }],
        }),
      );
    };
    const attempt = new LedgerClient(baseUrl, 'k').post('/v1/transformations', {});

    await expect(attempt).rejects.toBeInstanceOf(LedgerHttpError);
    await attempt.catch((error: LedgerHttpError) => {
      expect(error.status).toBe(422);
      expect(error.message).toContain('outputs contain 28000 kg lithium, inputs gave up 27450 kg');
      expect(error.message).toContain('outputs[0].composition.lithium');
      expect(error.problem?.type).toBe('https://ledger.example/problems/mass-balance');
    });
    expect(received).toHaveLength(1);
  });

  it('retries a write the server failed with 5xx under the same Idempotency-Key', async () => {
    let calls = 0;
    answer = (_request, response) => {
      calls++;
      if (calls === 1) {
        response.writeHead(503, { 'Content-Type': 'application/problem+json' });
        response.end(JSON.stringify({ status: 503, detail: 'store busy' }));
        return;
      }
      response.writeHead(201, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ eventIds: ['e2'], position: '8' }));
    };

    const result = await new LedgerClient(baseUrl, 'k', { retryDelayMs: 1 }).post('/v1/lots', { lotId: 'L-2' });

    expect(result.position).toBe('8');
    expect(received).toHaveLength(2);
    expect(received[1].headers['idempotency-key']).toBe(received[0].headers['idempotency-key']);
    expect(received[1].body).toBe(received[0].body);
  });

  it('reports a non-JSON error body as it came', async () => {
    answer = (_request, response) => {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('Cannot GET /v1/lots/nope');
    };
    await expect(new LedgerClient(baseUrl, 'k').get('/v1/lots/nope', { minPosition: '3' })).rejects.toThrow(
      'GET /v1/lots/nope?minPosition=3 → 404: Cannot GET /v1/lots/nope',
    );
    expect(received[0].url).toBe('/v1/lots/nope?minPosition=3');
    expect(received[0].headers['idempotency-key']).toBeUndefined();
  });
});
