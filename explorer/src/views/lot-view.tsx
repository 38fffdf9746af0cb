import { useEffect, useState } from 'preact/hooks';
import type { LotNode, ProvenanceGraph } from '../../../src/provenance/provenance-graph';
import type { OriginsView } from '../../../src/provenance/provenance-views';
import { ApiError, type Api, type Me } from '../api';
import { messageOf } from '../app';
import { NodeDetails } from '../components/node-details';
import { OriginCharts } from '../components/origin-charts';
import { ProvenanceGraphView } from '../components/provenance-graph';
import { Timeline } from '../components/timeline';
import { readableKg } from '../format';

/** One lot as of one moment: its state, its origins per mineral, its upstream graph and its history. */
export function LotView({ api, me, lotId, asOf }: { api: Api; me: Me; lotId: string; asOf: string | undefined }) {
  const [graph, setGraph] = useState<ProvenanceGraph | null>(null);
  const [origins, setOrigins] = useState<OriginsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([api.provenance(lotId, asOf), api.origins(lotId, asOf)])
      .then(([g, o]) => {
        setGraph(g);
        setOrigins(o);
      })
      .catch((e) => setError(explain(e, lotId, asOf)));
  }, [api, lotId, asOf]);

  if (error) {
    return (
      <section>
        <h1>Lot {lotId}</h1>
        <p class="error" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (!graph || !origins) return <p class="loading">Reading lot {lotId}…</p>;
  const root = graph.nodes.find((n): n is LotNode => n.id === `lot:${lotId}`)!;
  return (
    <article aria-labelledby="lot-title">
      <h1 id="lot-title">Lot {lotId}</h1>
      <p class="help">As of position {graph.position}.</p>
      <dl class="state">
        <dt>Form</dt>
        <dd>{root.form}</dd>
        <dt>Status</dt>
        <dd>{root.status}</dd>
        <dt>Custodian</dt>
        <dd>{root.custodianName ?? root.custodianId}</dd>
        <dt>Mass now</dt>
        <dd>{readableKg(root.grossMassKg)}</dd>
        <dt>Made with</dt>
        <dd>{readableKg(root.madeMassKg)}</dd>
        <dt>Contains</dt>
        <dd>
          {Object.entries(root.composition)
            .map(([mineral, kg]) => `${mineral} ${readableKg(kg)}`)
            .join(', ') || 'no critical mineral left'}
        </dd>
        <dt>Open flags</dt>
        <dd>{root.openFlags.length === 0 ? 'none' : root.openFlags.map((f) => `${f.category} (${f.severity}): ${f.description}`).join('; ')}</dd>
        <dt>Certificates</dt>
        <dd>{root.certifications.length === 0 ? 'none' : root.certifications.map((c) => `${c.scheme} by ${c.issuer}`).join('; ')}</dd>
      </dl>
      <OriginCharts origins={origins} facilityNames={new Map(graph.nodes.flatMap((n) => (n.kind === 'facility' && n.name ? [[n.facilityId, n.name]] : [])))} />
      <section aria-labelledby="graph-title">
        <h2 id="graph-title">Where it came from</h2>
        <p class="help">
          Drag to pan, scroll to zoom, click a box for its events, certificates and flags. Paths through an open flag are drawn red.
        </p>
        <div class="graph-and-details">
          <ProvenanceGraphView graph={graph} selected={selected} onSelect={setSelected} />
          {selected && <NodeDetails api={api} graph={graph} nodeId={selected} onClose={() => setSelected(null)} />}
        </div>
      </section>
      <Timeline api={api} me={me} lotId={lotId} position={graph.position} />
    </article>
  );
}

function explain(error: unknown, lotId: string, asOf: string | undefined): string {
  if (error instanceof ApiError && error.status === 404) return `No lot ${lotId} ${asOf ? `as of ${asOf}` : 'in the ledger'}. ${error.message}`;
  if (error instanceof ApiError && error.status === 403) return `Your key may not read lot ${lotId}: ${error.message}`;
  return messageOf(error);
}
