import { streams } from '../domain/events';
import { projectInMemory } from '../../projections/provenance-projections';
import { workedExampleLog } from '../../projections/testing/worked-example';
import { toDot } from './dot';
import { edgeLabel, nodeLabel, readableKg } from './graph-labels';
import { toMermaid } from './mermaid';
import { ProvenanceQueries } from './provenance-queries';

/**
 * The worked example with hops on both sides of the refining: the AU concentrate travels to the
 * refinery before it is consumed (on the path), and what is left of it travels on afterwards (not
 * the lot's provenance); the hydroxide then goes to a cathode plant and is made into US-CAM-1.
 */
function hopsAroundTheRefining() {
  const log = workedExampleLog();
  const ship = (lotId: string, shipmentId: string, from: string, to: string, facilityId: string, country: string, grams: number) => {
    log.record(streams.lot(lotId), {
      type: 'LotShipped',
      data: { lotId, shipmentId, fromPartyId: from, toPartyId: to, destinationCountry: country, grossMassG: grams },
    });
    log.record(streams.lot(lotId), {
      type: 'LotReceived',
      data: { lotId, shipmentId, receiverId: to, facilityId, country, shippedMassG: grams, receivedMassG: grams, composition: {} },
    });
  };
  ship('AU-SPOD-1', 'SHIP-AU-REST', 'jp-refiner', 'kr-trader', 'kr-port', 'KR', 500_000_000);
  ship('JP-LIOH-1', 'SHIP-JP-US', 'jp-refiner', 'us-cathode', 'us-plant', 'US', 150_000_000);
  log.record(streams.party('us-cathode'), { type: 'PartyRegistered', data: { partyId: 'us-cathode', name: 'US Cathode & Co', country: 'US', roles: ['processor'] } });
  log.transform({
    transformationId: 'US-CATHODE-1',
    facilityId: 'us-plant',
    country: 'US',
    process: 'cathode production',
    custodianId: 'us-cathode',
    inputs: [{ lotId: 'JP-LIOH-1', consumedMassG: 100_000_000, givenUp: { lithium: 17_333_333 } }],
    outputs: [{ lotId: 'US-CAM-1', form: 'cathode-material', grossMassG: 200_000_000, composition: { lithium: 17_000_000 } }],
  });
  return new ProvenanceQueries(projectInMemory(log.events)).provenance('US-CAM-1');
}

describe('the upstream graph follows the material', () => {
  const graph = hopsAroundTheRefining();
  const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);

  it('puts a hop made before a transformation on the path into it, and leaves out hops made after', () => {
    expect(edge('lot:JP-LIOH-1', 'shipment:SHIP-JP-US')).toEqual({ from: 'lot:JP-LIOH-1', to: 'shipment:SHIP-JP-US', kind: 'custody', massKg: '150000.000' });
    expect(edge('shipment:SHIP-JP-US', 'transformation:US-CATHODE-1')).toEqual({
      from: 'shipment:SHIP-JP-US',
      to: 'transformation:US-CATHODE-1',
      kind: 'input',
      massKg: '100000.000',
    });
    expect(edge('lot:JP-LIOH-1', 'transformation:US-CATHODE-1')).toBeUndefined();
    expect(graph.nodes.map((n) => n.id)).not.toContain('shipment:SHIP-AU-REST');
  });

  it('gives every edge the mass that went along it, and every lot the mass it was made with', () => {
    expect(edge('facility:au-mine', 'lot:AU-SPOD-1')?.massKg).toBe('1000000.000');
    expect(graph.edges.every((e) => e.massKg !== null)).toBe(true);
    expect(graph.nodes.find((n) => n.id === 'lot:JP-LIOH-1')).toMatchObject({ madeMassKg: '150000.000', grossMassKg: '50000.000', status: 'active' });
  });

  it('names parties and facilities, and labels lots by the mass they were made with', () => {
    const shipment = graph.nodes.find((n) => n.id === 'shipment:SHIP-JP-US')!;
    expect(shipment).toMatchObject({ fromPartyName: 'JP Refiner', toPartyName: 'US Cathode & Co' });
    expect(nodeLabel(shipment, graph)[0]).toBe('JP Refiner → US Cathode & Co');
    const brine = graph.nodes.find((n) => n.id === 'lot:CL-BRINE-7')!;
    expect(nodeLabel(brine, graph)).toEqual(['CL-BRINE-7', `brine, made ${readableKg('200000.000')}`]);
    expect(edgeLabel(edge('facility:us-recycler', 'lot:US-BM-3')!, graph.nodes.find((n) => n.id === 'facility:us-recycler'))).toBe(`recovered ${readableKg('50000.000')}`);
  });

  it('draws top-down, keeps labels as posted in Mermaid (only " < > # as entity codes), and adds a legend without edges', () => {
    const mermaid = toMermaid(graph);
    expect(mermaid).toContain('direction TB');
    expect(mermaid).toContain('US Cathode & Co');
    expect(mermaid).not.toMatch(/#40;|#41;/);
    expect(mermaid).toContain('subgraph legend');
    const dot = toDot(graph);
    expect(dot).toContain('rankdir=TB');
    expect(dot).toContain('open flag of high severity');
  });

  it('names open flags with category and severity and outlines the node in the severity colour', () => {
    const log = workedExampleLog();
    log.record(streams.facility('au-mine'), {
      type: 'FlagRaised',
      data: { flagId: 'F1', subject: { kind: 'facility', facilityId: 'au-mine' }, category: 'child-labor', severity: 'medium', description: 'report', automatic: false },
    });
    const flagged = new ProvenanceQueries(projectInMemory(log.events)).provenance('JP-LIOH-1');
    const mine = flagged.nodes.find((n) => n.id === 'facility:au-mine')!;
    expect(nodeLabel(mine, flagged).join(' ')).toContain('open flag: child-labor (medium)');
    expect(toMermaid(flagged)).toMatch(/class n\d+ medium/);
    expect(toDot(flagged)).toMatch(/"facility:au-mine" \[[^\]]*color="#c05600", penwidth=3/);
  });
});
