import { edgeLabel, highestSeverity, LEGEND, nodeLabel, SEVERITY_COLOURS, type Severity } from './graph-labels';
import type { ProvenanceGraph, ProvenanceNode } from './provenance-graph';

/**
 * The graph as a Mermaid `flowchart` (what `format=mermaid` returns): the graph itself top-down
 * in one subgraph (its links stay inside it, so Mermaid keeps its direction), the legend beside it.
 */
export function toMermaid(graph: ProvenanceGraph): string {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const lines = ['flowchart LR', `  subgraph provenance ["${text(`upstream of ${graph.lotId} at position ${graph.position}`)}"]`, '    direction TB'];
  for (const node of graph.nodes) lines.push(`    ${ids.get(node.id)}${shape(node.kind, nodeLabel(node, graph))}`);
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    lines.push(`    ${from} -->|"${text(edgeLabel(edge, byId.get(edge.from)))}"| ${to}`);
  }
  lines.push('  end');
  lines.push('  subgraph legend ["legend"]', '    direction TB');
  LEGEND.forEach((entry, i) => {
    const kind = entry.key in SEVERITY_COLOURS || entry.key === 'edge' ? 'note' : (entry.key as ProvenanceNode['kind']);
    lines.push(`    legend${i}${shape(kind, [entry.text])}${entry.key in SEVERITY_COLOURS ? `:::${entry.key}` : ''}`);
  });
  lines.push('  end');
  for (const severity of Object.keys(SEVERITY_COLOURS) as Severity[]) {
    lines.push(`  classDef ${severity} stroke:${SEVERITY_COLOURS[severity]},stroke-width:3px`);
    const flagged = graph.nodes.filter((n) => highestSeverity(n) === severity).map((n) => ids.get(n.id));
    if (flagged.length > 0) lines.push(`  class ${flagged.join(',')} ${severity}`);
  }
  return lines.join('\n') + '\n';
}

function shape(kind: ProvenanceNode['kind'] | 'note', label: string[]): string {
  const body = `"${label.map(text).join('<br/>')}"`;
  switch (kind) {
    case 'lot':
      return `[${body}]`;
    case 'transformation':
      return `{{${body}}}`;
    case 'facility':
      return `([${body}])`;
    case 'shipment':
      return `[/${body}/]`;
    case 'note':
      return `>${body}]`;
    default: {
      const exhaustive: never = kind;
      return exhaustive;
    }
  }
}

/**
 * Inside a quoted Mermaid label only a few characters are not shown as they are: `"` would end it,
 * `<` and `>` would read as HTML, and `#` starts an entity code. Those four are written as entity
 * codes; everything else (parentheses, brackets, pipes) stays as posted.
 */
function text(value: string): string {
  return value.replace(/[#"<>]/g, (c) => ({ '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;' })[c]!);
}
