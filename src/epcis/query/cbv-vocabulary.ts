/**
 * CBV 2.0 terms are written three ways: the bare word of the JSON-LD context (`shipping`), the
 * GS1 web URI (`https://ref.gs1.org/cbv/BizStep-shipping`) and the older URN
 * (`urn:epcglobal:cbv:bizstep:shipping`). The ledger's own terms are `cml:` words, `urn:cml:`
 * expanded. Queries compare terms in one form: the bare word, or `cml:<word>`.
 */

/** The JSON-LD context of every EPCIS document the ledger writes: the standard's, and the `cml:` prefix. */
export const EPCIS_CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { cml: 'urn:cml:' }] as const;

export const EPCIS_VERSION = '2.0.0';
export const CBV_VERSION = '2.0.0';

type Vocabulary = { web: string; urn: string };

const BIZ_STEP: Vocabulary = { web: 'BizStep-', urn: 'urn:epcglobal:cbv:bizstep:' };
const ERROR_REASON: Vocabulary = { web: 'ER-', urn: 'urn:epcglobal:cbv:er:' };

function termOf(value: string, vocabulary: Vocabulary): string {
  const web = /^https?:\/\/ref\.gs1\.org\/cbv\/([A-Za-z]+-)(.+)$/.exec(value);
  if (web && web[1] === vocabulary.web) return web[2];
  if (value.startsWith(vocabulary.urn)) return value.slice(vocabulary.urn.length);
  if (value.startsWith('urn:cml:')) return `cml:${value.slice('urn:cml:'.length)}`;
  return value;
}

/** A business step in the form the index keeps: `shipping` for all three CBV forms, `cml:lost` for `urn:cml:lost`. */
export function bizStepTerm(value: string): string {
  return termOf(value, BIZ_STEP);
}

/** An error reason in the form the index keeps: `incorrect_data` for all three CBV forms. */
export function errorReasonTerm(value: string): string {
  return termOf(value, ERROR_REASON);
}
