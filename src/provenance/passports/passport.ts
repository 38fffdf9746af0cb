import type { AsOfOptions, ProvenanceQueries } from '../provenance-queries';
import { batteryPassFragment, type BatteryPassFragment } from './batterypass-passport';
import { catenaXFragment, type CatenaXFragment } from './catenax-passport';
import { passportFacts } from './passport-facts';
import { untpProductPassport, type UntpProductPassport } from './untp-passport';

export const PASSPORT_PROFILES = ['batterypass', 'catenax', 'untp'] as const;
export type PassportProfile = (typeof PASSPORT_PROFILES)[number];

/** A passport profile's own document, with the position it was computed at. */
export type Passport = (BatteryPassFragment | CatenaXFragment | UntpProductPassport) & { position: string };

/** `GET /v1/lots/{lotId}/passport?profile=`: the lot's derived figures in one passport model's own names. */
export function lotPassport(queries: ProvenanceQueries, lotId: string, profile: PassportProfile, options: AsOfOptions = {}): Passport {
  const facts = passportFacts(queries, lotId, options);
  const document = profile === 'batterypass' ? batteryPassFragment(facts) : profile === 'catenax' ? catenaXFragment(facts) : untpProductPassport(facts);
  return { ...document, position: facts.position };
}
