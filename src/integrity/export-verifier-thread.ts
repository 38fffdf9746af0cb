import { parentPort, workerData } from 'node:worker_threads';
import { verifyEntries } from './export-verifier';
import {
  ENTRIES_PER_MESSAGE,
  MESSAGES_AHEAD,
  type ExportVerifierThreadData,
  type FromExportVerifierThread,
  type ToExportVerifierThread,
} from './export-verifier-messages';

/**
 * The verifier thread: reads, parses and hashes an export and checks it (`verifyEntries`),
 * sending the lines of the entries that passed to the thread that started it, a few messages
 * ahead of what that thread has taken, so memory stays flat however far ahead verifying runs.
 */
async function run(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the export verifier must run as a worker thread');
  const data = workerData as ExportVerifierThreadData;
  const send = (message: FromExportVerifierThread): void => port.postMessage(message);
  let ahead = 0;
  let taken: (() => void) | null = null;
  port.on('message', (message: ToExportVerifierThread) => {
    if (message.kind !== 'taken') return;
    ahead -= 1;
    const wake = taken;
    taken = null;
    wake?.();
  });
  let lines: string[] = [];
  let samePayload: boolean[] = [];
  let first = 0;
  const sendLines = (): void => {
    send({ kind: 'entries', first, lines, samePayload });
    lines = [];
    samePayload = [];
    ahead += 1;
  };
  try {
    const result = await verifyEntries(
      data.file,
      {
        publicKey: data.publicKey,
        heldCheckpoints: data.heldCheckpoints,
        origin: data.origin,
        progressEvery: data.progressEvery,
        onProgress: (progress) => send({ kind: 'progress', progress }),
      },
      async (line, event, leafIndex, same) => {
        if (lines.length === 0) first = leafIndex;
        if (same) {
          const { data: _shared, ...envelope } = event;
          lines.push(JSON.stringify(envelope));
        } else lines.push(line);
        samePayload.push(same);
        if (lines.length < ENTRIES_PER_MESSAGE) return;
        sendLines();
        while (ahead >= MESSAGES_AHEAD) await new Promise<void>((resolve) => (taken = resolve));
      },
    );
    if (lines.length > 0) sendLines();
    send({ kind: 'done', result });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    send({ kind: 'error', message: failure.message, stack: failure.stack });
  }
}

void run();
