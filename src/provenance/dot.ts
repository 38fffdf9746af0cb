import type { ProvenanceGraph, ProvenanceNode } from './provenance-graph';

/** The graph in Graphviz DOT (what `format=dot` returns). */
export function toDot(graph: ProvenanceGraph): string {
  const lines = [`digraph ${quote(`provenance ${graph.lotId}`)} {`, '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const node of graph.nodes) {
    const [shape, label] = describe(node);
    const flagged = 'openFlags' in node && node.openFlags.length > 0 ? ', color="red", penwidth=3' : '';
    lines.push(`  ${quote(node.id)} [shape=${shape}, label=${quote(label)}${flagged}];`);
  }
  for (const edge of graph.edges) {
    const label = edge.massKg ? `${edge.kind} ${edge.massKg} kg` : edge.kind;
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(label)}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function describe(node: ProvenanceNode): [string, string] {
  switch (node.kind) {
    case 'lot':
      return ['box', `${node.lotId}\n${node.form}, ${node.grossMassKg} kg, ${node.status}`];
    case 'transformation':
      return ['hexagon', `${node.process} ${node.transformationId}\n${node.facilityName ?? node.facilityId} (${node.country})`];
    case 'facility':
      return ['ellipse', `${node.name ?? node.facilityId}\n${node.facilityKind ?? 'facility'} (${node.country})`];
    case 'shipment':
      return [
        'parallelogram',
        `${node.fromPartyId} → ${node.toPartyId}\n${node.receipt ? `received ${node.receipt.receivedMassKg} kg (${node.receipt.country})` : 'in transit'}`,
      ];
    default: {
      const exhaustive: never = node;
      return exhaustive;
    }
  }
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
