import { dossierHtml } from './dossier-html';
import type { TracingDossier } from './tracing-dossier';

const dossier: TracingDossier = {
  lotId: 'LOT-<1>',
  position: '7',
  checkpoint: 'origin\n7\nroot=\n\n— origin sig\n',
  publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
  events: [{ eventId: 'e-1', type: 'LotExtracted', streamId: 'lot-LOT-<1>', streamRevision: 0, position: '7', recordedAt: '', occurredAt: '', actorPartyId: 'p', idempotencyKey: null, schemaVersion: 1, payloadSha256: 'ab', data: {} }],
  proofs: [{ eventId: 'e-1', leafIndex: 6, treeSize: 7, hashes: ['aGFzaA=='] }],
  stages: [
    {
      kind: 'shipment', ref: 'S-1', process: null, partyId: 'p', partyName: 'Mine "A" & Co', roles: ['producer'], facilityId: 'f', facilityName: null, country: 'AU',
      startedAt: '2026-01-01T00:00:00Z', endedAt: null, toPartyId: 'q', transportMode: 'sea', documents: [{ type: 'bill-of-lading', reference: 'BL<script>', sha256: 'cd'.repeat(32) }],
      lots: [{ lotId: 'LOT-<1>', role: 'shipped', massKg: '1.000' }], eventIds: ['e-1'],
    },
  ],
  suppliers: [],
  origins: {},
  certifications: [],
  openFlags: [{ flagId: 'F-1', subject: 'facility:f', category: 'forced-labor', severity: 'high', description: '<b>alleged</b>', raisedAt: '2026-01-02T00:00:00Z', eventId: null }],
  graph: { lotId: 'LOT-<1>', position: '7', nodes: [], edges: [] },
};

describe('the dossier as one printable page', () => {
  const html = dossierHtml(dossier, '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"><g id="graph0"/></svg>');

  it('is self-contained: the SVG inline, no script, nothing loaded from elsewhere', () => {
    expect(html).toContain('<div class="graph"><svg xmlns="http://www.w3.org/2000/svg"><g id="graph0"/></svg></div>');
    expect(html).not.toMatch(/<script|<link|src=|<\?xml/i);
  });

  it('escapes everything the ledger was told', () => {
    expect(html).toContain('Mine &quot;A&quot; &amp; Co');
    expect(html).toContain('BL&lt;script&gt;');
    expect(html).toContain('&lt;b&gt;alleged&lt;/b&gt;');
    expect(html).not.toContain('LOT-<1>');
  });

  it('ends with the signed checkpoint and every proof, each event anchored for the stages that cite it', () => {
    expect(html.indexOf('Signed checkpoint')).toBeGreaterThan(html.indexOf('Stages'));
    expect(html).toContain('<pre>origin\n7\nroot=\n\n— origin sig\n</pre>');
    expect(html).toContain('<span id="ev-e-1">');
    expect(html).toContain('href="#ev-e-1"');
    expect(html).toContain('6 / 7');
  });
});
