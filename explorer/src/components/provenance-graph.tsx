import cytoscape, { type Core } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useEffect, useRef } from 'preact/hooks';
import { edgeLabel, highestSeverity, nodeLabel, SEVERITY_COLOURS } from '../../../src/provenance/graph-labels';
import type { ProvenanceGraph } from '../../../src/provenance/provenance-graph';

cytoscape.use(dagre);

const FILLS = { lot: '#e8f0fb', transformation: '#efe8fb', facility: '#e6f6ea', shipment: '#fbf6e6' } as const;
const FLAGGED_PATH = '#b00020';

/**
 * The upstream graph, interactive: top-down (dagre), pan and zoom, a click on a node selects it.
 * Everything downstream of a flagged node (the path its material took to the lot) is drawn red.
 * The same nodes are listed as buttons under the drawing, for keyboards and screen readers.
 */
export function ProvenanceGraphView({ graph, selected, onSelect }: { graph: ProvenanceGraph; selected: string | null; onSelect: (id: string) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  useEffect(() => {
    if (!container.current) return;
    const instance = cytoscape({
      container: container.current,
      elements: [
        ...graph.nodes.map((node) => {
          const lines = nodeLabel(node, graph);
          return { data: { id: node.id, label: lines.join('\n'), kind: node.kind, severity: highestSeverity(node) ?? '', ...boxFor(lines, node.kind) } };
        }),
        ...graph.edges.map((edge, i) => ({ data: { id: `e${i}`, source: edge.from, target: edge.to, label: edgeLabel(edge, byId.get(edge.from)) } })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'text-wrap': 'wrap',
            'text-valign': 'center',
            'font-size': 11,
            'font-family': 'system-ui, sans-serif',
            width: 'data(width)',
            height: 'data(height)',
            shape: 'round-rectangle',
            'background-color': '#e8f0fb',
            'border-width': 1,
            'border-color': '#445',
          },
        },
        ...Object.entries(FILLS).map(([kind, colour]) => ({ selector: `node[kind = "${kind}"]`, style: { 'background-color': colour } })),
        { selector: 'node[kind = "transformation"]', style: { shape: 'hexagon' } },
        { selector: 'node[kind = "shipment"]', style: { 'border-style': 'dashed' } },
        { selector: 'node[kind = "lot"]', style: { shape: 'rectangle' } },
        ...Object.entries(SEVERITY_COLOURS).map(([severity, colour]) => ({ selector: `node[severity = "${severity}"]`, style: { 'border-color': colour, 'border-width': 4 } })),
        {
          selector: 'edge',
          style: {
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            width: 1.5,
            'line-color': '#667',
            'target-arrow-color': '#667',
            label: 'data(label)',
            'font-size': 10,
            'text-background-color': '#fff',
            'text-background-opacity': 1,
            'text-background-padding': '2px',
          },
        },
        { selector: 'edge.flagged-path', style: { 'line-color': FLAGGED_PATH, 'target-arrow-color': FLAGGED_PATH, width: 3 } },
        { selector: 'node:selected', style: { 'overlay-color': '#1a56db', 'overlay-opacity': 0.15, 'overlay-padding': 6 } },
      ],
      layout: { name: 'dagre', rankDir: 'TB', nodeSep: 20, rankSep: 40, edgeSep: 10 } as cytoscape.LayoutOptions,
      minZoom: 0.1,
      maxZoom: 3,
    });
    instance.nodes('[severity != ""]').successors('edge').addClass('flagged-path');
    instance.on('tap', 'node', (event) => onSelect(event.target.id()));
    cy.current = instance;
    return () => instance.destroy();
  }, [graph]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.nodes().unselect();
    if (selected) instance.getElementById(selected).select();
  }, [selected]);

  const flagged = graph.nodes.filter((n) => highestSeverity(n) !== null).length;
  return (
    <div class="graph-panel">
      <div class="graph-tools" role="group" aria-label="Graph view">
        <button type="button" onClick={() => cy.current?.fit(undefined, 20)}>
          Fit
        </button>
        <button type="button" onClick={() => zoom(cy.current, 1.25)}>
          Zoom in
        </button>
        <button type="button" onClick={() => zoom(cy.current, 0.8)}>
          Zoom out
        </button>
      </div>
      <div
        id="provenance-graph"
        class="graph"
        ref={container}
        role="img"
        aria-label={`Provenance graph of ${graph.lotId}: ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${flagged} flagged. The nodes are listed below.`}
      />
      <details class="node-list">
        <summary>All {graph.nodes.length} nodes as a list</summary>
        <ul>
          {graph.nodes.map((node) => (
            <li>
              <button type="button" data-node={node.id} aria-pressed={selected === node.id} onClick={() => onSelect(node.id)}>
                {nodeLabel(node, graph).join(' ')}
              </button>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** A box around the label's lines at 11 px (about 6.3 px a character, 14 px a line); hexagons need room at their points. */
function boxFor(lines: string[], kind: string): { width: number; height: number } {
  const widest = Math.max(...lines.map((line) => line.length));
  const pad = kind === 'transformation' ? 40 : 16;
  return { width: Math.ceil(widest * 6.3) + pad, height: lines.length * 14 + 14 };
}

function zoom(cy: Core | null, factor: number): void {
  if (!cy) return;
  cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}
