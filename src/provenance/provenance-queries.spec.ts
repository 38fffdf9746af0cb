import { streams } from '../domain/events';
import { projectInMemory } from '../../projections/provenance-projections';
import { workedExampleLog } from '../../projections/testing/worked-example';
import { toDot } from './dot';
import { toMermaid } from './mermaid';
import { ProvenanceQueries } from './provenance-queries';
import { InvalidAsOfError, LotNotFoundError, PositionNotYetProjectedError } from './provenance.errors';

const queriesOver = (log: ReturnType<typeof workedExampleLog>) => new ProvenanceQueries(projectInMemory(log.events));

/** The worked example, then JP-LIOH-1 shipped on and two thirds of it made into a cathode lot. */
function extendedLog() {
  const log = workedExampleLog();
  log.record(streams.lot('JP-LIOH-1'), {
    type: 'LotShipped',
    data: { lotId: 'JP-LIOH-1', shipmentId: 'SHIP-1', fromPartyId: 'jp-refiner', toPartyId: 'us-cathode', toFacilityId: 'us-plant', destinationCountry: 'US', grossMassG: 150_000_000 },
  });
  log.record(streams.lot('JP-LIOH-1'), {
    type: 'LotReceived',
    data: { lotId: 'JP-LIOH-1', shipmentId: 'SHIP-1', receiverId: 'us-cathode', facilityId: 'us-plant', country: 'US', shippedMassG: 150_000_000, receivedMassG: 150_000_000, composition: { lithium: 26_000_000 } },
  });
  log.transform({
    transformationId: 'US-CATHODE-1',
    facilityId: 'us-plant',
    country: 'US',
    process: 'cathode production',
    custodianId: 'us-cathode',
    inputs: [{ lotId: 'JP-LIOH-1', consumedMassG: 100_000_000, givenUp: { lithium: 17_333_333 } }],
    outputs: [{ lotId: 'US-CAM-1', form: 'cathode-material', grossMassG: 200_000_000, composition: { lithium: 17_000_000 } }],
  });
  return log;
}

