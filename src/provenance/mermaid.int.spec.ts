import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { streams } from '../domain/events';
import { projectInMemory } from '../../projections/provenance-projections';
import { workedExampleLog } from '../../projections/testing/worked-example';
import { toMermaid } from './mermaid';
import { ProvenanceQueries } from './provenance-queries';

function parseMermaid(text: string): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [join(__dirname, 'testing', 'parse-mermaid.mjs')], { input: text, encoding: 'utf8', timeout: 60_000 });
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

describe('Mermaid output, checked by the Mermaid parser', () => {
  it('parses as a flowchart, flags, hops and awkward ids included', () => {
    const log = workedExampleLog();
    log.record(streams.lot('JP-LIOH-1'), {
      type: 'LotShipped',
      data: { lotId: 'JP-LIOH-1', shipmentId: 'SHIP "1" | [a]', fromPartyId: 'jp-refiner', toPartyId: 'us-cathode', destinationCountry: 'US', grossMassG: 150_000_000 },
    });
    log.record(streams.lot('JP-LIOH-1'), {
      type: 'LotReceived',
      data: { lotId: 'JP-LIOH-1', shipmentId: 'SHIP "1" | [a]', receiverId: 'us-cathode', facilityId: 'plant {x} (y)', country: 'US', shippedMassG: 150_000_000, receivedMassG: 149_000_000, composition: { lithium: 25_826_666 } },
    });
    log.transform({
      transformationId: 'CAM<1>#2',
      facilityId: 'plant {x} (y)',
      country: 'US',
      process: 'cathode "NMC"',
      custodianId: 'us-cathode',
      inputs: [{ lotId: 'JP-LIOH-1', consumedMassG: 149_000_000, givenUp: { lithium: 25_826_666 } }],
      outputs: [{ lotId: 'US-CAM-1', form: 'cathode-material', grossMassG: 300_000_000, composition: { lithium: 25_000_000 } }],
    });
    log.record(streams.facility('au-mine'), {
      type: 'FlagRaised',
      data: { flagId: 'F1', subject: { kind: 'facility', facilityId: 'au-mine' }, category: 'child-labor', severity: 'high', description: 'report', automatic: false },
    });
    const text = toMermaid(new ProvenanceQueries(projectInMemory(log.events)).provenance('US-CAM-1'));

    expect(parseMermaid(text)).toEqual({ ok: true, output: 'flowchart-v2' });
  });

  it('rejects a broken flowchart, so the check above can fail', () => {
    expect(parseMermaid('flowchart LR\n  n0["unclosed\n  n0 --> n1').ok).toBe(false);
  });
});
