import { runDemo, type DemoResult } from '../../src/demo/run-demo';
import type { EventEnvelopeJson } from '../../src/event-store/event-envelope';
import { verifyCheckpoint } from '../../src/integrity/checkpoint';
import { verifyEventInclusion, type InclusionProofJson } from '../../src/integrity/proof-json';
import { ledgerEvents } from '../e2e/ledger-fixtures';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from '../e2e/ledger-test-app';

jest.setTimeout(120_000);

describe('every event of the demo ledger is provably in the signed log', () => {
  let ledger: TestLedger;
  let demo: DemoResult;

  beforeAll(async () => {
    ledger = await startTestLedger();
    demo = await runDemo({ url: await ledger.app.getUrl(), adminToken: ADMIN_TOKEN, tag: 'PROOFS', log: () => {} });
  });
  afterAll(() => ledger.destroy());

  it('an auditor verifies each inclusion proof with only the public key, the checkpoint and the proof', async () => {
    const get = (path: string) => ledger.http.get(path).set('Authorization', `Bearer ${demo.auditorKey}`);
    // What the auditor keeps: the key (out of band) and one signed checkpoint.
    const publicKey = (await get('/v1/ledger/public-key')).text;
    const checkpoint = (await get(`/v1/ledger/checkpoint?minPosition=${demo.position}`)).text;
    const { treeSize } = verifyCheckpoint(checkpoint, publicKey);
    const events = (await ledgerEvents(ledger, demo.regulatorKey)) as EventEnvelopeJson[];
    expect(treeSize).toBe(events.length);
    expect(events.length).toBeGreaterThan(50);

    for (const event of events) {
      const res = await get(`/v1/ledger/proofs/inclusion?eventId=${encodeURIComponent(event.eventId)}&treeSize=${treeSize}`);
      expect(res.status).toBe(200);
      const proof = res.body as InclusionProofJson;
      expect(verifyEventInclusion(event, proof, checkpoint, publicKey)).toBe(true);
      // The same proof fails for the event with any field changed.
      expect(verifyEventInclusion({ ...event, occurredAt: '2000-01-01T00:00:00Z' }, proof, checkpoint, publicKey)).toBe(false);
    }
  });
});
