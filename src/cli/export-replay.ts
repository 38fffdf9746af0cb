import { LOTS, type LotDoc, type LotStatus } from '../../projections/custody-graph.projection';
import { FLAGS, type FlagRecord } from '../../projections/flags-and-certifications.projection';
import { ledgerEventOf } from '../../projections/ledger-event';
import { MemoryDocuments } from '../../projections/memory-documents';
import { applyEvent } from '../../projections/provenance-projections';
import type { Composition, PartyRole } from '../domain/events';
import { fromEnvelopeJson, type EventEnvelopeJson } from '../event-store/event-envelope';
import { formatKg } from '../provenance/kilograms';
import { ExposureQueries, type ExposureView } from '../provenance/exposure-queries';
import type { ExposureBasis } from '../provenance/exposure';
import { ProvenanceQueries, type OriginsView } from '../provenance/provenance-queries';
import { WATCHLIST_INDEX } from '../../projections/screening.projection';

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
 * The regulator's replay of an export: the same pure projections the service folds, run in
 * memory over the file's events, so the answers need no server and no database.
 */
export class ExportReplay {
  readonly documents = new MemoryDocuments();
  private readonly queries = new ProvenanceQueries(this.documents);
  private readonly exposures = new ExposureQueries(this.documents, this.queries);
  private events = 0;
  private readonly roles = new Map<string, PartyRole[]>();
  private readonly facilities = new Set<string>();
  private readonly lots = new Set<string>();
  private readonly flags = new Set<string>();
  private readonly atOrigin = new Map<string, number>();

  /** Fold one exported event (in log order). */
  apply(envelope: EventEnvelopeJson): void {
    const event = fromEnvelopeJson(envelope);
    applyEvent(this.documents, event);
    this.events += 1;
    const typed = ledgerEventOf(event);
    if (typed === null) return;
    switch (typed.type) {
      case 'PartyRegistered':
        this.roles.set(typed.data.partyId, typed.data.roles);
        break;
      case 'FacilityRegistered':
        this.facilities.add(typed.data.facilityId);
        break;
      case 'LotExtracted':
      case 'LotRecovered':
        this.lots.add(typed.data.lotId);
        this.addOrigin(typed.data.composition);
        break;
      case 'LotTransformed':
        for (const output of typed.data.outputs) this.lots.add(output.lotId);
        break;
      case 'FlagRaised':
        this.flags.add(typed.data.flagId);
        break;
      default:
        break;
    }
  }

  summary(): LedgerSummary {
    const byRole: Record<string, number> = {};
    for (const roles of this.roles.values()) for (const role of roles) byRole[role] = (byRole[role] ?? 0) + 1;
    const byStatus: Record<LotStatus, number> = { active: 0, 'in-transit': 0, consumed: 0, retired: 0 };
    const held = new Map<string, number>();
    let lots = 0;
    for (const lotId of this.lots) {
      const lot = this.documents.get<LotDoc>(LOTS, lotId);
      if (lot === undefined) continue;
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
    for (const flagId of [...this.flags].sort()) {
      const flag = this.documents.get<FlagRecord>(FLAGS, flagId);
      if (flag === undefined || flag.resolution !== null) continue;
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
    return {
      events: this.events,
      parties: { total: this.roles.size, byRole: sortKeys(byRole) },
      facilities: this.facilities.size,
      lots: { total: lots, byStatus },
      minerals,
      openFlags,
    };
  }

  /** A lot's origin composition, computed exactly as `GET /v1/lots/{lotId}/origins` answers it. */
  origins(lotId: string): OriginsView {
    return this.queries.origins(lotId);
  }

  /** A lot's exposure to a watch list, computed exactly as `GET /v1/lots/{lotId}/exposure` answers it. */
  exposure(lotId: string, listId: string, basis: ExposureBasis, now: string): ExposureView {
    return this.exposures.lotExposure(lotId, listId, { basis, now });
  }

  /** The ids of the watch lists the export holds. */
  watchlists(): string[] {
    const at = this.documents.lastPosition();
    return at === null ? [] : this.documents.linkedAt(WATCHLIST_INDEX, '*', at);
  }

  private addOrigin(composition: Composition): void {
    for (const [mineral, grams] of Object.entries(composition)) this.atOrigin.set(mineral, (this.atOrigin.get(mineral) ?? 0) + grams);
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
