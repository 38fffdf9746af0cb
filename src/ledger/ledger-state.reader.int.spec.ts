import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams, type LedgerEvent } from '../domain/events';
import { actors, hop, kg, usBlackMass } from '../domain/testing/fixtures';
import { openSqliteEventStore, type SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { LedgerStateReader } from './ledger-state.reader';
import { expectedAt, LedgerWriter } from './ledger-writer';

describe('LedgerStateReader: lot states kept from this process\'s own appends', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let reader: LedgerStateReader;
  let writer: LedgerWriter;
  const lotId = usBlackMass.data.lotId;
  const [shipped, received] = hop(lotId, kg(50_000), usBlackMass.data.composition, actors.usRecycler, actors.jpRefiner, 'jp-refinery', 'JP');

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-reader-'));
    store = openSqliteEventStore(dataDir);
    reader = new LedgerStateReader(store);
    writer = new LedgerWriter(store, reader);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const write = (event: LedgerEvent, occurredAt: string) =>
    writer.write({ actor: actors.usRecycler, occurredAt }, async () => {
      const lot = await reader.lot(lotId);
      return [{ streamId: streams.lot(lotId), expectedRevision: expectedAt(lot.revision), events: [event] }];
    });

  /** What a process that never saw the appends folds from the stored stream. */
  const freshFold = () => new LedgerStateReader(store).lot(lotId);

  it('given a lot recovered, shipped and received through the writer, then after each append the kept state is the fold of the stored stream', async () => {
    const cycle: Array<[LedgerEvent, string]> = [
      [usBlackMass, '2026-01-01T00:00:00Z'],
      [shipped, '2026-01-02T00:00:00Z'],
      [received, '2026-01-03T00:00:00Z'],
    ];
    for (const [event, occurredAt] of cycle) {
      const outcome = await write(event, occurredAt);

      const reads = jest.spyOn(store, 'readStream');
      const kept = await reader.lot(lotId);
      // Kept, not read again: the writer handed the reader what it appended.
      expect(reads).not.toHaveBeenCalled();
      reads.mockRestore();
      expect(kept).toEqual(await freshFold());
      expect(kept.position?.toString()).toBe(outcome.position);
    }
  });

  it('given a kept lot, when another writer appends to its stream, then the next load reads the stream again', async () => {
    await write(usBlackMass, '2026-01-01T00:00:00Z');
    await reader.lot(lotId);
    const elsewhere = new LedgerWriter(store, new LedgerStateReader(store));

    await elsewhere.write({ actor: actors.usRecycler, occurredAt: '2026-01-02T00:00:00Z' }, async () => [
      { streamId: streams.lot(lotId), expectedRevision: 0, events: [shipped] },
    ]);

    const loaded = await reader.lot(lotId);
    expect(loaded.revision).toBe(1);
    expect(loaded.state.status).toBe((await freshFold()).state.status);
    expect(loaded).toEqual(await freshFold());
  });
});
