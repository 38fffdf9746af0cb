import Fastify, { type FastifyInstance } from 'fastify';
import { gzipSync } from 'node:zlib';
import { ProblemError } from '../problems';
import { readRequestBodies } from './request-bodies';

/*
 * What the e2e suite does not reach: compressed bodies, charsets, a body cut short. A bare Fastify
 * server with the ledger's body reading, whose routes echo what was read; a ProblemError answers
 * its own status and code, as the problem filter does in the service.
 */
describe('request bodies on the platform', () => {
  let server: FastifyInstance;

  beforeAll(async () => {
    server = Fastify();
    readRequestBodies(server, { bodyLimit: 64, epcisCaptureFileSizeLimit: 128 });
    server.setErrorHandler((error, _request, reply) => {
      if (error instanceof ProblemError) return reply.code(error.problem.status).send({ code: error.problem.code });
      return reply.code(500).send({ code: 'unexpected', message: String(error) });
    });
    server.post('/v1/echo', async (request) => ({ body: request.body }));
    server.post('/epcis/capture', async (request) => ({ body: request.body }));
    await server.ready();
  });

  afterAll(() => server.close());

  const post = (url: string, payload: string | Buffer, headers: Record<string, string>) =>
    server.inject({ method: 'POST', url, payload, headers });

  it('parses JSON, and an empty JSON body as {}', async () => {
    expect((await post('/v1/echo', '{"a":1}', { 'content-type': 'application/json; charset=utf-8' })).json()).toEqual({ body: { a: 1 } });
    expect((await post('/v1/echo', '', { 'content-type': 'application/json' })).json()).toEqual({ body: {} });
  });

  it('inflates a gzip body and counts the limit on what it inflates to', async () => {
    const small = await post('/v1/echo', gzipSync('{"a":"b"}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(small.json()).toEqual({ body: { a: 'b' } });
    const bomb = await post('/v1/echo', gzipSync(JSON.stringify({ a: 'x'.repeat(1000) })), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect([bomb.statusCode, bomb.json().code]).toEqual([413, 'body-too-large']);
  });

  it('refuses a body over the limit, an unknown encoding, a non-UTF charset and a corrupt gzip body', async () => {
    const cases: [string | Buffer, Record<string, string>, number, string][] = [
      [JSON.stringify({ a: 'x'.repeat(100) }), {}, 413, 'body-too-large'],
      ['{"a":1}', { 'content-encoding': 'compress' }, 415, 'unsupported-encoding'],
      ['{"a":1}', { 'content-type': 'application/json; charset=iso-8859-1' }, 415, 'unsupported-encoding'],
      [Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }, 400, 'unreadable-body'],
      ['{"a":', {}, 400, 'malformed-json'],
      ['a=1', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported-media-type'],
    ];
    for (const [payload, headers, status, code] of cases) {
      const res = await post('/v1/echo', payload, { 'content-type': 'application/json', ...headers });
      expect([headers, res.statusCode, res.json().code]).toEqual([headers, status, code]);
    }
  });

  it('keeps a capture document as text under its own limit, in any charset the platform decodes', async () => {
    const document = '{"type":"EPCISDocument","quantity":1.10}';
    const res = await post('/epcis/capture', Buffer.from(document, 'latin1'), { 'content-type': 'application/ld+json; charset=iso-8859-1' });
    expect(res.json()).toEqual({ body: document });
    const big = await post('/epcis/capture', JSON.stringify({ a: 'x'.repeat(200) }), { 'content-type': 'application/json' });
    expect([big.statusCode, big.json().code]).toEqual([413, 'capture-too-large']);
  });
});
