import type { Command } from 'commander';
import { closeSync, createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { writeExport } from '../../integrity/export-writer';
import { cliConfig } from '../cli-config';
import { CliFailure } from '../cli-failure';
import { openLedgerData } from '../open-ledger-data';
import { progressBar } from '../progress-bar';

const PAGE = 1000;

/** The global log from its start, one page in memory at a time. */
async function* globalLog(store: EventStore): AsyncGenerator<RecordedEvent> {
  let after: bigint | null = null;
  for (;;) {
    const page = await store.readAll({ after, limit: PAGE });
    for (const event of page) yield event;
    if (page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .summary('write the global log and its signed checkpoint to an NDJSON file')
    .description(
      "write the global log with its latest signed checkpoint to an NDJSON file; opens the store and the Merkle log directly, so the service may be stopped. The Merkle log is caught up first and a checkpoint covering every event is signed when none does.",
    )
    .requiredOption('-o, --out <file>', 'the export file to write (written beside it first, then renamed into place)')
    .action(async (options: { out: string }, command: Command) => {
      const config = cliConfig(command);
      const bar = progressBar();
      const data = await openLedgerData(config, (message) => process.stderr.write(`warning: ${message}\n`));
      const partial = `${options.out}.partial`;
      try {
        // Before any work: a place the export cannot be written is named as the user gave it.
        closeSync(openSync(partial, 'w'));
      } catch (error) {
        await data.close();
        throw new CliFailure(`cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      try {
        const before = data.integrity.size();
        // How many events the Merkle log lacks is unknown without counting the store: show a running count.
        bar.start(null, 'hashing');
        await data.integrity.catchUp(({ appended }) => bar.update(appended));
        bar.stop();
        // An export signed over a Merkle log that disagrees with the events would make `verify` blame an intact event.
        const disagreement = await data.integrity.audit.check(0, data.integrity.size());
        if (disagreement !== null) {
          throw new CliFailure(`the Merkle log disagrees with the event log: ${disagreement}; stop the service and run \`ledger integrity rebuild\``, 1);
        }
        const checkpoint = data.integrity.checkpoint();
        const out = createWriteStream(partial, { flags: 'w' });
        bar.start(checkpoint.treeSize, 'exporting');
        const written = await writeExport(
          out,
          {
            checkpoint: checkpoint.note,
            events: globalLog(data.store),
            leafHash: (leafIndex) => {
              const leaf = data.integrity.log.leaf(leafIndex);
              if (leaf === null) throw new CliFailure(`the Merkle log has no leaf ${leafIndex}`);
              return leaf.leafHash;
            },
          },
          ({ written }) => bar.update(written),
        );
        bar.stop();
        out.end();
        await finished(out);
        renameSync(partial, options.out);
        process.stderr.write(
          `exported ${written} event(s) to ${options.out} under the checkpoint of tree size ${checkpoint.treeSize}` +
            ` (${data.integrity.size() - before} newly hashed)\n`,
        );
        if (written < checkpoint.treeSize) {
          process.stderr.write(
            `warning: the store returned only ${written} of the ${checkpoint.treeSize} events the checkpoint covers; the export will not verify\n`,
          );
        }
      } catch (error) {
        bar.stop();
        rmSync(partial, { force: true });
        throw error;
      } finally {
        await data.close();
      }
    });
}
