import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { verifyCheckpoint } from '../../src/integrity/checkpoint';
import { IntegrityProjector, type IntegrityProjectorOptions } from '../../src/integrity/integrity-projector';
import { leafHashOfEvent } from '../../src/integrity/log-entry';
import { nodeReaderOfLeaves, treeRoot } from '../../src/integrity/merkle';

describe('IntegrityProjector: the Merkle log as a projection of a real SQLite store', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let clock: Date;
  const projectors: IntegrityProjector[] = [];
  const warnings: string[] = [];

  const open = (overrides: Partial<IntegrityProjectorOptions> = {}) => {
    const projector = IntegrityProjector.open(store, {
      dataDir,
      signingKeyFile: join(dataDir, 'keys', 'signing.pem'),
      origin: 'test.example/ledger',
      policy: { everyEvents: 5, everySeconds: 3600 },
      now: () => clock,
      onWarning: (message) => warnings.push(message),
      ...overrides,
    });
    projectors.push(projector);
    return projector;
  };

  /** Appends `count` events, one per stream, and returns the last position. */
  const append = async (count: number) => {
    let position = 0n;
    for (let i = 0; i < count; i++) {
      const result = await store.append([
        {
          streamId: `lot-${randomUUID()}`,
          expectedRevision: 'no-stream',
          events: [{ eventId: randomUUID(), type: 'FlagRaised', data: { n: i }, metadata: { occurredAt: '2026-01-01T00:00:00Z', actorPartyId: 'p', schemaVersion: 1 } }],
        },
      ]);
      position = result.position;
    }
    return position;
  };

  /** The root anyone would compute from the store's events. */
  const expectedRoot = async () => {
    const events = await store.readAll({ limit: 100_000 });
    return { size: events.length, root: treeRoot(nodeReaderOfLeaves(events.map(leafHashOfEvent)), events.length) };
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'integrity-projector-'));
    store = openSqliteEventStore(dataDir);
    clock = new Date('2026-11-28T00:00:00Z');
    warnings.length = 0;
  });
  afterEach(async () => {
    for (const projector of projectors.splice(0)) await projector.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates the signing key on first start with a warning, and reuses it after', async () => {
    const first = open();
    expect(warnings.some((w) => w.includes('generated a new Ed25519 key'))).toBe(true);
    expect(existsSync(join(dataDir, 'keys', 'signing.pem'))).toBe(true);
    const pem = first.publicKeyPem();
    await first.close();
    warnings.length = 0;
    expect(open().publicKeyPem()).toBe(pem);
    expect(warnings).toEqual([]);
  });

  it('warns when the checkpoints on file were signed by another key than the configured one', async () => {
    await append(2);
    const first = open();
    await first.start();
    expect(first.latestCheckpoint()?.treeSize).toBe(2);
    await first.close();
    warnings.length = 0;
    open({ signingKeyFile: join(dataDir, 'keys', 'rotated.pem') });
    expect(warnings.some((w) => w.includes('does not verify with the signing key'))).toBe(true);
  });

  it('catches up on start, follows live appends, and reproduces the root of the store', async () => {
    await append(7);
    const projector = open();
    await projector.start();
    expect(projector.size()).toBe(7);
    const position = await append(6);
    expect(await projector.waitFor(position, 5000)).toBe(true);
    const { size, root } = await expectedRoot();
    expect(projector.size()).toBe(size);
    expect(projector.log.rootAt().equals(root)).toBe(true);
  });

  it('signs on start, after every N new events, and not before', async () => {
    await append(7);
    const projector = open();
    await projector.start();
    expect(projector.latestCheckpoint()?.treeSize).toBe(7);
    await projector.waitFor(await append(4), 5000);
    expect(projector.latestCheckpoint()?.treeSize).toBe(7);
    await projector.waitFor(await append(1), 5000);
    const checkpoint = projector.latestCheckpoint()!;
    expect(checkpoint.treeSize).toBe(12);
    const verified = verifyCheckpoint(checkpoint.note, projector.publicKeyPem());
    expect(verified.origin).toBe('test.example/ledger');
    expect(verified.rootHash.equals(projector.log.rootAt(12))).toBe(true);
    expect(projector.checkpointAt(7)).not.toBeNull();
  });

  it('signs after T seconds when fewer than N events arrived', async () => {
    await append(3);
    const projector = open({ policy: { everyEvents: 1000, everySeconds: 1 } });
    await projector.start();
    expect(projector.latestCheckpoint()?.treeSize).toBe(3);
    await projector.waitFor(await append(2), 5000);
    expect(projector.latestCheckpoint()?.treeSize).toBe(3);
    clock = new Date(clock.getTime() + 1500);
    // The timer ticks every half period (500 ms here).
    for (let i = 0; i < 40 && projector.latestCheckpoint()?.treeSize !== 5; i++) await new Promise((r) => setTimeout(r, 50));
    expect(projector.latestCheckpoint()?.treeSize).toBe(5);
    expect(projector.latestCheckpoint()?.time).toBe(clock.toISOString());
  });

  it('signs on demand, and serves the same checkpoint while the log has not grown', async () => {
    await append(2);
    const projector = open({ policy: { everyEvents: 1000, everySeconds: 3600 } });
    await projector.start();
    await projector.waitFor(await append(3), 5000);
    expect(projector.latestCheckpoint()?.treeSize).toBe(2);
    const onDemand = projector.checkpoint();
    expect(onDemand.treeSize).toBe(5);
    clock = new Date(clock.getTime() + 10_000);
    expect(projector.checkpoint().note).toBe(onDemand.note);
  });

  it('resumes after its last leaf when restarted, appending each event exactly once', async () => {
    await append(4);
    const first = open();
    await first.start();
    await first.close();
    // Writes go on while the projection is stopped: they never wait for it.
    await append(9);
    const second = open();
    expect(second.size()).toBe(4);
    await second.start();
    const { size, root } = await expectedRoot();
    expect(second.size()).toBe(13);
    expect(size).toBe(13);
    expect(second.log.rootAt().equals(root)).toBe(true);
  });

  it('a second projector on the same file (the CLI beside the service) never appends a leaf twice', async () => {
    await append(10);
    const service = open();
    const cli = open();
    await Promise.all([service.catchUp(), cli.catchUp()]);
    await service.start();
    await service.waitFor(await append(3), 5000);
    await cli.catchUp();
    expect(cli.size()).toBe(13);
    expect(cli.log.rootAt().equals((await expectedRoot()).root)).toBe(true);
  });

  it('waitFor answers false after the timeout for a position not reached', async () => {
    const projector = open();
    await projector.start();
    expect(await projector.waitFor(10_000n, 50)).toBe(false);
  });
});
