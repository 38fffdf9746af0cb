import {
  facilityUri,
  glnOf,
  gs1CheckDigit,
  isGln,
  lotClassUri,
  lotIdOfGtinLot,
  parseFacilityId,
  parseLotClass,
  parsePartyId,
  parseShipmentUri,
  parseTransformationUri,
  partyUri,
  shipmentUri,
  transformationUri,
} from './identifiers';

describe('EPCIS identifiers', () => {
  it('computes GS1 check digits (GLN 0614141000012 and GTIN 10614141073464 of the GS1 examples)', () => {
    expect(gs1CheckDigit('061414100001')).toBe(2);
    expect(gs1CheckDigit('1061414107346')).toBe(4);
    expect(isGln('0614141000012')).toBe(true);
    expect(isGln('0614141000013')).toBe(false);
    expect(isGln('061414100001')).toBe(false);
  });

  describe('lots', () => {
    it('reads the ledger’s own lot class', () => {
      expect(parseLotClass('urn:cml:lot:AU-SPOD-1')).toEqual({ lotId: 'AU-SPOD-1' });
      expect(lotClassUri('AU-SPOD-1')).toBe('urn:cml:lot:AU-SPOD-1');
      expect(parseLotClass('urn:cml:lot:')).toBeNull();
      expect(parseLotClass('urn:cml:lot:bad/id')).toBeNull();
    });

    it('gives an LGTIN and the Digital Link of the same GTIN and lot one lot id, and keeps the form used', () => {
      const urn = 'urn:epc:class:lgtin:0614141.107346.2018';
      const link = 'https://id.gs1.org/01/10614141073464/10/2018';
      expect(parseLotClass(urn)).toEqual({ lotId: 'gtin:10614141073464:2018', gs1: urn });
      expect(parseLotClass(link)).toEqual({ lotId: 'gtin:10614141073464:2018', gs1: link });
      expect(lotClassUri('gtin:10614141073464:2018', link)).toBe(link);
    });

    it('escapes lot characters outside the id alphabet one-to-one (the escape character too)', () => {
      expect(lotIdOfGtinLot('10614141073464', 'A/B')).toBe('gtin:10614141073464:A_2FB');
      expect(lotIdOfGtinLot('10614141073464', 'A_2FB')).toBe('gtin:10614141073464:A_5F2FB');
      expect(parseLotClass('urn:epc:class:lgtin:0614141.107346.A%2FB')?.lotId).toBe('gtin:10614141073464:A_2FB');
    });

    it('refuses what is not a lot class: an SGTIN, a GTIN without lot, a wrong length, a bad lot', () => {
      expect(parseLotClass('urn:epc:id:sgtin:0614141.107346.2017')).toBeNull();
      expect(parseLotClass('https://id.gs1.org/01/10614141073464')).toBeNull();
      expect(parseLotClass('https://id.gs1.org/01/10614141073464/21/2018')).toBeNull();
      expect(parseLotClass('urn:epc:class:lgtin:0614141.10734.2018')).toBeNull();
      expect(parseLotClass('https://id.gs1.org/01/10614141073465/10/2018')).toBeNull();
      expect(parseLotClass('urn:epc:class:lgtin:0614141.107346.' + 'x'.repeat(21))).toBeNull();
      expect(parseLotClass('not a uri')).toBeNull();
    });
  });

  describe('parties and facilities', () => {
    it('reads ledger ids, PGLN and SGLN URNs and Digital Links to the same GLN', () => {
      expect(parsePartyId('urn:cml:party:refinery-jp')).toEqual({ kind: 'ledger-id', id: 'refinery-jp' });
      expect(parsePartyId('urn:epc:id:pgln:0614141.00001')).toEqual({ kind: 'gln', gln: '0614141000012' });
      expect(parsePartyId('https://id.gs1.org/417/0614141000012')).toEqual({ kind: 'gln', gln: '0614141000012' });
      expect(parseFacilityId('urn:cml:facility:mine-au')).toEqual({ kind: 'ledger-id', id: 'mine-au' });
      expect(parseFacilityId('urn:epc:id:sgln:0614141.00001.0')).toEqual({ kind: 'gln', gln: '0614141000012' });
      expect(parseFacilityId('https://id.gs1.org/414/0614141000012/254/7')).toEqual({ kind: 'gln', gln: '0614141000012' });
    });

    it('refuses a facility URN where a party is expected, and a GLN with a wrong check digit', () => {
      expect(parsePartyId('urn:cml:facility:mine-au')).toBeNull();
      expect(parsePartyId('urn:epc:id:sgln:0614141.00001.0')).toBeNull();
      expect(parseFacilityId('https://id.gs1.org/414/0614141000013')).toBeNull();
    });

    it('shows a party or facility with the GS1 key it was registered with, else its ledger URN', () => {
      expect(partyUri('refinery-jp')).toBe('urn:cml:party:refinery-jp');
      expect(partyUri('refinery-jp', '0614141000012')).toBe('https://id.gs1.org/417/0614141000012');
      expect(partyUri('refinery-jp', 'urn:epc:id:pgln:0614141.00001')).toBe('urn:epc:id:pgln:0614141.00001');
      expect(facilityUri('mine-au')).toBe('urn:cml:facility:mine-au');
      expect(facilityUri('mine-au', 'urn:epc:id:sgln:0614141.00001.0')).toBe('urn:epc:id:sgln:0614141.00001.0');
      expect(glnOf('urn:epc:id:sgln:0614141.00001.0')).toBe('0614141000012');
      expect(glnOf('0614141000012')).toBe('0614141000012');
      expect(glnOf('0614141000013')).toBeNull();
    });

    it('names shipments as business transactions', () => {
      expect(shipmentUri('SHP-1')).toBe('urn:cml:shipment:SHP-1');
      expect(parseShipmentUri('urn:cml:shipment:SHP-1')).toBe('SHP-1');
      expect(parseShipmentUri('urn:epcglobal:cbv:bt:0614141000012:1152')).toBeNull();
    });

    it('names transformations by their ledger id', () => {
      expect(transformationUri('JP-REF-1')).toBe('urn:cml:transformation:JP-REF-1');
      expect(parseTransformationUri('urn:cml:transformation:JP-REF-1')).toBe('JP-REF-1');
      expect(parseTransformationUri('urn:cml:shipment:JP-REF-1')).toBeNull();
    });
  });
});
