import { useEffect, useState } from 'preact/hooks';
import type { ProvenanceGraph, ProvenanceNode } from '../../../src/provenance/provenance-graph';
import type { Api, EventEnvelope } from '../api';
import { messageOf } from '../app';
import { readableKg, when } from '../format';
import { href } from '../route';
import { describeEvent } from './timeline';

/** The clicked node: what it is, its open flags and certificates, and the events of the ledger behind it. */
export function NodeDetails({ api, graph, nodeId, onClose }: { api: Api; graph: ProvenanceGraph; nodeId: string; onClose: () => void }) {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const [events, setEvents] = useState<EventEnvelope[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const source = node ? eventsSource(node, graph) : null;

  useEffect(() => {
    setEvents(null);
    setError(null);
    if (!source) return;
    api
      .lotEvents(source.lotId)
      .then((answer) => setEvents(answer.events.filter((e) => BigInt(e.position) <= BigInt(graph.position) && source.keep(e))))
      .catch((e) => setError(messageOf(e)));
  }, [nodeId, graph.position]);

  if (!node) return null;
  const flags = 'openFlags' in node ? node.openFlags : [];
  const certifications = 'certifications' in node ? node.certifications : [];
  return (
    <aside class="details" aria-labelledby="details-title">
      <h3 id="details-title">{titleOf(node)}</h3>
      <button type="button" class="close" onClick={onClose}>
        Close
      </button>
      <dl>{facts(node)}</dl>
      <h4>Open flags</h4>
      {flags.length === 0 ? (
        <p>none</p>
      ) : (
        <ul class="flags">
          {flags.map((f) => (
            <li class={`severity-${f.severity}`}>
              <strong>
                {f.category} ({f.severity})
              </strong>{' '}
              since {when(f.raisedAt)}: {f.description}
            </li>
          ))}
        </ul>
      )}
      <h4>Certificates</h4>
      {certifications.length === 0 ? (
        <p>none</p>
      ) : (
        <ul>
          {certifications.map((c) => (
            <li>
              {c.scheme} by {c.issuer}, valid {c.validFrom} to {c.validTo}
            </li>
          ))}
        </ul>
      )}
      <h4>Events</h4>
      {!source && node.kind === 'facility' && (
        <>
          <p>Lots extracted or recovered here, in this graph (a facility has no lot events of its own):</p>
          <ul>
            {graph.edges
              .filter((e) => e.from === node.id && e.kind === 'origin')
              .map((e) => (
                <li>
                  <a href={href(`/lots/${encodeURIComponent(e.to.slice('lot:'.length))}`, { asOf: new URL(location.href).searchParams.get('asOf') ?? undefined })}>
                    {e.to.slice('lot:'.length)}
                  </a>{' '}
                  ({readableKg(e.massKg ?? '0')})
                </li>
              ))}
          </ul>
        </>
      )}
      {error && <p class="error">{error}</p>}
      {source && !events && !error && <p class="loading">Reading events…</p>}
      {events && (
        <ol class="node-events">
          {events.map((e) => (
            <li>
              <span class="event-type">{e.type}</span> {when(e.occurredAt)}: {describeEvent(e)} <span class="muted">(position {e.position})</span>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

/** Which lot stream holds the node's events, and which of them are the node's. */
function eventsSource(node: ProvenanceNode, graph: ProvenanceGraph): { lotId: string; keep: (e: EventEnvelope) => boolean } | null {
  switch (node.kind) {
    case 'lot':
      return { lotId: node.lotId, keep: () => true };
    case 'shipment':
      return { lotId: node.lotId, keep: (e) => e.data.shipmentId === node.shipmentId };
    case 'transformation': {
      const output = graph.edges.find((e) => e.from === node.id && e.kind === 'output');
      return output ? { lotId: output.to.slice('lot:'.length), keep: (e) => e.data.transformationId === node.transformationId } : null;
    }
    default:
      return null;
  }
}

function titleOf(node: ProvenanceNode): string {
  switch (node.kind) {
    case 'lot':
      return `Lot ${node.lotId}`;
    case 'shipment':
      return `Custody hop ${node.shipmentId}`;
    case 'transformation':
      return `Transformation ${node.transformationId}`;
    case 'facility':
      return node.name ?? node.facilityId;
  }
}

function facts(node: ProvenanceNode) {
  const rows: [string, string][] = [];
  switch (node.kind) {
    case 'lot':
      rows.push(['form', node.form], ['status', node.status], ['made with', readableKg(node.madeMassKg)], ['mass now', readableKg(node.grossMassKg)], ['custodian', node.custodianName ?? node.custodianId], ['made', when(node.createdAt)]);
      rows.push(['lot page', '']);
      break;
    case 'shipment':
      rows.push(['from', node.fromPartyName ?? node.fromPartyId], ['to', node.toPartyName ?? node.toPartyId], ['shipped', `${readableKg(node.shippedMassKg)} on ${when(node.shippedAt)}`]);
      rows.push(['received', node.receipt ? `${readableKg(node.receipt.receivedMassKg)} at ${node.receipt.facilityName ?? node.receipt.facilityId} (${node.receipt.country}) on ${when(node.receipt.receivedAt)}` : `not yet (to ${node.destinationCountry})`]);
      break;
    case 'transformation':
      rows.push(['process', node.process], ['facility', `${node.facilityName ?? node.facilityId} (${node.country})`], ['by', node.custodianName ?? node.custodianId], ['on', when(node.occurredAt)]);
      break;
    case 'facility':
      rows.push(['kind', node.facilityKind ?? 'facility'], ['country', node.country], ['id', node.facilityId]);
      break;
  }
  return rows.map(([term, value]) =>
    term === 'lot page' && node.kind === 'lot' ? (
      <>
        <dt>open</dt>
        <dd>
          <a href={href(`/lots/${encodeURIComponent(node.lotId)}`, { asOf: new URL(location.href).searchParams.get('asOf') ?? undefined })}>the page of lot {node.lotId}</a>
        </dd>
      </>
    ) : (
      <>
        <dt>{term}</dt>
        <dd>{value}</dd>
      </>
    ),
  );
}
