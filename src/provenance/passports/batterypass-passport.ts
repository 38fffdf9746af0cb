import type { PassportFacts } from './passport-facts';
import { ledgerUrn } from './ledger-urn';

/** The Battery Pass data model's names for the materials whose recycled content Art. 8 asks for. */
const RECYCLED_MATERIALS = { cobalt: 'Cobalt', lithium: 'Lithium', nickel: 'Nickel', lead: 'Lead' } as const;

/** A share in [0, 1] as the Battery Pass model's percentage, to 0.0001 %. */
export const percent = (share: number): number => Math.round(share * 1_000_000) / 10_000;

export interface BatteryPassRecycledContent {
  recycledMaterial: (typeof RECYCLED_MATERIALS)[keyof typeof RECYCLED_MATERIALS];
  preConsumerShare: number;
  postConsumerShare: number;
}

/** `profile=batterypass`: the Circularity `recycledContent` and the supply-chain due diligence of the Battery Pass model (DIN DKE SPEC 99100). */
export interface BatteryPassFragment {
  circularity: { recycledContent: BatteryPassRecycledContent[] };
  supplyChainDueDiligence: { supplyChainDueDiligenceReport: string };
  /** What the due diligence report holds, as the ledger recorded it: certifications and open flags upstream. */
  dueDiligenceEvidence: PassportFacts['evidence'];
}

export function batteryPassFragment(facts: PassportFacts): BatteryPassFragment {
  const recycledContent: BatteryPassRecycledContent[] = [];
  for (const [mineral, recycledMaterial] of Object.entries(RECYCLED_MATERIALS)) {
    const figures = facts.origins.minerals[mineral];
    if (!figures) continue;
    recycledContent.push({ recycledMaterial, preConsumerShare: percent(figures.preConsumerShare), postConsumerShare: percent(figures.postConsumerShare) });
  }
  return {
    circularity: { recycledContent },
    // The ledger's tracing dossier is the lot's due diligence report (GET /v1/lots/{lotId}/dossier).
    supplyChainDueDiligence: { supplyChainDueDiligenceReport: ledgerUrn('dossier', facts.lot.lotId) },
    dueDiligenceEvidence: facts.evidence,
  };
}
