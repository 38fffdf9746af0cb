import { createPublicKey } from 'node:crypto';
import { verifyCheckpoint } from '../../src/integrity/checkpoint';
import { verifyCheckpointConsistency, verifyEventInclusion } from '../../src/integrity/proof-json';
import type { EventEnvelopeJson } from '../../src/event-store/event-envelope';
import { ledgerEvents, post, workedExampleInputs, workedExampleTransformation, type WorkedExample } from '../e2e/ledger-fixtures';
import { startTestLedger, type TestLedger } from '../e2e/ledger-test-app';

describe('the verifiable log over HTTP: checkpoints, proofs and the public key', () => {
  let ledger: TestLedger;
  let keys: WorkedExample['keys'];
  let events: EventEnvelopeJson[];
  let publicKey: string;

  const get = (path: string, key = keys.regulator) => ledger.http.get(path).set('Authorization', `Bearer ${key}`);
  const lastPosition = () => events[events.length - 1].position;

  beforeAll(async () => {
    // A large policy so every checkpoint in this file is signed on demand.
    ledger = await startTestLedger({ env: { LEDGER_CHECKPOINT_EVERY_EVENTS: '100000', LEDGER_CHECKPOINT_EVERY_SECONDS: '3600' } });
    ({ keys } = await workedExampleInputs(ledger));
    events = (await ledgerEvents(ledger, keys.regulator)) as EventEnvelopeJson[];
    publicKey = (await get('/v1/ledger/public-key')).text;
  });
  afterAll(() => ledger.destroy());

  it('serves the public key as PEM text to auditors and regulators', async () => {
    const res = await get('/v1/ledger/public-key', keys.auditor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe(publicKey);
    expect(createPublicKey(publicKey).asymmetricKeyType).toBe('ed25519');
  });

  it.each([
    '/v1/ledger/checkpoint',
    '/v1/ledger/checkpoints/1',
    '/v1/ledger/proofs/inclusion?leafIndex=0&treeSize=1',
    '/v1/ledger/proofs/consistency?from=1&to=2',
    '/v1/ledger/public-key',
  ])('refuses an operator %s with 403 problem+json', async (path) => {
    const res = await get(path, keys.auMine);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('not-an-auditor');
  });

  it('refuses a request without a key', async () => {
    expect((await ledger.http.get('/v1/ledger/checkpoint')).status).toBe(401);
  });

  it('signs a checkpoint covering the whole log on demand, verifiable with the public key', async () => {
    const res = await get(`/v1/ledger/checkpoint?minPosition=${lastPosition()}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const checkpoint = verifyCheckpoint(res.text, publicKey);
    expect(checkpoint.treeSize).toBe(events.length);
    expect(checkpoint.origin).toBe('critical-minerals-ledger');
    // The same size is served again, not re-signed.
    expect((await get('/v1/ledger/checkpoint')).text).toBe(res.text);
    expect((await get(`/v1/ledger/checkpoints/${events.length}`)).text).toBe(res.text);
  });

  it('answers 404 for a tree size never signed and 400 for one that is not a number', async () => {
    const missing = await get('/v1/ledger/checkpoints/3');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('checkpoint-not-found');
    const bad = await get('/v1/ledger/checkpoints/three');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid-query');
  });

  it('serves inclusion proofs by leaf index and by event id that verify against the checkpoint', async () => {
    const note = (await get('/v1/ledger/checkpoint')).text;
    const treeSize = verifyCheckpoint(note, publicKey).treeSize;
    for (const [leafIndex, event] of events.entries()) {
      const byIndex = await get(`/v1/ledger/proofs/inclusion?leafIndex=${leafIndex}&treeSize=${treeSize}`);
      expect(byIndex.status).toBe(200);
      expect(byIndex.body).toMatchObject({ leafIndex, treeSize });
      expect(verifyEventInclusion(event, byIndex.body, note, publicKey)).toBe(true);
      const byEvent = await get(`/v1/ledger/proofs/inclusion?eventId=${event.eventId}&treeSize=${treeSize}`);
      expect(byEvent.body).toEqual(byIndex.body);
    }
    // A proof for one event does not vouch for another.
    const proof = (await get(`/v1/ledger/proofs/inclusion?leafIndex=0&treeSize=${treeSize}`)).body;
    expect(verifyEventInclusion(events[1], proof, note, publicKey)).toBe(false);
  });

  it('defaults the tree size of an inclusion proof to the latest checkpoint', async () => {
    const res = await get(`/v1/ledger/proofs/inclusion?eventId=${events[2].eventId}`);
    expect(res.status).toBe(200);
    expect(res.body.treeSize).toBe(events.length);
    expect(res.body.leafIndex).toBe(2);
  });

  it.each([
    ['/v1/ledger/proofs/inclusion?treeSize=3', 400, 'invalid-query'],
    ['/v1/ledger/proofs/inclusion?leafIndex=0&eventId=x&treeSize=3', 400, 'invalid-query'],
    ['/v1/ledger/proofs/inclusion?leafIndex=-1&treeSize=3', 400, 'invalid-query'],
    ['/v1/ledger/proofs/inclusion?leafIndex=1.5&treeSize=3', 400, 'invalid-query'],
    ['/v1/ledger/proofs/inclusion?leafIndex=0&treeSize=1e3', 400, 'invalid-query'],
    ['/v1/ledger/proofs/inclusion?leafIndex=3&treeSize=3', 422, 'leaf-beyond-tree'],
    ['/v1/ledger/proofs/inclusion?leafIndex=0&treeSize=100000', 422, 'tree-size-beyond-log'],
    ['/v1/ledger/proofs/inclusion?eventId=no-such-event&treeSize=3', 404, 'event-not-in-log'],
    ['/v1/ledger/proofs/consistency?to=3', 400, 'invalid-query'],
    ['/v1/ledger/proofs/consistency?from=4&to=3', 400, 'invalid-query'],
    ['/v1/ledger/proofs/consistency?from=1&to=100000', 422, 'tree-size-beyond-log'],
    ['/v1/ledger/checkpoint?minPosition=abc', 400, 'invalid-query'],
  ])('%s → %i %s', async (path, status, code) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(res.body.detail.length).toBeGreaterThan(10);
  });

  it('proves a held checkpoint consistent with a later one after more writes', async () => {
    const held = (await get('/v1/ledger/checkpoint')).text;
    const written = await post(ledger, keys.jpRefinery, '/v1/transformations', workedExampleTransformation());
    expect(written.status).toBe(201);
    const later = await get(`/v1/ledger/checkpoint?minPosition=${written.body.position}`);
    const from = verifyCheckpoint(held, publicKey).treeSize;
    const to = verifyCheckpoint(later.text, publicKey).treeSize;
    expect(to).toBeGreaterThan(from);
    const proof = await get(`/v1/ledger/proofs/consistency?from=${from}&to=${to}`);
    expect(proof.status).toBe(200);
    expect(proof.body.from).toBe(from);
    expect(proof.body.to).toBe(to);
    expect(verifyCheckpointConsistency(held, later.text, proof.body, publicKey)).toBe(true);
    // The proof does not bind the later checkpoint to an unrelated earlier size.
    const other = await get(`/v1/ledger/proofs/consistency?from=${from - 1}&to=${to}`);
    expect(verifyCheckpointConsistency(held, later.text, other.body, publicKey)).toBe(false);
    // And the old checkpoint stays retrievable at its size.
    expect((await get(`/v1/ledger/checkpoints/${from}`)).text).toBe(held);
  });

  it('makes an event written just now provable once minPosition is reached', async () => {
    const flag = { flagId: 'FLAG-INTEGRITY', category: 'other', severity: 'low', description: 'integrity test' };
    const written = await post(ledger, keys.auditor, '/v1/lots/AU-SPOD-1/flags', flag);
    expect(written.status).toBe(201);
    const [eventId] = written.body.eventIds as string[];
    const note = (await get(`/v1/ledger/checkpoint?minPosition=${written.body.position}`)).text;
    const proof = await get(`/v1/ledger/proofs/inclusion?eventId=${eventId}`);
    expect(proof.status).toBe(200);
    const all = (await ledgerEvents(ledger, keys.regulator)) as EventEnvelopeJson[];
    const event = all.find((e) => e.eventId === eventId)!;
    expect(verifyEventInclusion(event, proof.body, note, publicKey)).toBe(true);
  });
});
