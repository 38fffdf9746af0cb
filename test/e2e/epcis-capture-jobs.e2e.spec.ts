import { randomUUID } from 'node:crypto';
import { epcisDocument, originEvent } from '../../src/demo/epcis-documents';
import { CaptureJobStore } from '../../src/epcis/capture/capture-job-store';
import { eventId } from './epcis-fixtures';
import { ledgerIds, registerFacility, registerParty } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

/** A job accepted with 202 is never lost: a job a stopped process left running finishes on the next start. */
describe('EPCIS capture jobs survive a restart', () => {
  const id = ledgerIds();
  let ledger: TestLedger;
  afterAll(() => ledger?.destroy());

  // The in-memory KurrentDB stand-in is started afresh with each test ledger: its log does not outlive a restart.
  const onAStoreThatOutlivesTheProcess = process.env.LEDGER_E2E_STORE === 'kurrentdb' && !process.env.KURRENTDB_URL ? it.skip : it;

  onAStoreThatOutlivesTheProcess('captures again, on start-up, a job left running by a stopped process, and says how it ended', async () => {
    ledger = await startTestLedger({ ids: id });
    const dataDir = ledger.dataDir;
    const miner = await registerParty(ledger, id('restart-miner'), ['producer'], 'AU');
    await registerFacility(ledger, miner, id('restart-mine'), 'mine', 'AU');
    await ledger.close();

    // As the service leaves it when the process dies after the 202 and before the job finished.
    const document = epcisDocument(
      ['RESTART-1', 'RESTART-2'].map((lotId) =>
        originEvent({
          eventID: eventId(),
          lotId: id(lotId),
          form: 'ore',
          grossMassKg: '10',
          composition: { lithium: '1' },
          occurredAt: '2026-01-10T00:00:00Z',
          origin: { type: 'extraction', facilityId: id('restart-mine') },
        }),
      ),
    );
    const broken = { ...document, epcisBody: { eventList: [] } };
    const jobs = new CaptureJobStore(dataDir);
    const [accepted, unreadable] = [randomUUID(), randomUUID()];
    const job = (captureID: string) => ({ captureID, createdAt: new Date().toISOString(), running: true, success: false, captureErrorBehaviour: 'rollback' as const, errors: [] });
    jobs.create(job(accepted), { partyId: id('restart-miner'), roles: ['producer'] }, JSON.stringify(document));
    jobs.create(job(unreadable), { partyId: id('restart-miner'), roles: ['producer'] }, JSON.stringify(broken).slice(0, 40));
    jobs.close();

    ledger = await startTestLedger({ dataDir, ids: id });
    const show = (captureID: string) => ledger.http.get(`/epcis/capture/${captureID}`).set('Authorization', `Bearer ${miner}`);
    for (let i = 0; i < 100 && (await show(accepted)).body.running; i++) await new Promise((resolve) => setTimeout(resolve, 50));

    expect((await show(accepted)).body).toMatchObject({ captureID: accepted, running: false, success: true, errors: [], finishedAt: expect.any(String) });
    const lot = await ledger.http.get(`/v1/lots/${id('RESTART-2')}`).set('Authorization', `Bearer ${miner}`);
    expect(lot.status).toBe(200);
    expect((await show(unreadable)).body).toMatchObject({ running: false, success: false, errors: [expect.objectContaining({ status: 500 })] });
    // Two start-ups of the service in one test: on a busy machine each takes seconds.
  }, 90_000);
});
