import type { CertificationView, FlagView, ProvenanceEdge, ProvenanceGraph, ProvenanceNode } from './provenance-graph';

/**
 * What each node and edge of a provenance picture says, in plain text lines: shared by the Mermaid
 * and DOT renderings and by the explorer, so every picture of a graph tells the same story.
 * Names stand in for ids wherever the ledger knows them; masses are those that went through.
 */

/** Characters a label line is wrapped at (on spaces): keeps a top-down graph narrow. */
export const WRAP_AT = 28;

export type Severity = 'high' | 'medium' | 'low';

/** Outline colours of flagged nodes, by the highest severity of their open flags. */
export const SEVERITY_COLOURS: Record<Severity, string> = { high: '#b00020', medium: '#c05600', low: '#8a6d00' };

/** Kilograms with thousands grouped and the grams shown only when there are any: `150,000 kg`, `1,420.765 kg`. */
export function readableKg(massKg: string): string {
  const [whole, fraction = ''] = massKg.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const grams = fraction.replace(/0+$/, '');
  // A no-break space: a wrapped label never leaves "kg" alone on a line.
  return `${grouped}${grams ? `.${grams}` : ''}\u00a0kg`;
}

/** The lines of a node's label, each already wrapped. */
export function nodeLabel(node: ProvenanceNode, graph: Pick<ProvenanceGraph, 'lotId'>): string[] {
  switch (node.kind) {
    case 'lot': {
      const lines = [node.lotId, `${node.form}, made ${readableKg(node.madeMassKg)}`];
      if (node.lotId === graph.lotId) {
        lines.push(`now ${readableKg(node.grossMassKg)}, ${node.status}`, `held by ${node.custodianName ?? node.custodianId}`);
      }
      if (node.corrections.length > 0) lines.push(`${node.corrections.length} correction(s) declared`);
      return wrapAll([...lines, ...certificationLines(node.certifications), ...flagLines(node.openFlags)]);
    }
    case 'transformation':
      return wrapAll([
        node.process,
        `at ${node.facilityName ?? node.facilityId} (${node.country})`,
        day(node.occurredAt),
        ...certificationLines(node.certifications),
        ...flagLines(node.openFlags),
      ]);
    case 'facility':
      return wrapAll([
        node.name ?? node.facilityId,
        `${node.facilityKind ?? 'facility'} (${node.country})`,
        ...certificationLines(node.certifications),
        ...flagLines(node.openFlags),
      ]);
    case 'shipment': {
      const lines = [`${node.fromPartyName ?? node.fromPartyId} → ${node.toPartyName ?? node.toPartyId}`, `shipped ${day(node.shippedAt)}`];
      if (node.receipt) {
        lines.push(`received ${readableKg(node.receipt.receivedMassKg)} ${day(node.receipt.receivedAt)}`, `at ${node.receipt.facilityName ?? node.receipt.facilityId} (${node.receipt.country})`);
      } else lines.push(`in transit to ${node.destinationCountry}`);
      return wrapAll(lines);
    }
    default: {
      const exhaustive: never = node;
      return exhaustive;
    }
  }
}

/** What went along an edge: `extracted 1,000,000 kg`, `shipped …`, `consumed …`, `made …`. */
export function edgeLabel(edge: ProvenanceEdge, from: ProvenanceNode | undefined): string {
  const verb =
    edge.kind === 'origin'
      ? from?.kind === 'facility' && from.facilityKind === 'recycler'
        ? 'recovered'
        : 'extracted'
      : edge.kind === 'custody'
        ? 'shipped'
        : edge.kind === 'input'
          ? 'consumed'
          : 'made';
  return edge.massKg ? `${verb} ${readableKg(edge.massKg)}` : verb;
}

/** The open flags of a node (lots, facilities, and transformations through their facility). */
export function openFlagsOf(node: ProvenanceNode): FlagView[] {
  return 'openFlags' in node ? node.openFlags : [];
}

/** The highest severity among a node's open flags, or null when none is open. */
export function highestSeverity(node: ProvenanceNode): Severity | null {
  const severities = openFlagsOf(node).map((f) => f.severity);
  return (['high', 'medium', 'low'] as const).find((s) => severities.includes(s)) ?? null;
}

/** The legend every picture carries: shapes, flag outlines and edge labels. */
export const LEGEND: { key: string; text: string }[] = [
  { key: 'facility', text: 'origin: mine or recycler (kind, country)' },
  { key: 'lot', text: 'lot: id, form, mass it was made with' },
  { key: 'shipment', text: 'custody hop: shipper → receiver, received mass' },
  { key: 'transformation', text: 'transformation: process, facility, date' },
  { key: 'high', text: 'open flag of high severity (named in the box)' },
  { key: 'medium', text: 'open flag of medium severity' },
  { key: 'low', text: 'open flag of low severity' },
  { key: 'edge', text: 'arrows: mass extracted, shipped, consumed or made' },
];

function certificationLines(certifications: CertificationView[]): string[] {
  return certifications.map((c) => `certified: ${c.scheme}`);
}

function flagLines(flags: FlagView[]): string[] {
  return flags.map((f) => `open flag: ${f.category} (${f.severity})`);
}

function day(instant: string): string {
  return instant.slice(0, 10);
}

function wrapAll(lines: string[]): string[] {
  return lines.flatMap((line) => wrap(line, WRAP_AT));
}

/** Greedy wrap on spaces; a word longer than the width stays whole on its own line. */
export function wrap(line: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}
