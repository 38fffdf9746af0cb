import { streams } from '../domain/events';
import { projectInMemory } from '../../projections/provenance-projections';
import { workedExampleLog } from '../../projections/testing/worked-example';
import { emrtCsv } from './emrt';
import { ProvenanceQueries } from './provenance-queries';

/**
 * The worked example, refined once more at a second refinery registered with an RMI smelter id, and
 * shipped to a cathode maker in March 2026, who makes it into cathode material. An unrelated nickel lot is mined and kept by its miner.
 */
function reportingLedger() {
  const log = workedExampleLog();
  log.record(streams.facility('jp-refinery-2'), { type: 'FacilityRegistered', data: { facilityId: 'jp-refinery-2', operatorId: 'jp-refiner', name: 'Refinery 2', kind: 'refinery', country: 'JP', identifiers: { rmiSmelterId: 'CID000001' } } });
  log.record(streams.facility('id-mine'), { type: 'FacilityRegistered', data: { facilityId: 'id-mine', operatorId: 'id-miner', name: 'Laterite', kind: 'mine', country: 'ID' } });
  log.record(streams.lot('ID-NI-1'), { type: 'LotExtracted', data: { lotId: 'ID-NI-1', form: 'ore', grossMassG: 9_000_000, composition: { nickel: 100_000 }, facilityId: 'id-mine', country: 'ID', custodianId: 'id-miner' } });
  log.transform({
    transformationId: 'JP-REFINE-2', facilityId: 'jp-refinery-2', country: 'JP', process: 'refining', custodianId: 'jp-refiner',
    inputs: [{ lotId: 'JP-LIOH-1', consumedMassG: 100_000_000, givenUp: { lithium: 17_333_333 } }],
    outputs: [{ lotId: 'JP-LIOH-2', form: 'hydroxide', grossMassG: 90_000_000, composition: { lithium: 17_000_000 } }],
  });
  log.advanceTo('2026-03-01T00:00:00.000Z');
  log.record(streams.lot('JP-LIOH-2'), { type: 'LotShipped', data: { lotId: 'JP-LIOH-2', shipmentId: 'S-1', fromPartyId: 'jp-refiner', toPartyId: 'us-cathode', destinationCountry: 'US', grossMassG: 90_000_000 } });
  log.record(streams.lot('JP-LIOH-2'), {
    type: 'LotReceived',
    data: { lotId: 'JP-LIOH-2', shipmentId: 'S-1', receiverId: 'us-cathode', facilityId: 'us-plant', country: 'US', shippedMassG: 90_000_000, receivedMassG: 90_000_000, composition: { lithium: 17_000_000 } },
  });
  // Consumed since: the lists still follow what the lot held when received.
  log.transform({
    transformationId: 'US-CAM', facilityId: 'us-plant', country: 'US', process: 'cathode production', custodianId: 'us-cathode',
    inputs: [{ lotId: 'JP-LIOH-2', consumedMassG: 90_000_000, givenUp: { lithium: 17_000_000 } }],
    outputs: [{ lotId: 'US-CAM-1', form: 'cathode-material', grossMassG: 100_000_000, composition: { lithium: 16_000_000 } }],
  });
  return new ProvenanceQueries(projectInMemory(log.events));
}

describe('EMRT Smelter and Mine Lists', () => {
  const queries = reportingLedger();

  it('lists every refinery and mine upstream of the lots the party received, per mineral, and nothing else', () => {
    const view = queries.emrt('us-cathode', { from: '2026-01-01', to: '2026-12-31' });
    expect(view.receivedLots).toEqual(['JP-LIOH-2']);
    expect(view.smelters.map((r) => [r.mineral, r.facilityId, r.rmiSmelterId, r.lots])).toEqual([
      ['lithium', 'jp-refinery', null, ['JP-LIOH-2']],
      ['lithium', 'jp-refinery-2', 'CID000001', ['JP-LIOH-2']],
    ]);
    // The recycled black mass is no mine; the Indonesian nickel never reached this party.
    expect(view.mines.map((r) => [r.mineral, r.facilityId, r.country, r.operatorName])).toEqual([
      ['lithium', 'au-mine', 'AU', 'AU Miner'],
      ['lithium', 'cl-brine', 'CL', null],
    ]);
  });

  it('counts receipts inside the period only, and lots the party made itself not at all', () => {
    expect(queries.emrt('us-cathode', { to: '2026-02-28' }).receivedLots).toEqual([]);
    expect(queries.emrt('jp-refiner', {}).receivedLots).toEqual([]);
    expect(queries.emrt('nobody', {}).smelters).toEqual([]);
  });

  it('writes both lists as one CSV table', () => {
    const csv = emrtCsv(queries.emrt('us-cathode', {}));
    expect(csv.split('\r\n')).toEqual([
      'list,metal,facilityId,name,country,rmiSmelterId,operatorId,operatorName,lots',
      'smelter,lithium,jp-refinery,Refinery,JP,,jp-refiner,JP Refiner,JP-LIOH-2',
      'smelter,lithium,jp-refinery-2,Refinery 2,JP,CID000001,jp-refiner,JP Refiner,JP-LIOH-2',
      'mine,lithium,au-mine,Greenbushes,AU,,au-miner,AU Miner,JP-LIOH-2',
      'mine,lithium,cl-brine,Salar,CL,,cl-producer,,JP-LIOH-2',
      '',
    ]);
  });
});
