/** A lot as the index's fold keeps it: its GS1 class, remaining gross and where it is. */
export interface CachedLot {
  epcClass: string | null;
  grossMassG: number;
  /** Null while in transit. */
  facilityId: string | null;
}

/** Lots kept in memory at most; past it the longest-held goes (a lot is read back a few times, then rarely). */
export const MAX_CACHED_LOTS = 20_000;

/**
 * What the EPCIS index's fold reads back from its own tables on nearly every event: party and
 * facility identifiers (few, never changing) and the lots' state. Known absence is remembered as
 * null. The index writes through it and clears it when a batch rolls back.
 */
export class MasterDataCache {
  private readonly parties = new Map<string, string | null>();
  private readonly facilities = new Map<string, string | null>();
  private readonly lots = new Map<string, CachedLot | null>();

  partyPgln(partyId: string, load: () => string | null): string | null {
    return remembered(this.parties, partyId, load);
  }

  facilityGln(facilityId: string, load: () => string | null): string | null {
    return remembered(this.facilities, facilityId, load);
  }

  lot(lotId: string, load: () => CachedLot | null): CachedLot | null {
    const known = this.lots.get(lotId);
    if (known !== undefined) return known;
    const loaded = load();
    this.setLot(lotId, loaded);
    return loaded;
  }

  setPartyPgln(partyId: string, pgln: string | null): void {
    this.parties.set(partyId, pgln);
  }

  setFacilityGln(facilityId: string, gln: string | null): void {
    this.facilities.set(facilityId, gln);
  }

  /** A live service sees every lot once at least, so writes are bounded too, not only reads. */
  setLot(lotId: string, lot: CachedLot | null): void {
    if (this.lots.size >= MAX_CACHED_LOTS && !this.lots.has(lotId)) this.lots.delete(this.lots.keys().next().value as string);
    this.lots.set(lotId, lot);
  }

  get cachedLots(): number {
    return this.lots.size;
  }

  clear(): void {
    this.parties.clear();
    this.facilities.clear();
    this.lots.clear();
  }
}

function remembered<T>(map: Map<string, T | null>, key: string, load: () => T | null): T | null {
  const known = map.get(key);
  if (known !== undefined) return known;
  const loaded = load();
  map.set(key, loaded);
  return loaded;
}
