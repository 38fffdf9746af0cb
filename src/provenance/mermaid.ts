import type { ProvenanceGraph, ProvenanceNode } from './provenance-graph';

/** The graph as a Mermaid `flowchart` (what `format=mermaid` returns). */
export function toMermaid(graph: ProvenanceGraph): string {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) lines.push(`  ${ids.get(node.id)}${shape(node)}`);
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    const label = edge.massKg ? `${edge.kind} ${edge.massKg} kg` : edge.kind;
    lines.push(`  ${from} -->|${text(label)}| ${to}`);
  }
  const flagged = graph.nodes.filter((n) => 'openFlags' in n && n.openFlags.length > 0).map((n) => ids.get(n.id));
  lines.push('  classDef flagged stroke:#c00,stroke-width:3px');
  if (flagged.length > 0) lines.push(`  class ${flagged.join(',')} flagged`);
  return lines.join('\n') + '\n';
}

function shape(node: ProvenanceNode): string {
  switch (node.kind) {
    case 'lot':
      return `["${text(`${node.lotId}`)}<br/>${text(`${node.form}, ${node.grossMassKg} kg, ${node.status}`)}"]`;
    case 'transformation':
      return `{{"${text(`${node.process} ${node.transformationId}`)}<br/>${text(`${node.facilityName ?? node.facilityId} (${node.country}) ${node.occurredAt}`)}"}}`;
    case 'facility':
      return `(["${text(`${node.name ?? node.facilityId}`)}<br/>${text(`${node.facilityKind ?? 'facility'} (${node.country})`)}"])`;
    case 'shipment': {
      const received = node.receipt ? `received ${node.receipt.receivedMassKg} kg at ${node.receipt.facilityId} (${node.receipt.country})` : 'in transit';
      return `[/"${text(`${node.fromPartyId} to ${node.toPartyId}, ${node.shippedAt}`)}<br/>${text(received)}"/]`;
    }
    default: {
      const exhaustive: never = node;
      return exhaustive;
    }
  }
}

/** Mermaid reads HTML entity codes in labels; quotes, pipes and brackets would end the label. */
function text(value: string): string {
  return value.replace(/[#"|<>[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`);
}
