import { join } from 'node:path';
import type { EventEnvelopeJson } from '../event-store/event-envelope';
import { startProjectWorker } from '../worker-threads/project-worker';
import { toPublicKey } from './checkpoint';
import type { ExportVerificationResult, VerifyExportOptions } from './export-verifier';
import type { ExportVerifierThreadData, FromExportVerifierThread, ToExportVerifierThread } from './export-verifier-messages';

/**
 * `verifyExport` of a file whose entries go to `onEvent`: the verifier thread reads, parses,
 * hashes and checks the file, and this thread parses each entry that passed once more and hands
 * it to `onEvent`, in order, while the next ones are verified. The result is the same as on one
 * thread: `onEvent` sees exactly the entries that passed their own checks before any failure.
 */
export function verifyExportInThread(file: string, options: VerifyExportOptions): Promise<ExportVerificationResult> {
  const onEvent = options.onEvent;
  if (!onEvent) throw new Error('verifyExportInThread hands entries to onEvent, and none was given');
  const data: ExportVerifierThreadData = {
    file,
    publicKey: toPublicKey(options.publicKey).export({ type: 'spki', format: 'pem' }).toString(),
    heldCheckpoints: options.heldCheckpoints ?? [],
    origin: options.origin,
    progressEvery: options.progressEvery,
  };
  const worker = startProjectWorker(join(__dirname, 'export-verifier-thread'), data);
  return new Promise<ExportVerificationResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    const queue: FromExportVerifierThread[] = [];
    let payload: EventEnvelopeJson['data'] = {};
    let taking = false;
    // Messages are taken strictly in order, one at a time, however long `onEvent` takes.
    const take = async (): Promise<void> => {
      if (taking) return;
      taking = true;
      try {
        for (let message = queue.shift(); message !== undefined && !settled; message = queue.shift()) {
          switch (message.kind) {
            case 'entries':
              for (let i = 0; i < message.lines.length; i++) {
                let event: EventEnvelopeJson;
                if (message.samePayload[i]) event = { ...(JSON.parse(message.lines[i]) as EventEnvelopeJson), data: payload };
                else event = (JSON.parse(message.lines[i]) as { event: EventEnvelopeJson }).event;
                payload = event.data;
                const pending = onEvent(event, message.first + i);
                if (pending) await pending;
              }
              worker.postMessage({ kind: 'taken' } satisfies ToExportVerifierThread);
              break;
            case 'progress':
              options.onProgress?.(message.progress);
              break;
            case 'done':
              settle(() => resolve(withBuffers(message.result)));
              break;
            case 'error': {
              const error = new Error(message.message);
              error.stack = message.stack ?? error.stack;
              settle(() => reject(error));
              break;
            }
          }
        }
      } catch (error) {
        settle(() => reject(error as Error));
      } finally {
        taking = false;
      }
    };
    worker.on('message', (message: FromExportVerifierThread) => {
      queue.push(message);
      void take();
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the export verifier thread exited (code ${code})`))));
  });
}

/** Hashes cross threads as Uint8Array; the result holds Buffers, as on one thread. */
function withBuffers(result: ExportVerificationResult): ExportVerificationResult {
  const buffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    ...result,
    checkpoint: result.checkpoint && { ...result.checkpoint, rootHash: buffer(result.checkpoint.rootHash) },
    rootHash: result.rootHash && buffer(result.rootHash),
    held: result.held.map((held) => ({ ...held, rootHash: buffer(held.rootHash) })),
  };
}
