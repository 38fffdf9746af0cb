import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { RecordedEvent } from '../event-store/event-store.port';
import { toEnvelopeJson } from '../event-store/event-envelope';
import { parseCheckpointText } from './checkpoint';
import { exportEntryLine, exportHeaderLine } from './export-format';
import { parseNote } from './signed-note';

export interface ExportSource {
  /** The signed checkpoint the export is cut at; its tree size is the number of entries written. */
  checkpoint: string;
  /** The global log from its start, in order (only the first tree-size events are used). */
  events: AsyncIterable<RecordedEvent>;
  /** Leaf hash the Merkle log recorded for a leaf index (e.g. `SqliteMerkleLog.leaf(i).leafHash`). */
  leafHash: (leafIndex: number) => Uint8Array;
}

export interface ExportWriteProgress {
  written: number;
  treeSize: number;
}

/**
 * Write an export file (format in export-format.ts) to `out`. It reports what the store holds and
 * judges nothing: if the store returns fewer events than the checkpoint covers, the file is simply
 * shorter and `ledger verify` will say so. Returns the number of entries written.
 */
export async function writeExport(
  out: Writable,
  source: ExportSource,
  onProgress?: (progress: ExportWriteProgress) => void,
  progressEvery = 1000,
): Promise<number> {
  const { treeSize } = parseCheckpointText(parseNote(source.checkpoint).text);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(exportHeaderLine(treeSize, source.checkpoint));
  let written = 0;
  if (treeSize > 0) {
    for await (const event of source.events) {
      await write(exportEntryLine(written, source.leafHash(written), toEnvelopeJson(event)));
      written += 1;
      if (written % progressEvery === 0) onProgress?.({ written, treeSize });
      if (written === treeSize) break;
    }
  }
  onProgress?.({ written, treeSize });
  return written;
}
