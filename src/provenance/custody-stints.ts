import type { LotDoc, TransformationDoc } from '../../projections/custody-graph.projection';

/**
 * Where a lot's material was, and whose it was, from its creation or receipt there to its
 * shipment or consumption: the intervals during which it "passed through" a party and a facility.
 * In transit it is at nobody's facility, so no stint covers the voyage.
 */
export interface CustodyStint {
  lotId: string;
  /** The holder: the creator, then each receiver. */
  partyId: string;
  facilityId: string | null;
  activity: 'extraction' | 'recovery' | 'transformation' | 'receipt';
  from: string;
  /** Null while the material is still there. */
  to: string | null;
}

/**
 * The point a stretch of a lot's history is traced up to: a transformation that consumed from it
 * (its position and business time). Receipts and shipments after it do not concern what went in.
 */
export interface StintCutoff {
  position: bigint;
  occurredAt: string;
}

/**
 * The stints of a lot up to `cutoff` (null: up to now). The last stint ends at the cutoff's time
 * when it is given, at the lot's retirement when it was retired, and is open otherwise.
 */
export function custodyStints(lot: LotDoc, produced: TransformationDoc | undefined, cutoff: StintCutoff | null): CustodyStint[] {
  const before = (position: string) => cutoff === null || BigInt(position) < cutoff.position;
  const hops = lot.hops.filter((hop) => before(hop.shippedPosition));
  const creator = produced?.custodianId ?? lot.hops[0]?.fromPartyId ?? lot.custodianId;
  const creation: CustodyStint = {
    lotId: lot.lotId,
    partyId: creator,
    facilityId: lot.origin?.facilityId ?? produced?.facilityId ?? null,
    activity: lot.origin ? (lot.origin.kind === 'extraction' ? 'extraction' : 'recovery') : 'transformation',
    from: lot.createdAt,
    to: null,
  };
  const stints = [creation];
  let current: CustodyStint | null = creation;
  for (const hop of hops) {
    if (current) current.to = hop.shippedAt;
    current = null;
    if (hop.receipt && before(hop.receipt.position)) {
      current = { lotId: lot.lotId, partyId: hop.receipt.receiverId, facilityId: hop.receipt.facilityId, activity: 'receipt', from: hop.receipt.receivedAt, to: null };
      stints.push(current);
    }
  }
  if (current) current.to = cutoff ? cutoff.occurredAt : (lot.retirement?.occurredAt ?? null);
  return stints;
}
