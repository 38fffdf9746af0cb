import type { PassportFacts } from './passport-facts';
import { ledgerUrn } from './ledger-urn';

interface UntpMeasure {
  value: number;
  unit: 'KGM';
}

interface UntpMaterial {
  type: ['Material'];
  name: string;
  originCountry: string;
  massFraction: number;
  mass: UntpMeasure;
  recycledMassFraction: number;
}

interface UntpClaim {
  type: ['Claim', 'Declaration'];
  id: string;
  description: string;
  conformityTopic: 'governance.compliance';
  conformityEvidence?: { type: ['SecureLink', 'Link']; linkName: string; hashDigest: string; hashMethod: 'SHA-256' };
}

/** `profile=untp`: a UN Transparency Protocol `ProductPassport` for the lot as a batch. */
export interface UntpProductPassport {
  type: ['ProductPassport'];
  id: string;
  granularityLevel: 'batch';
  product: {
    type: ['Product'];
    id: string;
    name: string;
    batchNumber: string;
    description: string;
    producedByParty?: { id: string; name: string };
    producedAtFacility?: { id: string; name: string };
    productionDate?: string;
    countryOfProduction?: string;
    dimensions: { type: ['Dimension']; weight: UntpMeasure };
  };
  materialsProvenance: UntpMaterial[];
  conformityClaim: UntpClaim[];
  dueDiligenceDeclaration: { type: ['Link']; linkURL: string; linkName: string };
}

const kg = (text: string): UntpMeasure => ({ value: Number(text), unit: 'KGM' });

/**
 * Material provenance by mineral and origin country (and recycled or not). `massFraction` is the
 * row's share of the lot's contained critical minerals, so the rows of a passport sum to 1; for a
 * lot of one mineral it is that mineral's share by origin country.
 */
function materialsProvenance(facts: PassportFacts): UntpMaterial[] {
  const rows: UntpMaterial[] = [];
  const contained = Object.values(facts.origins.minerals).reduce((sum, m) => sum + Number(m.massKg.replace('.', '')), 0);
  for (const [mineral, figures] of Object.entries(facts.origins.minerals)) {
    const byCountry = new Map<string, { grams: number; recycled: number }>();
    for (const origin of figures.origins) {
      const grams = Number(origin.massKg.replace('.', ''));
      const row = byCountry.get(origin.country) ?? { grams: 0, recycled: 0 };
      row.grams += grams;
      if (origin.recycled) row.recycled += grams;
      byCountry.set(origin.country, row);
    }
    for (const [country, { grams, recycled }] of [...byCountry].sort(([a], [b]) => (a < b ? -1 : 1))) {
      rows.push({
        type: ['Material'],
        name: mineral,
        originCountry: country,
        massFraction: grams / contained,
        mass: { value: grams / 1000, unit: 'KGM' },
        recycledMassFraction: recycled / grams,
      });
    }
  }
  return rows;
}

export function untpProductPassport(facts: PassportFacts): UntpProductPassport {
  const { lot, producer } = facts;
  return {
    type: ['ProductPassport'],
    id: ledgerUrn('passport', lot.lotId),
    granularityLevel: 'batch',
    product: {
      type: ['Product'],
      id: ledgerUrn('lot', lot.lotId),
      name: `${lot.form} lot ${lot.lotId}`,
      batchNumber: lot.lotId,
      description: `${lot.form}, ${lot.grossMassKg} kg gross, traced by mass balance on the critical-minerals ledger at position ${facts.position}`,
      ...(producer && {
        producedByParty: { id: ledgerUrn('party', producer.partyId), name: producer.partyId },
        producedAtFacility: { id: ledgerUrn('facility', producer.facilityId), name: producer.facilityName ?? producer.facilityId },
        productionDate: producer.madeAt.slice(0, 10),
        countryOfProduction: producer.country,
      }),
      dimensions: { type: ['Dimension'], weight: kg(lot.grossMassKg) },
    },
    materialsProvenance: materialsProvenance(facts),
    conformityClaim: facts.evidence.certifications.map((c) => ({
      type: ['Claim', 'Declaration'],
      id: ledgerUrn('certification', c.certificationId),
      description: `${c.scheme} certification of ${c.subject} issued by ${c.issuer}, valid ${c.validFrom} to ${c.validTo}`,
      conformityTopic: 'governance.compliance',
      ...(c.documentSha256 && {
        conformityEvidence: { type: ['SecureLink', 'Link'] as ['SecureLink', 'Link'], linkName: `${c.scheme} certificate`, hashDigest: c.documentSha256, hashMethod: 'SHA-256' as const },
      }),
    })),
    dueDiligenceDeclaration: { type: ['Link'], linkURL: ledgerUrn('dossier', lot.lotId), linkName: 'tracing dossier: every stage, party, document, certification and flag, with inclusion proofs' },
  };
}
