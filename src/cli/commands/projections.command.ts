import type { Command } from 'commander';
import { createEventStore } from '../../event-store/event-store.factory';
import { openProvenanceReadSide } from '../../provenance/provenance-read-side';
import { cliConfig } from '../cli-config';
import { progressBar } from '../progress-bar';

/** `ledger projections rebuild`: empties the provenance read models and folds the whole log again. */
export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').summary('manage the provenance read models').description('manage the provenance read models (<data dir>/read-models.sqlite)');
  projections
    .command('rebuild')
    .summary('rebuild the provenance read models from the first event')
    .description(
      'Empty the provenance read models and fold the whole global log again, with a progress bar and a summary.\n' +
        'Stop the service first: a running service keeps folding into the same file.',
    )
    .action(async (_options: unknown, command: Command) => {
      const config = cliConfig(command);
      const store = await createEventStore(config);
      const readSide = openProvenanceReadSide(store, config.dataDir);
      const bar = progressBar();
      try {
        const head = await store.headPosition();
        // SQLite positions count events; other stores' positions only order them.
        const total = store.engine === 'sqlite' && head !== null ? Number(head) : 0;
        bar.start(total, 'rebuild');
        const summary = await readSide.runner.rebuild(({ applied }) => bar.update(applied, total || applied));
        bar.stop();
        const seconds = summary.durationMs / 1000;
        const rate = seconds > 0 ? Math.round(summary.applied / seconds) : summary.applied;
        process.stdout.write(
          `rebuilt the provenance read models: ${summary.applied} events in ${seconds.toFixed(1)} s (${rate} events/s), ` +
            `position ${summary.position ?? 'none'}\n`,
        );
      } finally {
        bar.stop();
        await readSide.close();
        await store.close();
      }
    });
}
