import type { Position } from '../event-store/event-store.port';
import { FACILITIES, LOTS, PARENTS, PARTIES, TRANSFORMATIONS, type FacilityDoc, type LotDoc, type PartyDoc, type TransformationDoc } from '../../projections/custody-graph.projection';
import { PARTY_LOTS } from '../../projections/downstream.projection';
import { ATTRIBUTIONS } from '../../projections/origin-composition.projection';
import type { Attribution } from '../../projections/origin-attribution';
import type { DocumentReader } from '../../projections/projection';
import { endOf, startOf } from './day-bounds';

/** Facility kinds that make the EMRT Smelter List: where ore, concentrate or intermediates are smelted, refined or converted. */
export const SMELTER_KINDS: readonly string[] = ['smelter', 'refinery', 'converter'];

/** One row of the Smelter or Mine List: a facility upstream of lots the party received, for one mineral. */
export interface EmrtFacilityRow {
  mineral: string;
  facilityId: string;
  name: string;
  kind: string;
  country: string;
  /** RMI smelter id (`CID…`) where the facility registered one; always null on the Mine List. */
  rmiSmelterId: string | null;
  operatorId: string;
  operatorName: string | null;
  /** The received lots this facility is upstream of, for this mineral. */
  lots: string[];
}

/** `GET /v1/reports/emrt`: RMI Extended Minerals Reporting Template lists, derived from the ledger. */
export interface EmrtView {
  partyId: string;
  from: string | null;
  to: string | null;
  position: string;
  /** The lots the party received in the period, that the lists are derived from. */
  receivedLots: string[];
  smelters: EmrtFacilityRow[];
  mines: EmrtFacilityRow[];
}

export interface EmrtPeriod {
  /** First day or instant of the period (inclusive); open when absent. */
  from?: string;
  /** Last day or instant of the period (inclusive); open when absent. */
  to?: string;
}

/**
 * The Smelter List (processing facilities upstream of the lots the party received in the period,
 * per mineral the lot contains and the facility's outputs contained) and the Mine List (the
 * extraction origins of those lots by mass balance, per mineral), as of `at`. Recycled origins are
 * not mines and appear on neither list; lots the party made itself or never received count for nothing.
 */
export function emrtLists(reader: DocumentReader, partyId: string, period: EmrtPeriod, at: Position): EmrtView {
  const from = period.from === undefined ? -Infinity : startOf(period.from);
  const to = period.to === undefined ? Infinity : endOf(period.to);
  const held = reader.getManyAt<LotDoc>(LOTS, reader.linkedAt(PARTY_LOTS, partyId, at), at);
  const received: { lot: LotDoc; at: Position }[] = [];
  for (const lot of held.values()) {
    const receipt = lot.hops.find((h) => h.receipt?.receiverId === partyId && from <= Date.parse(h.receipt.receivedAt) && Date.parse(h.receipt.receivedAt) <= to)?.receipt;
    if (receipt) received.push({ lot, at: BigInt(receipt.position) });
  }
  received.sort((a, b) => (a.lot.lotId < b.lot.lotId ? -1 : 1));

  const rows = { smelters: new Map<string, EmrtFacilityRow>(), mines: new Map<string, EmrtFacilityRow>() };
  const facilities = new Map<string, FacilityDoc | undefined>();
  const facility = (id: string) => {
    if (!facilities.has(id)) facilities.set(id, reader.getAt<FacilityDoc>(FACILITIES, id, at));
    return facilities.get(id);
  };
  const add = (list: 'smelters' | 'mines', mineral: string, facilityId: string, lotId: string) => {
    const key = `${mineral}\u0000${facilityId}`;
    const doc = facility(facilityId);
    const row = rows[list].get(key) ?? {
      mineral,
      facilityId,
      name: doc?.name ?? facilityId,
      kind: doc?.kind ?? 'unknown',
      country: doc?.country ?? 'unknown',
      rmiSmelterId: list === 'smelters' ? (doc?.rmiSmelterId ?? null) : null,
      operatorId: doc?.operatorId ?? 'unknown',
      operatorName: null,
      lots: [],
    };
    if (!row.lots.includes(lotId)) row.lots.push(lotId);
    rows[list].set(key, row);
  };

  for (const { lot, at: receivedAt } of received) {
    // As the lot was when received: what was upstream of it then is its whole past.
    const upstream = [lot.lotId, ...reader.reachableAt(PARENTS, [lot.lotId], receivedAt).map((r) => r.key)];
    const lots = reader.getManyAt<LotDoc>(LOTS, upstream, receivedAt);
    // What it contained when received (consumed since, it contains nothing now).
    const contained = new Set(Object.keys(lots.get(lot.lotId)?.composition ?? {}));
    const made = reader.getManyAt<TransformationDoc>(TRANSFORMATIONS, [...lots.values()].flatMap((l) => (l.producedBy ? [l.producedBy] : [])), receivedAt);
    for (const t of made.values()) {
      if (!SMELTER_KINDS.includes(facility(t.facilityId)?.kind ?? '')) continue;
      const outputMinerals = new Set(t.outputs.filter((o) => lots.has(o.lotId)).flatMap((o) => Object.keys(o.composition)));
      for (const mineral of outputMinerals) if (contained.has(mineral)) add('smelters', mineral, t.facilityId, lot.lotId);
    }
    const attribution = reader.getAt<Attribution>(ATTRIBUTIONS, lot.lotId, receivedAt) ?? {};
    for (const [mineral, parts] of Object.entries(attribution)) {
      for (const part of parts) if (!part.recycled && part.facilityId !== 'unknown' && part.massG > 0) add('mines', mineral, part.facilityId, lot.lotId);
    }
  }

  const operators = reader.getManyAt<PartyDoc>(PARTIES, [...new Set([...rows.smelters.values(), ...rows.mines.values()].map((r) => r.operatorId))], at);
  const listed = (list: Map<string, EmrtFacilityRow>) =>
    [...list.values()]
      .map((row) => ({ ...row, operatorName: operators.get(row.operatorId)?.name ?? null, lots: [...row.lots].sort() }))
      .sort((a, b) => (a.mineral !== b.mineral ? (a.mineral < b.mineral ? -1 : 1) : a.facilityId < b.facilityId ? -1 : a.facilityId > b.facilityId ? 1 : 0));
  return {
    partyId,
    from: period.from ?? null,
    to: period.to ?? null,
    position: at.toString(),
    receivedLots: received.map((r) => r.lot.lotId),
    smelters: listed(rows.smelters),
    mines: listed(rows.mines),
  };
}

const CSV_COLUMNS = ['list', 'metal', 'facilityId', 'name', 'country', 'rmiSmelterId', 'operatorId', 'operatorName', 'lots'] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Both lists as one CSV table (RFC 4180, CRLF), `list` saying which: the shape spreadsheet users paste into the EMRT. */
export function emrtCsv(view: EmrtView): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const [list, rows] of [['smelter', view.smelters], ['mine', view.mines]] as const) {
    for (const r of rows) {
      lines.push([list, r.mineral, r.facilityId, r.name, r.country, r.rmiSmelterId ?? '', r.operatorId, r.operatorName ?? '', r.lots.join(' ')].map(csvField).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