describe('provenance queries', () => {
  it('answers the worked example origins in kilograms with the brief shape', () => {
    const view = queriesOver(workedExampleLog()).origins('JP-LIOH-1');

    expect(view.lotId).toBe('JP-LIOH-1');
    expect(view.minerals.lithium.massKg).toBe('26000.000');
    expect(view.minerals.lithium.origins.map((o) => [o.country, o.massKg, o.recycled])).toEqual([
      ['AU', '13213.115', false],
      ['CL', '11366.120', false],
      ['US', '1420.765', true],
    ]);
    expect(view.minerals.lithium.byCountry.AU).toBeCloseTo(0.5082, 4);
    expect(view.minerals.lithium.recycledShare).toBeCloseTo(0.0546, 4);
    expect(view.minerals.lithium.certifiedShare).toBe(0);
    expect(view.minerals.lithium.flaggedShare).toBe(0);
  });

  it('counts as certified only origins whose facility held a certification valid at extraction', () => {
    const log = workedExampleLog();
    log.record(streams.facility('au-mine'), {
      type: 'CertificationRecorded',
      data: { certificationId: 'IRMA-1', subject: { kind: 'facility', facilityId: 'au-mine' }, scheme: 'IRMA', issuer: 'IRMA', validFrom: '2025-01-01', validTo: '2027-12-31' },
    });
    log.record(streams.facility('cl-brine'), {
      type: 'CertificationRecorded',
      data: { certificationId: 'OLD-1', subject: { kind: 'facility', facilityId: 'cl-brine' }, scheme: 'X', issuer: 'X', validFrom: '2020-01-01', validTo: '2021-01-01' },
    });

    const lithium = queriesOver(log).origins('JP-LIOH-1').minerals.lithium;

    expect(lithium.certifiedShare).toBeCloseTo(13_213_115 / 26_000_000, 12);
  });

  it('shows a flag on a mine facility in every descendant until it is resolved, and keeps it as of before', () => {
    const log = extendedLog();
    const raised = log.record(streams.facility('au-mine'), {
      type: 'FlagRaised',
      data: { flagId: 'F1', subject: { kind: 'facility', facilityId: 'au-mine' }, category: 'child-labor', severity: 'high', description: 'report', automatic: false },
    });
    const before = log.head;
    log.record(streams.facility('au-mine'), { type: 'FlagResolved', data: { flagId: 'F1', subject: { kind: 'facility', facilityId: 'au-mine' }, outcome: 'cleared', note: 'audit' } });
    const queries = queriesOver(log);

    for (const lotId of ['AU-SPOD-1', 'JP-LIOH-1', 'US-CAM-1']) {
      expect(queries.origins(lotId).minerals.lithium.flaggedShare).toBe(0);
      const then = queries.origins(lotId, { asOf: before }).minerals.lithium.flaggedShare;
      expect(then).toBeGreaterThan(0);
    }
    expect(queries.origins('AU-SPOD-1', { asOf: raised }).minerals.lithium.flaggedShare).toBe(1);
    expect(queries.origins('US-CAM-1', { asOf: before }).minerals.lithium.flaggedShare).toBeCloseTo(13_950 / 27_450, 12);
    expect(queries.origins('JP-LIOH-1', { asOf: before }).minerals.lithium.flaggedShare).toBeCloseTo(13_950 / 27_450, 12);
    expect(queries.origins('US-CAM-1', { asOf: log.recordedAtOf(before) }).minerals.lithium.flaggedShare).toBeGreaterThan(0);
  });

  it('flags every mineral of a lot that passed through a flagged facility before it was consumed', () => {
    const log = extendedLog();
    log.record(streams.facility('us-plant'), {
      type: 'FlagRaised',
      data: { flagId: 'F2', subject: { kind: 'facility', facilityId: 'us-plant' }, category: 'environmental', severity: 'low', description: 'spill', automatic: false },
    });

    const queries = queriesOver(log);

    expect(queries.origins('US-CAM-1').minerals.lithium.flaggedShare).toBe(1);
    expect(queries.origins('JP-LIOH-1').minerals.lithium.flaggedShare).toBe(1);
    expect(queries.origins('AU-SPOD-1').minerals.lithium.flaggedShare).toBe(0);
  });

  it('does not pass on exposure a lot picked up only after it fed a transformation', () => {
    const log = extendedLog();
    log.record(streams.lot('AU-SPOD-1'), {
      type: 'LotShipped',
      data: { lotId: 'AU-SPOD-1', shipmentId: 'SHIP-2', fromPartyId: 'au-miner', toPartyId: 'trader', destinationCountry: 'SG', grossMassG: 500_000_000 },
    });
    log.record(streams.lot('AU-SPOD-1'), {
      type: 'LotReceived',
      data: { lotId: 'AU-SPOD-1', shipmentId: 'SHIP-2', receiverId: 'trader', facilityId: 'sg-port', country: 'SG', shippedMassG: 500_000_000, receivedMassG: 500_000_000, composition: { lithium: 13_950_000 } },
    });
    log.record(streams.facility('sg-port'), {
      type: 'FlagRaised',
      data: { flagId: 'F3', subject: { kind: 'facility', facilityId: 'sg-port' }, category: 'sanctions', severity: 'high', description: 'listed', automatic: false },
    });

    const queries = queriesOver(log);

    expect(queries.origins('AU-SPOD-1').minerals.lithium.flaggedShare).toBe(1);
    expect(queries.origins('JP-LIOH-1').minerals.lithium.flaggedShare).toBe(0);
    expect(queries.origins('US-CAM-1').minerals.lithium.flaggedShare).toBe(0);
  });

  it('shows a correction beside the lot without undoing the corrected event', () => {
    const log = extendedLog();
    const shipment = log.events.find((e) => e.type === 'LotShipped')!;
    log.record(streams.lot('JP-LIOH-1'), { type: 'EventCorrected', data: { correctedEventId: shipment.eventId, reason: 'wrong destination' } });
    const queries = queriesOver(log);

    expect(queries.lotState('JP-LIOH-1').corrections).toEqual([
      { correctedEventId: shipment.eventId, reason: 'wrong destination', declaredAt: log.events.at(-1)!.occurredAt },
    ]);
    expect(queries.provenance('US-CAM-1').nodes.find((n) => n.id === 'lot:JP-LIOH-1')).toMatchObject({ corrections: [{ reason: 'wrong destination' }] });
    expect(queries.provenance('US-CAM-1').nodes.some((n) => n.id === 'shipment:SHIP-1')).toBe(true);
    expect(queries.lotState('JP-LIOH-1', { asOf: log.head - 1n }).corrections).toEqual([]);
  });

  it('answers as of a position what the ledger knew then', () => {
    const log = extendedLog();
    const queries = queriesOver(log);
    const beforeRefining = 9n;

    expect(() => queries.origins('JP-LIOH-1', { asOf: beforeRefining })).toThrow(LotNotFoundError);
    expect(queries.lotState('AU-SPOD-1', { asOf: beforeRefining })).toMatchObject({ grossMassKg: '1000000.000', status: 'active', position: '9' });
    expect(queries.lotState('AU-SPOD-1')).toMatchObject({ grossMassKg: '500000.000', composition: { lithium: '13950.000' } });
    expect(() => queries.lotState('AU-SPOD-1', { asOf: 10_000n })).toThrow(PositionNotYetProjectedError);
    expect(() => queries.lotState('AU-SPOD-1', { asOf: 'yesterday' })).toThrow(InvalidAsOfError);
    expect(() => queries.lotState('AU-SPOD-1', { asOf: '1999-01-01T00:00:00Z' })).toThrow(LotNotFoundError);
  });

  it('traces the upstream graph with transformations, hops and origin facilities, bounded by depth', () => {
    const queries = queriesOver(extendedLog());

    const graph = queries.provenance('US-CAM-1');
    const ids = graph.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['lot:US-CAM-1', 'lot:JP-LIOH-1', 'lot:AU-SPOD-1', 'transformation:US-CATHODE-1', 'transformation:JP-REFINE-1', 'facility:au-mine', 'shipment:SHIP-1']));
    expect(graph.edges).toContainEqual({ from: 'lot:AU-SPOD-1', to: 'transformation:JP-REFINE-1', kind: 'input', massKg: '500000.000' });
    expect(graph.edges).toContainEqual({ from: 'lot:JP-LIOH-1', to: 'shipment:SHIP-1', kind: 'custody', massKg: '150000.000' });

    const shallow = queries.provenance('US-CAM-1', { depth: 1 });
    expect(shallow.nodes.map((n) => n.id).sort()).toEqual(['lot:JP-LIOH-1', 'lot:US-CAM-1', 'shipment:SHIP-1', 'transformation:US-CATHODE-1']);
    expect(shallow.nodes.find((n) => n.id === 'lot:JP-LIOH-1')).toMatchObject({ truncated: true });
  });

  it('renders the graph as a Mermaid flowchart and as DOT with every node and edge', () => {
    const graph = queriesOver(extendedLog()).provenance('US-CAM-1');

    const mermaid = toMermaid(graph);
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid.match(/-->\|/g)).toHaveLength(graph.edges.length);
    expect(mermaid).not.toMatch(/\["[^"]*"[^\]]*"\]/);
    const dot = toDot(graph);
    expect(dot.startsWith('digraph "provenance US-CAM-1" {')).toBe(true);
    expect(dot.match(/ -> /g)).toHaveLength(graph.edges.length);
  });

  it('finds descendants of a lot and everything downstream of a facility', () => {
    const queries = queriesOver(extendedLog());

    expect(queries.descendants('AU-SPOD-1').descendants.map((d) => [d.lotId, d.depth])).toEqual([
      ['JP-LIOH-1', 1],
      ['US-CAM-1', 2],
    ]);
    expect(queries.facilityDownstream('cl-brine').lots.map((d) => [d.lotId, d.depth])).toEqual([
      ['CL-BRINE-7', 0],
      ['JP-LIOH-1', 1],
      ['US-CAM-1', 2],
    ]);
    expect(queries.facilityDownstream('us-plant').lots.map((d) => d.lotId)).toEqual(['JP-LIOH-1', 'US-CAM-1']);
    expect(queries.partyDownstream('jp-refiner').lots.map((d) => [d.lotId, d.depth])).toEqual([
      ['JP-LIOH-1', 0],
      ['US-CAM-1', 1],
    ]);
    expect(queries.partyMayRead('us-cathode', 'AU-SPOD-1')).toBe(true);
    expect(queries.partyMayRead('cl-producer', 'AU-SPOD-1')).toBe(false);
  });
});
