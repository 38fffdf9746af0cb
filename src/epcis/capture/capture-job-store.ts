import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ErrorBehaviour } from '../../ledger/unit-of-work';
import type { EventProblem } from './epcis-capture';

/** A capture job as the EPCIS REST binding shows it. */
export interface CaptureJob {
  captureID: string;
  createdAt: string;
  finishedAt?: string;
  running: boolean;
  success: boolean;
  captureErrorBehaviour: ErrorBehaviour;
  errors: EventProblem[];
}

/** A job that was accepted but has not finished: what is needed to run it again after a restart. */
export interface UnfinishedJob {
  captureID: string;
  ownerId: string;
  ownerRoles: string[];
  behaviour: ErrorBehaviour;
  document: string;
}

interface JobRow {
  capture_id: string;
  created_at: string;
  finished_at: string | null;
  running: number;
  success: number;
  behaviour: ErrorBehaviour;
  errors: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS capture_jobs (
  seq          INTEGER PRIMARY KEY,
  capture_id   TEXT    NOT NULL UNIQUE,
  owner_id     TEXT    NOT NULL,
  owner_roles  TEXT    NOT NULL,
  created_at   TEXT    NOT NULL,
  finished_at  TEXT,
  running      INTEGER NOT NULL,
  success      INTEGER NOT NULL,
  behaviour    TEXT    NOT NULL,
  errors       TEXT    NOT NULL,
  document     TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS capture_jobs_by_owner ON capture_jobs (owner_id, seq);
CREATE INDEX IF NOT EXISTS capture_jobs_running ON capture_jobs (running) WHERE running = 1;
`;

/**
 * Capture jobs in `<data dir>/capture-jobs.sqlite`, beside the log (like the credentials): a job
 * and the document it captures are committed (synchronous=FULL) before the ledger answers 202,
 * so a restart finds every unfinished job and runs it again. The document is dropped once the
 * job has finished; the job's outcome stays.
 */
export class CaptureJobStore {
  private readonly db: Database.Database;
  private readonly sql;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'capture-jobs.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.sql = {
      insert: this.db.prepare(
        'INSERT INTO capture_jobs (capture_id, owner_id, owner_roles, created_at, running, success, behaviour, errors, document) VALUES (?, ?, ?, ?, 1, 0, ?, ?, ?)',
      ),
      finish: this.db.prepare('UPDATE capture_jobs SET running = 0, success = ?, finished_at = ?, errors = ?, document = NULL WHERE capture_id = ?'),
      one: this.db.prepare<[string, string], JobRow>(
        'SELECT capture_id, created_at, finished_at, running, success, behaviour, errors FROM capture_jobs WHERE owner_id = ? AND capture_id = ?',
      ),
      page: this.db.prepare<[string, number, number], JobRow & { seq: number }>(
        'SELECT seq, capture_id, created_at, finished_at, running, success, behaviour, errors FROM capture_jobs WHERE owner_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
      seqOf: this.db.prepare<[string, string], number>('SELECT seq FROM capture_jobs WHERE owner_id = ? AND capture_id = ?').pluck(),
      unfinished: this.db.prepare<[], { capture_id: string; owner_id: string; owner_roles: string; behaviour: ErrorBehaviour; document: string }>(
        'SELECT capture_id, owner_id, owner_roles, behaviour, document FROM capture_jobs WHERE running = 1 ORDER BY seq',
      ),
    };
  }

  /** Records an accepted job with its document; durable when this returns. */
  create(job: CaptureJob, owner: { partyId: string; roles: readonly string[] }, document: string): void {
    this.sql.insert.run(job.captureID, owner.partyId, JSON.stringify(owner.roles), job.createdAt, job.captureErrorBehaviour, '[]', document);
  }

  finish(captureID: string, outcome: { success: boolean; errors: EventProblem[]; finishedAt: string }): void {
    this.sql.finish.run(outcome.success ? 1 : 0, outcome.finishedAt, JSON.stringify(outcome.errors), captureID);
  }

  find(ownerId: string, captureID: string): CaptureJob | null {
    const row = this.sql.one.get(ownerId, captureID);
    return row ? toJob(row) : null;
  }

  /** The owner's jobs, newest first, `limit` of them before the job `before` (exclusive). */
  list(ownerId: string, limit: number, before?: string): { jobs: CaptureJob[]; more: boolean } | null {
    const beforeSeq = before === undefined ? Number.MAX_SAFE_INTEGER : this.sql.seqOf.get(ownerId, before);
    if (beforeSeq === undefined) return null;
    const rows = this.sql.page.all(ownerId, beforeSeq, limit + 1);
    return { jobs: rows.slice(0, limit).map(toJob), more: rows.length > limit };
  }

  unfinished(): UnfinishedJob[] {
    return this.sql.unfinished.all().map((row) => ({
      captureID: row.capture_id,
      ownerId: row.owner_id,
      ownerRoles: JSON.parse(row.owner_roles) as string[],
      behaviour: row.behaviour,
      document: row.document,
    }));
  }

  close(): void {
    this.db.close();
  }
}

function toJob(row: JobRow): CaptureJob {
  return {
    captureID: row.capture_id,
    createdAt: row.created_at,
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    running: row.running === 1,
    success: row.success === 1,
    captureErrorBehaviour: row.behaviour,
    errors: JSON.parse(row.errors) as EventProblem[],
  };
}
