import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FACILITIES, LOTS, PARTIES, type LotDoc, type LotStatus, type PartyDoc } from '../../projections/custody-graph.projection';
import { FLAGS, type FlagRecord } from '../../projections/flags-and-certifications.projection';
import { ledgerEventOf } from '../../projections/ledger-event';
import { provenanceProjections } from '../../projections/provenance-projections';
import { WATCHLIST_INDEX } from '../../projections/screening.projection';
import type { Composition } from '../domain/events';
import { fromEnvelopeJson, type EventEnvelopeJson } from '../event-store/event-envelope';
import type { RecordedEvent } from '../event-store/event-store.port';
import { SqliteReadModel } from '../projection-runner/sqlite-read-model';
import { ExposureQueries, type ExposureView } from '../provenance/exposure-queries';
import type { ExposureBasis } from '../provenance/exposure';
import { formatKg } from '../provenance/kilograms';
import { ProvenanceQueries, type OriginsView } from '../provenance/provenance-queries';

/** Events folded per transaction into the replay's read models. */
const BATCH = 1000;

export interface OpenFlagSummary {
  flagId: string;
  subject: string;
  category: string;
  severity: string;
  automatic: boolean;
  raisedAt: string;
}

export interface LedgerSummary {
  events: number;
  parties: { total: number; byRole: Record<string, number> };
  facilities: number;
  lots: { total: number; byStatus: Record<LotStatus, number> };
  /**
   * Contained mass per mineral in kg: `atOrigin` as first recorded by extraction or recovery,
   * `held` in the lots still active or in transit (what the ledger tracks today).
   */
  minerals: Record<string, { atOriginKg: string; heldKg: string }>;
  openFlags: OpenFlagSummary[];
}

/**
 * The regulator's replay of an export: the same pure projections the service folds, run over the
 * file's events into read models of its own, so the answers need no server and no database.
 * Given a folder, they live in a SQLite file there (a temporary one: memory stays flat however
 * long the export); without one, in memory.
 */
export class ExportReplay {
  readonly documents: SqliteReadModel;
  private readonly queries: ProvenanceQueries;
  private readonly exposures: ExposureQueries;
  private events = 0;
  private readonly atOrigin = new Map<string, number>();
  private pending: RecordedEvent[] = [];

  constructor(
    dir?: string,
    /** Called once the read models are closed (removes a temporary folder). */
    private readonly onClose?: () => void,
  ) {
    this.documents = new SqliteReadModel(dir === undefined ? ':memory:' : join(dir, 'read-models.sqlite'), provenanceProjections);
    // A throwaway file: commits need no fsync.
    this.documents.beginRebuild();
    this.queries = new ProvenanceQueries(this.documents);
    this.exposures = new ExposureQueries(this.documents, this.queries);
  }

  /** Read models in a folder of their own under the system's temporary folder, removed on `close` or when the process exits. */
  static inTemporaryFolder(): ExportReplay {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-replay-'));
    const remove = (): void => rmSync(dir, { recursive: true, force: true });
    process.once('exit', remove);
    return new ExportReplay(dir, () => {
      process.off('exit', remove);
      remove();
    });
  }

  /** Fold one exported event (in log order). */
  apply(envelope: EventEnvelopeJson): void {
    const event = fromEnvelopeJson(envelope);
    this.pending.push(event);
    if (this.pending.length >= BATCH) this.fold();
    this.events += 1;
    const typed = ledgerEventOf(event);
    if (typed !== null && (typed.type === 'LotExtracted' || typed.type === 'LotRecovered')) this.addOrigin(typed.data.composition);
  }

  /** Closes the read models (and removes their temporary folder); answers end here. */
  close(): void {
    if (!this.documents.open) return;
    this.documents.close();
    this.onClose?.();
  }

  summary(): LedgerSummary {
    this.fold();
    const byRole: Record<string, number> = {};
    let parties = 0;
    for (const [, party] of this.documents.latest<PartyDoc>(PARTIES)) {
      parties += 1;
      for (const role of party.roles) byRole[role] = (byRole[role] ?? 0) + 1;
    }
    let facilities = 0;
    for (const _ of this.documents.latest(FACILITIES)) facilities += 1;
    const byStatus: Record<LotStatus, number> = { active: 0, 'in-transit': 0, consumed: 0, retired: 0 };
    const held = new Map<string, number>();
    let lots = 0;
    for (const [, lot] of this.documents.latest<LotDoc>(LOTS)) {
      lots += 1;
      byStatus[lot.status] += 1;
      if (lot.status === 'active' || lot.status === 'in-transit') {
        for (const [mineral, grams] of Object.entries(lot.composition)) held.set(mineral, (held.get(mineral) ?? 0) + grams);
      }
    }
    const minerals: LedgerSummary['minerals'] = {};
    for (const mineral of [...new Set([...this.atOrigin.keys(), ...held.keys()])].sort()) {
      minerals[mineral] = { atOriginKg: formatKg(this.atOrigin.get(mineral) ?? 0), heldKg: formatKg(held.get(mineral) ?? 0) };
    }
    const openFlags: OpenFlagSummary[] = [];
    for (const [flagId, flag] of this.documents.latest<FlagRecord>(FLAGS)) {
      if (flag.resolution !== null) continue;
      openFlags.push({
        flagId,
        subject:
          flag.subject.kind === 'lot'
            ? `lot ${flag.subject.lotId}`
            : flag.subject.kind === 'facility'
              ? `facility ${flag.subject.facilityId}`
              : `party ${flag.subject.partyId}`,
        category: flag.category,
        severity: flag.severity,
        automatic: flag.automatic,
        raisedAt: flag.raisedAt,
      });
    }
    openFlags.sort((a, b) => (a.flagId < b.flagId ? -1 : a.flagId > b.flagId ? 1 : 0));
    return {
      events: this.events,
      parties: { total: parties, byRole: sortKeys(byRole) },
      facilities,
      lots: { total: lots, byStatus },
      minerals,
      openFlags,
    };
  }

  /** A lot's origin composition, computed exactly as `GET /v1/lots/{lotId}/origins` answers it. */
  origins(lotId: string): OriginsView {
    this.fold();
    return this.queries.origins(lotId);
  }

  /** A lot's exposure to a watch list, computed exactly as `GET /v1/lots/{lotId}/exposure` answers it. */
  exposure(lotId: string, listId: string, basis: ExposureBasis, now: string): ExposureView {
    this.fold();
    return this.exposures.lotExposure(lotId, listId, { basis, now });
  }

  /** The ids of the watch lists the export holds. */
  watchlists(): string[] {
    this.fold();
    const at = this.documents.lastPosition();
    return at === null ? [] : this.documents.linkedAt(WATCHLIST_INDEX, '*', at);
  }

  private fold(): void {
    if (this.pending.length === 0) return;
    this.documents.applyBatch(this.pending);
    this.pending = [];
  }

  private addOrigin(composition: Composition): void {
    for (const [mineral, grams] of Object.entries(composition)) this.atOrigin.set(mineral, (this.atOrigin.get(mineral) ?? 0) + grams);
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
