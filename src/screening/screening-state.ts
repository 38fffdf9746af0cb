import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Position } from '../event-store/event-store.port';

/** An amendment screening waits for: its effective date is in the future. */
export interface DueScreening {
  listId: string;
  amendmentId: string;
  dueAt: string;
}

/**
 * What the screening reactor keeps between runs, in `<dataDir>/screening.sqlite`: the position up
 * to which it has handled the log, and the amendments it will screen once they take effect. Both
 * only save work: everything it writes is decided again from the log, and refused when done.
 */
export class ScreeningState {
  private readonly db: Database.Database;
  private readonly readCheckpoint: Database.Statement;
  private readonly writeCheckpoint: Database.Statement;
  private readonly schedule: Database.Statement;
  private readonly unschedule: Database.Statement;
  private readonly due: Database.Statement;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'screening.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS scheduled (list_id TEXT NOT NULL, amendment_id TEXT NOT NULL, due_at TEXT NOT NULL, PRIMARY KEY (list_id, amendment_id));
    `);
    this.readCheckpoint = this.db.prepare('SELECT position FROM checkpoint WHERE id = 1');
    this.writeCheckpoint = this.db.prepare('INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position');
    this.schedule = this.db.prepare('INSERT OR REPLACE INTO scheduled (list_id, amendment_id, due_at) VALUES (?, ?, ?)');
    this.unschedule = this.db.prepare('DELETE FROM scheduled WHERE list_id = ? AND amendment_id = ?');
    this.due = this.db.prepare('SELECT list_id AS listId, amendment_id AS amendmentId, due_at AS dueAt FROM scheduled');
  }

  checkpoint(): Position | null {
    const row = this.readCheckpoint.get() as { position: string } | undefined;
    return row ? BigInt(row.position) : null;
  }

  saveCheckpoint(position: Position): void {
    this.writeCheckpoint.run(position.toString());
  }

  scheduleAt(due: DueScreening): void {
    this.schedule.run(due.listId, due.amendmentId, due.dueAt);
  }

  done(listId: string, amendmentId: string): void {
    this.unschedule.run(listId, amendmentId);
  }

  scheduled(): DueScreening[] {
    return (this.due.all() as DueScreening[]).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }

  close(): void {
    this.db.close();
  }
}
