import { streams } from '../../src/domain/events';
import { LedgerLogBuilder } from './ledger-log-builder';

const kg = (n: number) => n * 1000;

/** The brief's worked example: AU spodumene, CL brine and US black mass refined into JP-LIOH-1. */
export function workedExampleLog(): LedgerLogBuilder {
  const log = new LedgerLogBuilder();
  log.record(streams.party('au-miner'), { type: 'PartyRegistered', data: { partyId: 'au-miner', name: 'AU Miner', country: 'AU', roles: ['producer'] } });
  log.record(streams.party('jp-refiner'), { type: 'PartyRegistered', data: { partyId: 'jp-refiner', name: 'JP Refiner', country: 'JP', roles: ['processor'] } });
  log.record(streams.facility('au-mine'), { type: 'FacilityRegistered', data: { facilityId: 'au-mine', operatorId: 'au-miner', name: 'Greenbushes', kind: 'mine', country: 'AU' } });
  log.record(streams.facility('cl-brine'), { type: 'FacilityRegistered', data: { facilityId: 'cl-brine', operatorId: 'cl-producer', name: 'Salar', kind: 'mine', country: 'CL' } });
  log.record(streams.facility('us-recycler'), { type: 'FacilityRegistered', data: { facilityId: 'us-recycler', operatorId: 'us-recycler-co', name: 'Recycler', kind: 'recycler', country: 'US' } });
  log.record(streams.facility('jp-refinery'), { type: 'FacilityRegistered', data: { facilityId: 'jp-refinery', operatorId: 'jp-refiner', name: 'Refinery', kind: 'refinery', country: 'JP' } });
  log.record(streams.lot('AU-SPOD-1'), {
    type: 'LotExtracted',
    data: { lotId: 'AU-SPOD-1', form: 'concentrate', grossMassG: kg(1_000_000), composition: { lithium: kg(27_900) }, facilityId: 'au-mine', country: 'AU', custodianId: 'au-miner' },
  });
  log.record(streams.lot('CL-BRINE-7'), {
    type: 'LotExtracted',
    data: { lotId: 'CL-BRINE-7', form: 'brine', grossMassG: kg(200_000), composition: { lithium: kg(12_000) }, facilityId: 'cl-brine', country: 'CL', custodianId: 'cl-producer' },
  });
  log.record(streams.lot('US-BM-3'), {
    type: 'LotRecovered',
    data: {
      lotId: 'US-BM-3',
      form: 'black-mass',
      grossMassG: kg(50_000),
      composition: { lithium: kg(1_500), nickel: kg(10_000), cobalt: kg(3_000), manganese: kg(3_000) },
      facilityId: 'us-recycler',
      country: 'US',
      custodianId: 'us-recycler-co',
      feedstock: 'post-consumer',
    },
  });
  log.transform({
    transformationId: 'JP-REFINE-1',
    facilityId: 'jp-refinery',
    country: 'JP',
    process: 'refining',
    custodianId: 'jp-refiner',
    inputs: [
      { lotId: 'AU-SPOD-1', consumedMassG: kg(500_000), givenUp: { lithium: kg(13_950) } },
      { lotId: 'CL-BRINE-7', consumedMassG: kg(200_000), givenUp: { lithium: kg(12_000) } },
      {
        lotId: 'US-BM-3',
        consumedMassG: kg(50_000),
        givenUp: { lithium: kg(1_500), nickel: kg(10_000), cobalt: kg(3_000), manganese: kg(3_000) },
      },
    ],
    outputs: [{ lotId: 'JP-LIOH-1', form: 'hydroxide', grossMassG: kg(150_000), composition: { lithium: kg(26_000) } }],
  });
  return log;
}
