import { MasterDataCache, MAX_CACHED_LOTS } from './master-data-cache';

const lot = (facilityId: string) => ({ epcClass: null, grossMassG: 1_000, facilityId });

describe('the EPCIS index master-data cache', () => {
  it('holds at most MAX_CACHED_LOTS lots however they arrive, letting the longest-held go first', () => {
    const cache = new MasterDataCache();
    // A live service writes every new lot through the cache: writes must be bounded too.
    for (let i = 0; i < MAX_CACHED_LOTS + 10; i++) cache.setLot(`L-${i}`, lot('F'));
    expect(cache.cachedLots).toBe(MAX_CACHED_LOTS);
    let loads = 0;
    const load = () => {
      loads += 1;
      return lot('from-table');
    };
    expect(cache.lot(`L-${MAX_CACHED_LOTS + 9}`, load)).toEqual(lot('F'));
    expect(cache.lot('L-0', load)).toEqual(lot('from-table'));
    expect(loads).toBe(1);
    expect(cache.cachedLots).toBe(MAX_CACHED_LOTS);
  });

  it('remembers a known absence without loading again', () => {
    const cache = new MasterDataCache();
    let loads = 0;
    const load = () => {
      loads += 1;
      return null;
    };
    expect(cache.lot('missing', load)).toBeNull();
    expect(cache.lot('missing', load)).toBeNull();
    expect(loads).toBe(1);
  });
});
