import { percent } from './batterypass-passport';
import type { PassportFacts } from './passport-facts';

interface CatenaXDocument {
  header: string;
  contentType: string;
  content: string;
}

interface CatenaXActiveMaterial {
  location: string;
  recycled: number;
  documentation: CatenaXDocument[];
  critical: boolean;
}

interface CatenaXLead extends CatenaXActiveMaterial {
  impactOfSubstances: CatenaXDocument[];
  concentration: number;
  materialUnit: 'unit:percent';
}

/** `profile=catenax`: the `materials.active` part of the Catena-X BatteryPass 6.1.0 aspect. */
export interface CatenaXFragment {
  specVersion: string;
  materials: { active: { nickel: CatenaXActiveMaterial; lithium: CatenaXActiveMaterial; cobalt: CatenaXActiveMaterial; lead: CatenaXLead } };
}

const header = (text: string) => (text.length <= 100 ? text : `${text.slice(0, 99)}…`);

/** Certifications and open flags upstream, as the aspect's documents (a header of at most 100 characters). */
function evidenceDocuments(facts: PassportFacts): CatenaXDocument[] {
  return [
    ...facts.evidence.certifications.map((c) => ({
      header: header(`${c.scheme} certification ${c.certificationId} of ${c.subject}, issued by ${c.issuer}`),
      contentType: 'certification',
      content: c.documentSha256 ? `sha256:${c.documentSha256}` : `valid ${c.validFrom} to ${c.validTo}`,
    })),
    ...facts.evidence.openFlags.map((f) => ({
      header: header(`open ${f.severity} ${f.category} flag ${f.flagId} on ${f.subject}`),
      contentType: 'open-flag',
      content: f.description,
    })),
  ];
}

export function catenaXFragment(facts: PassportFacts): CatenaXFragment {
  const documentation = evidenceDocuments(facts);
  const location = `${facts.lot.form} lot ${facts.lot.lotId}`;
  const active = (mineral: string): CatenaXActiveMaterial => {
    const figures = facts.origins.minerals[mineral];
    return { location, recycled: figures ? percent(figures.recycledShare) : 0, documentation, critical: figures !== undefined };
  };
  const leadKg = facts.lot.composition.lead;
  const gross = Number(facts.lot.grossMassKg);
  return {
    specVersion: 'urn:io.catenax.battery.battery_pass:6.1.0',
    materials: {
      active: {
        nickel: active('nickel'),
        lithium: active('lithium'),
        cobalt: active('cobalt'),
        // The aspect requires lead; the ledger records only the Annex's minerals, so lead it never recorded is said to be so.
        lead: {
          ...active('lead'),
          impactOfSubstances: leadKg ? [] : [{ header: 'lead not recorded by the ledger', contentType: 'note', content: 'lead is not on the Annex the ledger records' }],
          concentration: leadKg ? percent(Number(leadKg) / gross) : 0,
          materialUnit: 'unit:percent',
        },
      },
    },
  };
}
