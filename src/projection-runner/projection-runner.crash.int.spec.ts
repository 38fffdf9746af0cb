import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { projectInMemory, provenanceProjections } from '../../projections/provenance-projections';
import { replayIntoStore } from '../../projections/testing/replay-into-store';
import { longSupplyChain } from '../../projections/testing/supply-chain.arbitrary';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadModel } from './sqlite-read-model';

function checkpointOf(dataDir: string): bigint | null {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT position FROM checkpoint WHERE id = 1').safeIntegers(true).get() as { position: bigint } | undefined;
    return row ? row.position : null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

describe('projection runner killed with SIGKILL while folding', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'projection-crash-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses and doubles nothing when started again', async () => {
    const store = openSqliteEventStore(dataDir, { synchronous: 'NORMAL' });
    const head = (await replayIntoStore(longSupplyChain(600), store))!;
    await store.close();

    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'testing', 'follow-log.child.ts'), dataDir, '15'], {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    let killedAt: bigint | null = null;
    for (let i = 0; i < 600 && killedAt === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const at = output.includes('started') ? checkpointOf(dataDir) : null;
      if (at !== null && at > 0n) {
        child.kill('SIGKILL');
        killedAt = at;
      }
    }
    expect(await exited).toBe('SIGKILL');
    expect(killedAt).not.toBeNull();
    expect(killedAt! < head).toBe(true);

    const reopened = openSqliteEventStore(dataDir);
    const readModel = SqliteReadModel.open(dataDir, provenanceProjections);
    const runner = new ProjectionRunner(reopened, readModel);
    try {
      expect(readModel.lastPosition()! >= killedAt!).toBe(true);
      await runner.start();
      expect(runner.position()).toBe(head);
      expect(readModel.dump()).toEqual(projectInMemory(await reopened.readAll({ limit: 1_000_000 })).dump());
    } finally {
      await runner.stop();
      readModel.close();
      await reopened.close();
    }
  }, 60_000);
});
