import type { DossierStage, TracingDossier } from './tracing-dossier';

/** Text for HTML element content and attribute values. */
function escape(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const code = (value: unknown) => `<code>${escape(value)}</code>`;
const day = (instant: string | null) => (instant ? escape(instant.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')) : '—');
const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

function stageRow(s: DossierStage): string[] {
  const lots = s.lots.map((l) => `${escape(l.role)} ${code(l.lotId)}${l.massKg ? ` ${escape(l.massKg)} kg` : ''}`).join('<br>');
  const documents = s.documents.map((d) => `${escape(d.type)} ${escape(d.reference)}${d.sha256 ? `<br><small>SHA-256 ${code(d.sha256)}</small>` : ''}`).join('<br>');
  return [
    `${escape(s.kind)}<br>${code(s.ref)}${s.process ? `<br><small>${escape(s.process)}</small>` : ''}`,
    `${escape(s.partyName ?? s.partyId)}<br><small>${code(s.partyId)} ${escape(s.roles.join(', '))}</small>${s.toPartyId ? `<br>→ ${code(s.toPartyId)}` : ''}`,
    `${escape(s.facilityName ?? s.facilityId ?? '—')}${s.facilityId ? `<br><small>${code(s.facilityId)}</small>` : ''}`,
    escape(s.country ?? '—'),
    `${day(s.startedAt)}${s.endedAt ? `<br>→ ${day(s.endedAt)}` : ''}`,
    lots,
    `${s.transportMode ? `${escape(s.transportMode)}<br>` : ''}${documents || '—'}`,
    s.eventIds.map((id) => `<a href="#ev-${escape(id)}">${code(id.slice(0, 8))}</a>`).join(' '),
  ];
}

const STYLE = `
  @page { size: A4; margin: 14mm; }
  body { font: 10pt/1.4 system-ui, sans-serif; color: #111; margin: 0 auto; max-width: 1100px; padding: 16px; }
  h1 { font-size: 18pt; margin: 0 0 4px; } h2 { font-size: 13pt; margin: 22px 0 6px; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; } th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
  th { background: #eee; } tr { break-inside: avoid; } code { font: 8.5pt ui-monospace, monospace; word-break: break-all; } small { color: #444; }
  .graph svg { max-width: 100%; height: auto; } .graph { break-inside: avoid; }
  pre { font: 8.5pt ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; background: #f6f6f6; padding: 6px; }
  .flag { color: #a00; } .meta { color: #444; }
  @media print { a { color: inherit; text-decoration: none; } }
`;

/**
 * The dossier as one self-contained, printable HTML page: no script, no external asset; the
 * provenance graph is the SVG given (drawn on the server). It ends with the signed checkpoint and
 * every inclusion proof, so the printed page carries what `ledger verify-dossier` checks.
 */
export function dossierHtml(dossier: TracingDossier, graphSvg: string): string {
  const d = dossier;
  const svg = graphSvg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
  const events = new Map(d.events.map((e) => [e.eventId, e]));
  const origins = Object.entries(d.origins).flatMap(([mineral, m]) =>
    m.origins.map((o) => [escape(mineral), code(o.facilityId), escape(o.country), escape(o.recycled ? 'recycled' : 'mined'), `${escape(o.massKg)} kg`, percent(o.share)]),
  );
  const shares = Object.entries(d.origins).map(([mineral, m]) => [
    escape(mineral),
    `${escape(m.massKg)} kg`,
    percent(m.recycledShare),
    `${percent(m.preConsumerShare)} / ${percent(m.postConsumerShare)}`,
    percent(m.certifiedShare),
    `<span class="${m.flaggedShare > 0 ? 'flag' : ''}">${percent(m.flaggedShare)}</span>`,
  ]);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tracing dossier ${escape(d.lotId)}</title><style>${STYLE}</style></head>
<body>
<h1>Tracing dossier: lot ${escape(d.lotId)}</h1>
<p class="meta">Computed at global position ${escape(d.position)} of the critical-minerals ledger. ${d.events.length} events cited, each with an inclusion proof against the signed checkpoint at the end (tree size ${escape(d.proofs[0]?.treeSize ?? '—')}). Verify offline: <code>ledger verify-dossier dossier.json --public-key key.pem</code>.</p>

<h2>Provenance graph</h2>
<div class="graph">${svg}</div>

<h2>Origin composition (mass balance)</h2>
${table(['mineral', 'contained', 'recycled', 'pre- / post-consumer', 'certified', 'flagged'], shares)}
${table(['mineral', 'origin facility', 'country', 'kind', 'mass', 'share'], origins)}

<h2>Stages</h2>
${table(['stage', 'party and role', 'facility', 'country', 'dates', 'lots and masses', 'transport and documents', 'events'], d.stages.map(stageRow))}

<h2>Suppliers per stage</h2>
${table(
  ['stage', 'supplier', 'country', 'roles', 'facilities', 'business record'],
  d.suppliers.flatMap((g) =>
    g.suppliers.map((s) => [escape(g.stage), `${escape(s.name ?? s.partyId)}<br><small>${code(s.partyId)}</small>`, escape(s.country ?? '—'), escape(s.roles.join(', ')), s.facilities.map(code).join('<br>') || '—', s.registrationEventId ? `PartyRegistered <a href="#ev-${escape(s.registrationEventId)}">${code(s.registrationEventId.slice(0, 8))}</a>` : '—']),
  ),
)}

<h2>Certifications</h2>
${d.certifications.length === 0 ? '<p>None recorded upstream.</p>' : table(['certification', 'subject', 'scheme and issuer', 'valid', 'document SHA-256'], d.certifications.map((c) => [code(c.certificationId), code(c.subject), `${escape(c.scheme)}<br><small>${escape(c.issuer)}</small>`, `${escape(c.validFrom)} – ${escape(c.validTo)}`, c.documentSha256 ? code(c.documentSha256) : '—']))}

<h2>Open flags and exposure</h2>
${d.openFlags.length === 0 ? '<p>No open flag upstream.</p>' : table(['flag', 'subject', 'category', 'severity', 'raised', 'description'], d.openFlags.map((f) => [code(f.flagId), code(f.subject), escape(f.category), `<span class="flag">${escape(f.severity)}</span>`, day(f.raisedAt), escape(f.description)]))}

<h2>Signed checkpoint</h2>
<pre>${escape(d.checkpoint)}</pre>
<p class="meta">Log public key (check it against one obtained independently):</p>
<pre>${escape(d.publicKey)}</pre>

<h2>Cited events and inclusion proofs</h2>
${table(
  ['event', 'type and stream', 'position', 'payload SHA-256', 'leaf', 'audit path (base64, leaf side first)'],
  d.proofs.map((p) => {
    const e = events.get(p.eventId);
    return [`<span id="ev-${escape(p.eventId)}">${code(p.eventId)}</span>`, `${escape(e?.type)}<br><small>${code(e?.streamId)}</small>`, escape(e?.position), code(e?.payloadSha256), `${escape(p.leafIndex)} / ${escape(p.treeSize)}`, p.hashes.map(code).join('<br>')];
  }),
)}
</body></html>
`;
}
