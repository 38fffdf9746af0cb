import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { logPageStatement, readLogPage } from '../event-store/sqlite/log-pages';
import { PendingRows } from './pending-writes';
import { READ_CHECKPOINT, WRITE_CHECKPOINT } from './read-model-schema';
import type { FromRebuildThread, RebuildThreadData, ToRebuildThread } from './rebuild-messages';

/**
 * The rebuild thread: while the read models are folded again from zero, it commits the rows the
 * fold hands over (each batch with its checkpoint, in one transaction) and, on the embedded
 * store, reads the log a few pages ahead of the fold. SQLite's reading and writing then overlap
 * with the folding on the thread that started it.
 */
function run(): void {
  const port = parentPort;
  if (!port) throw new Error('the rebuild thread must run as a worker thread');
  const data = workerData as RebuildThreadData;
  const send = (message: FromRebuildThread): void => port.postMessage(message);
  const fail = (error: unknown): void => {
    const failure = error instanceof Error ? error : new Error(String(error));
    send({ kind: 'failed', message: failure.message, stack: failure.stack });
  };

  const db = new Database(data.readModelFile, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // The file is marked as being rebuilt until the fold ends and syncs it: a crash meanwhile
  // leaves a file that is rebuilt again, so these commits need no fsync.
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = -${Math.round(data.cacheMiB * 1024)}`);
  const inserts = data.inserts.map((insert) => new PendingRows(db, insert));
  const readCheckpoint = db.prepare(READ_CHECKPOINT).pluck().safeIntegers(true);
  const writeCheckpoint = db.prepare(WRITE_CHECKPOINT);
  const commit = db.transaction((message: Extract<ToRebuildThread, { kind: 'commit' }>) => {
    const at = (readCheckpoint.get() as bigint | undefined)?.toString() ?? null;
    if (at !== message.expected) {
      throw new Error(`the read models' checkpoint moved to ${at ?? 'none'} under the rebuild: another process is writing the file`);
    }
    message.rows.forEach((values, i) => inserts[i].write(values));
    writeCheckpoint.run(BigInt(message.checkpoint));
  });

  const log = data.log;
  let logDb: Database.Database | null = log ? new Database(log.file, { readonly: true, fileMustExist: true }) : null;
  const readPage = logDb ? logPageStatement(logDb) : null;
  let after = BigInt(log?.after ?? 0);
  let credit = 0;
  let scheduled = false;
  const readAhead = (): void => {
    if (scheduled || credit <= 0 || logDb === null || readPage === null || log === null) return;
    scheduled = true;
    // One page per turn, so commits waiting in the queue are not held up behind a run of reads.
    setImmediate(() => {
      scheduled = false;
      if (logDb === null) return;
      try {
        const { page, count, last } = readLogPage(readPage, after, log.pageSize);
        if (count > 0) send({ kind: 'page', page });
        credit -= 1;
        if (last !== null) after = last;
        if (count < log.pageSize) {
          logDb.close();
          logDb = null;
          send({ kind: 'log-end' });
          return;
        }
      } catch (error) {
        fail(error);
        return;
      }
      readAhead();
    });
  };

  port.on('message', (message: ToRebuildThread) => {
    switch (message.kind) {
      case 'commit':
        try {
          commit.immediate(message);
          send({ kind: 'committed', batch: message.batch });
        } catch (error) {
          fail(error);
        }
        return;
      case 'read':
        credit += message.pages;
        readAhead();
        return;
      case 'close':
        logDb?.close();
        logDb = null;
        db.close();
        send({ kind: 'closed' });
        port.close();
        return;
    }
  });
}

run();
