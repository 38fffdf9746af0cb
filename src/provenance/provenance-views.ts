import type { CorrectionView, FlagView } from './provenance-graph';

/**
 * The answers of the provenance reads as they go over the wire: types only, free of the read
 * models, so the explorer's browser code checks against the very shapes the service sends.
 */

/** `GET /v1/lots/{lotId}`: the brief's lot state. */
export interface LotStateView {
  lotId: string;
  form: string;
  status: string;
  custodianId: string;
  grossMassKg: string;
  composition: Record<string, string>;
  openFlags: FlagView[];
  corrections: CorrectionView[];
  position: string;
}

export interface MineralOrigins {
  massKg: string;
  origins: { facilityId: string; country: string; recycled: boolean; massKg: string; share: number }[];
  byCountry: Record<string, number>;
  recycledShare: number;
  /** Recovered from pre-consumer (manufacturing) waste; with `postConsumerShare` it sums to `recycledShare`. */
  preConsumerShare: number;
  /** Recovered from post-consumer (end-of-life) waste. */
  postConsumerShare: number;
  certifiedShare: number;
  flaggedShare: number;
}

/** `GET /v1/lots/{lotId}/origins`: the brief's origins shape. */
export interface OriginsView {
  lotId: string;
  position: string;
  minerals: Record<string, MineralOrigins>;
}

/** A page of a list: `next` is the cursor of the following page (`after=`), null on the last. */
export interface ListPage<T> {
  items: T[];
  next: string | null;
  /** The position the page was read at; null before the first event. */
  position: string | null;
}
