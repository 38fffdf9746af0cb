import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerCommand } from '../domain/commands';
import { OccurredInFuture } from '../domain/errors';
import { actors, kg } from '../domain/testing/fixtures';
import { openSqliteEventStore, type SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { AnnexSeed } from './annex-seed';
import { fixedClock } from './clock';
import { LedgerStateReader } from './ledger-state.reader';
import { LedgerWriter } from './ledger-writer';
import { UseCaseRunner } from './use-case-runner';

// Before the machine's date: a decision at the system clock would accept what this clock refuses.
const NOW = '2026-01-15T12:00:00.000Z';
const recycler = actors.usRecycler;

describe('UseCaseRunner: any command through its slice, against a real SQLite store', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let runner: UseCaseRunner;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-runner-'));
    store = openSqliteEventStore(dataDir);
    await new AnnexSeed(store).onApplicationBootstrap();
    const reader = new LedgerStateReader(store);
    runner = new UseCaseRunner(reader, new LedgerWriter(store, reader), fixedClock(NOW));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (...commands: LedgerCommand[]) => commands.reduce((done, command) => done.then(() => runner.run(command)), Promise.resolve({} as unknown));

  const setUp = () =>
    run(
      { type: 'RegisterParty', actor: actors.admin, partyId: recycler.partyId, name: 'US Recycler', country: 'US', roles: ['recycler'] },
      { type: 'RegisterFacility', actor: recycler, facilityId: 'us-plant', name: 'Plant', kind: 'recycler', country: 'US' },
      {
        type: 'RecordLotOrigin',
        actor: recycler,
        lotId: 'US-BM-3',
        form: 'black-mass',
        grossMassG: kg(100),
        composition: { nickel: kg(20) },
        occurredAt: '2025-12-01T00:00:00Z',
        origin: { type: 'recycling', facilityId: 'us-plant', feedstock: 'post-consumer' },
      },
    );

  it('records a registration at the clock\'s "now", and refuses a business time after it', async () => {
    await setUp();
    const [registered] = await store.readStream('party-us-recycler');
    expect(registered.occurredAt).toBe(NOW);
    await expect(
      runner.run({ type: 'RetireLot', actor: recycler, lotId: 'US-BM-3', reason: 'disposed', occurredAt: '2026-01-15T12:05:00.001Z' }),
    ).rejects.toBeInstanceOf(OccurredInFuture);
  });

  it('writes one transformation on every input and output lot, and a correction beside the event it corrects', async () => {
    await setUp();
    const outcome = await runner.run({
      type: 'TransformLots',
      actor: recycler,
      transformationId: 'T-1',
      facilityId: 'us-plant',
      process: 'leaching',
      occurredAt: '2026-01-02T00:00:00Z',
      inputs: [{ lotId: 'US-BM-3', massG: kg(50) }],
      outputs: [{ lotId: 'US-NI-1', form: 'sulfate', grossMassG: kg(30), composition: { nickel: kg(10) } }],
    });
    const input = await store.readStream('lot-US-BM-3');
    const [output] = await store.readStream('lot-US-NI-1');
    expect(outcome.eventIds).toEqual([input[1].eventId, output.eventId]);
    expect(input[1].data).toEqual(output.data);
    expect(output.streamRevision).toBe(0);

    await runner.run({
      type: 'CorrectEvent',
      actor: recycler,
      subject: { kind: 'lot', lotId: 'US-NI-1' },
      correctedEventId: output.eventId,
      reason: 'wrong process name',
      occurredAt: '2026-01-03T00:00:00Z',
    });
    const corrected = await store.readStream('lot-US-NI-1');
    expect(corrected.map((event) => [event.type, event.actorPartyId])).toEqual([
      ['LotTransformed', recycler.partyId],
      ['EventCorrected', recycler.partyId],
    ]);
  });
});
