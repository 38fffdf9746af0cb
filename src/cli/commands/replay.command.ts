import type { Command } from 'commander';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { provenanceProjections } from '../../../projections/provenance-projections';
import { createEventStore } from '../../event-store/event-store.factory';
import type { Position, RecordedEvent } from '../../event-store/event-store.port';
import { SqliteReadModel } from '../../projection-runner/sqlite-read-model';
import { RFC3339 } from '../../provenance/as-of';
import { ProvenanceQueries } from '../../provenance/provenance-queries';
import { ProvenanceError } from '../../provenance/provenance.errors';
import { cliConfig } from '../cli-config';
import { CliFailure } from '../cli-failure';
import { progressBar } from '../progress-bar';

/** The replay bound: every event at or before a position, or recorded at or before an instant. */
export function replayBound(to: string): (event: RecordedEvent) => boolean {
  if (/^\d+$/.test(to)) {
    const position = BigInt(to);
    return (event) => event.position <= position;
  }
  if (RFC3339.test(to) && !Number.isNaN(Date.parse(to))) {
    const instant = Date.parse(to);
    return (event) => Date.parse(event.recordedAt) <= instant;
  }
  throw new CliFailure('--to must be a global position (digits) or an RFC 3339 time, e.g. 2026-03-01T00:00:00Z');
}

/** `ledger replay --to`: the provenance read models exactly as they were at a past moment, in a folder of their own. */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .summary('rebuild the read models as they were at a past position or time')
    .description(
      'Fold the global log up to --to (a position, or an RFC 3339 time compared with each event\'s recordedAt) into a fresh\n' +
        'read-model file in --out, leaving the service\'s own read models alone; print a summary, and a lot\'s origins with --lot.',
    )
    .requiredOption('--to <position|time>', 'last position to include, or an RFC 3339 time')
    .option('--out <dir>', 'folder for the replayed read models (default: <data dir>/replay-<to>)')
    .option('--lot <lotId>', "print this lot's origins as they were then (the service's GET /v1/lots/{lotId}/origins)")
    .action(async (options: { to: string; out?: string; lot?: string }, command: Command) => {
      const config = cliConfig(command);
      const within = replayBound(options.to);
      const out = resolve(options.out ?? join(config.dataDir, `replay-${options.to.replace(/[^0-9A-Za-z]+/g, '-')}`));
      mkdirSync(out, { recursive: true });
      const file = join(out, 'read-models.sqlite');
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
      const store = await createEventStore(config);
      const readModel = new SqliteReadModel(file, provenanceProjections);
      const bar = progressBar();
      try {
        const head = await store.headPosition();
        const total = store.engine === 'sqlite' && head !== null ? Number(head) : 0;
        bar.start(total, 'replay');
        let after: Position | null = null;
        let applied = 0;
        let last: Position | null = null;
        for (;;) {
          const page = await store.readAll({ after, limit: 1000 });
          if (page.length === 0) break;
          const included = page.filter(within);
          if (included.length > 0) {
            readModel.applyBatch(included);
            applied += included.length;
            last = included[included.length - 1].position;
          }
          bar.update(applied, total || applied);
          // The log is in order: once an event falls outside, every later one does too.
          if (included.length < page.length) break;
          after = page[page.length - 1].position;
        }
        bar.stop();
        process.stdout.write(`replayed ${applied} events up to position ${last ?? 'none'} into ${file}\n`);
        if (options.lot) {
          let origins: unknown;
          try {
            origins = new ProvenanceQueries(readModel).origins(options.lot);
          } catch (error) {
            if (error instanceof ProvenanceError) throw new CliFailure(`${error.message} as of ${options.to}`, 1);
            throw error;
          }
          process.stdout.write(`${JSON.stringify(origins, null, 2)}\n`);
        }
      } finally {
        bar.stop();
        readModel.close();
        await store.close();
      }
    });
}
