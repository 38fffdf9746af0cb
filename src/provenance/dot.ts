import { edgeLabel, highestSeverity, LEGEND, nodeLabel, SEVERITY_COLOURS } from './graph-labels';
import type { ProvenanceGraph, ProvenanceNode } from './provenance-graph';

/** Boxes keep a top-down drawing narrow (slanted and round shapes grow with their text); fills and styles tell the kinds apart. */
const FILLS: Record<ProvenanceNode['kind'], string> = { lot: '#e8f0fb', transformation: '#efe8fb', facility: '#e6f6ea', shipment: '#fbf6e6' };
const SHAPES: Record<ProvenanceNode['kind'], string> = {
  lot: `shape=box, style="filled", fillcolor="${FILLS.lot}"`,
  transformation: `shape=hexagon, style="filled", fillcolor="${FILLS.transformation}"`,
  facility: `shape=box, style="filled,rounded,bold", fillcolor="${FILLS.facility}"`,
  shipment: `shape=box, style="filled,rounded,dashed", fillcolor="${FILLS.shipment}"`,
};

/**
 * The graph in Graphviz DOT (what `format=dot` returns, and what `format=svg` is drawn from):
 * top-down, labels wrapped, flagged nodes outlined in their severity's colour, the legend as the
 * graph's own label at the bottom.
 */
export function toDot(graph: ProvenanceGraph): string {
  const lines = [
    `digraph ${quote(`provenance ${graph.lotId}`)} {`,
    '  rankdir=TB; nodesep=0.25; ranksep=0.4;',
    '  graph [fontname="Helvetica", fontsize=11];',
    '  node [fontname="Helvetica", fontsize=11, margin="0.1,0.05"];',
    '  edge [fontname="Helvetica", fontsize=10, color="#555555"];',
    `  labelloc=b; label=<${legendTable(graph)}>;`,
  ];
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  for (const node of graph.nodes) {
    const severity = highestSeverity(node);
    const outline = severity ? `, color=${quote(SEVERITY_COLOURS[severity])}, penwidth=3` : '';
    lines.push(`  ${quote(node.id)} [${SHAPES[node.kind]}, label=${quote(nodeLabel(node, graph).join('\n'))}${outline}];`);
  }
  for (const edge of graph.edges) {
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edgeLabel(edge, byId.get(edge.from)))}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** The legend as an HTML-like table: what the shapes are, what the outlines say. */
function legendTable(graph: ProvenanceGraph): string {
  const rows = LEGEND.map((entry) => {
    const colour = entry.key in SEVERITY_COLOURS ? SEVERITY_COLOURS[entry.key as keyof typeof SEVERITY_COLOURS] : null;
    const fill = entry.key in FILLS ? FILLS[entry.key as ProvenanceNode['kind']] : null;
    const swatch = colour
      ? `<td border="3" color="${colour}" width="16"> </td>`
      : fill
        ? `<td border="1" bgcolor="${fill}" width="16"> </td>`
        : `<td width="16">→</td>`;
    return `<tr>${swatch}<td align="left">${html(entry.text)}</td></tr>`;
  });
  const title = `<tr><td colspan="2" align="left"><b>upstream of ${html(graph.lotId)} at position ${html(graph.position)}</b></td></tr>`;
  return `<table border="0" cellspacing="2" cellpadding="2">${title}${rows.join('')}</table>`;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function html(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
