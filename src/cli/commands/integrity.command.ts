import type { Command } from 'commander';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createEventStore } from '../../event-store/event-store.factory';
import type { EventStore } from '../../event-store/event-store.port';
import { INTEGRITY_DATABASE_FILE } from '../../integrity/integrity-database';
import { IntegrityFileDamagedError } from '../../integrity/integrity.errors';
import { IntegrityProjector, integrityOptionsOf } from '../../integrity/integrity-projector';
import type { LedgerConfig } from '../../config/ledger-config';
import { cliConfig } from '../cli-config';
import { CliFailure } from '../cli-failure';
import { progressBar } from '../progress-bar';

const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);

function openProjector(store: EventStore, config: LedgerConfig): IntegrityProjector {
  return IntegrityProjector.open(store, { ...integrityOptionsOf(config), onWarning: warn });
}

/** `ledger integrity check` and `ledger integrity rebuild`: the Merkle log against the event log. */
export function registerIntegrityCommand(program: Command): void {
  const integrity = program
    .command('integrity')
    .summary('check or rebuild the Merkle log (integrity.sqlite) against the event log')
    .description('check or rebuild the Merkle log (<data dir>/integrity.sqlite) against the event log it projects');

  integrity
    .command('check')
    .summary('compare every leaf and subtree of the Merkle log with the event log')
    .description('Compare every leaf of the Merkle log with the event at its place in the global log, and every stored subtree with its halves.\nExits 1 naming the first disagreement (recorded, so the service refuses to sign until a rebuild).')
    .addHelpText('after', '\nExample:\n  $ ledger integrity check --data-dir ./data')
    .action(async (_options: unknown, command: Command) => {
      const config = cliConfig(command);
      const store = await createEventStore(config);
      let projector: IntegrityProjector | null = null;
      try {
        projector = openProjector(store, config);
        const size = projector.size();
        const found = (await projector.audit.check(0, size)) ?? projector.audit.disagreement();
        if (found !== null) throw new CliFailure(`the Merkle log disagrees with the event log: ${found}; stop the service and run \`ledger integrity rebuild\``, 1);
        process.stdout.write(`the Merkle log agrees with the event log: ${size} leaves checked\n`);
      } finally {
        await projector?.close();
        await store.close();
      }
    });

  integrity
    .command('rebuild')
    .summary('rebuild the Merkle log from the event log (stop the service first)')
    .description(
      'Replace every leaf of the Merkle log with the event log\'s, then check that the rebuilt log reproduces the checkpoints already signed.\n' +
        'A damaged integrity.sqlite is moved aside (<file>.damaged-<time>) and a new one built; its signed checkpoints are then lost (auditors hold theirs).\n' +
        'Stop the service first: a running service keeps appending to the same file.',
    )
    .addHelpText('after', '\nExample:\n  $ ledger integrity rebuild --data-dir ./data')
    .action(async (_options: unknown, command: Command) => {
      const config = cliConfig(command);
      const store = await createEventStore(config);
      let projector: IntegrityProjector | null = null;
      const bar = progressBar();
      try {
        try {
          projector = openProjector(store, config);
        } catch (error) {
          if (!(error instanceof IntegrityFileDamagedError)) throw error;
          const file = join(config.dataDir, INTEGRITY_DATABASE_FILE);
          const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
          for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
          warn(`${file} was damaged; moved it to ${aside} and building a new one`);
          projector = openProjector(store, config);
        }
        const head = await store.headPosition();
        const total = store.engine === 'sqlite' && head !== null ? Number(head) : 0;
        bar.start(total, 'rebuild');
        const appended = await projector.rebuild(({ treeSize }) => bar.update(treeSize, total || treeSize));
        bar.stop();
        try {
          projector.checkpoint();
        } catch (error) {
          throw new CliFailure(`rebuilt ${appended} leaves, but ${(error as Error).message}: the event log itself was altered since that checkpoint was signed`, 1);
        }
        process.stdout.write(`rebuilt the Merkle log from the event log: ${appended} leaves, agreeing with every checkpoint signed\n`);
      } finally {
        bar.stop();
        await projector?.close();
        await store.close();
      }
    });
}
