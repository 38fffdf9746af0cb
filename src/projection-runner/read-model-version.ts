import type Database from 'better-sqlite3';
import type { Projection } from '../../projections/projection';
import { projectionFingerprint } from '../../projections/projection-fingerprint';
import { STORAGE_LAYOUT } from './read-model-schema';

/** Prefix of the stored fingerprint while a rebuild is under way: such a file is stale on open. */
const REBUILDING = 'rebuilding ';

/**
 * What built a read-model file, as recorded in it: the fingerprint of the projections and the
 * table layout, marked while a rebuild from zero is under way. A file whose record is not the
 * current fingerprint is stale and must be rebuilt from zero.
 */
export class ReadModelVersion {
  private stored: string;

  constructor(
    private readonly db: Database.Database,
    /** The current projections' fingerprint, from `readModelFingerprint`. */
    readonly fingerprint: string,
  ) {
    const row = db.prepare('SELECT fingerprint FROM read_model_meta WHERE id = 1').get() as { fingerprint: string } | undefined;
    // A stale file keeps its fingerprint until it is emptied, so a crash before then leaves it stale.
    this.stored = row?.fingerprint ?? fingerprint;
    if (row === undefined) this.write(fingerprint);
  }

  /** True when the file was built by other projections, or by a rebuild that never finished. */
  get stale(): boolean {
    return this.stored !== this.fingerprint;
  }

  /** False when the file's tables have another shape than this code writes (they must be dropped). */
  get layoutIsCurrent(): boolean {
    return layoutOf(this.stored) === STORAGE_LAYOUT;
  }

  /** Marks the file as being rebuilt; call inside the transaction that empties it. */
  markRebuilding(): void {
    this.write(`${REBUILDING}${this.fingerprint}`);
  }

  /** Marks the file as built by the current projections. */
  markCurrent(): void {
    this.write(this.fingerprint);
  }

  private write(fingerprint: string): void {
    this.stored = fingerprint;
    this.db
      .prepare('INSERT INTO read_model_meta (id, fingerprint) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint')
      .run(fingerprint);
  }
}

/**
 * What a file built by these projections records: the table layout and each projection's
 * fingerprint (its definition: `projection-fingerprint.ts`), with `version` when one is given.
 */
export function readModelFingerprint(projections: readonly Projection[], version?: number): string {
  return JSON.stringify({
    layout: STORAGE_LAYOUT,
    ...(version === undefined ? {} : { version }),
    projections: projections.map((p) => ({ name: p.name, definition: projectionFingerprint(p) })),
  });
}

function layoutOf(fingerprint: string): number | undefined {
  try {
    return (JSON.parse(fingerprint.startsWith(REBUILDING) ? fingerprint.slice(REBUILDING.length) : fingerprint) as { layout?: number }).layout;
  } catch {
    return undefined;
  }
}
