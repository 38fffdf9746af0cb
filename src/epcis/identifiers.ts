/**
 * EPCIS identifiers of the ledger's lots, parties and facilities, both ways (see
 * `../shared/reference/epcis.md`, "Identifiers").
 *
 * - A lot is the class `urn:cml:lot:<lotId>`, or a GS1 class identifier it was created with: an
 *   LGTIN (`urn:epc:class:lgtin:<company prefix>.<indicator+item ref>.<lot>`) or a GS1 Digital Link
 *   URI with AI 01 and 10 (`https://id.gs1.org/01/<GTIN-14>/10/<lot>`). Both GS1 forms of one
 *   GTIN and lot give the same lot id (`gtin:<GTIN-14>:<lot>`), so either may be used later.
 * - A party is `urn:cml:party:<partyId>`, or its PGLN as `urn:epc:id:pgln:…` or a Digital Link
 *   with AI 417.
 * - A facility is `urn:cml:facility:<facilityId>`, or its GLN as `urn:epc:id:sgln:…` or a Digital
 *   Link with AI 414.
 *
 * GS1 keys are compared as their 13- or 14-digit form with a valid check digit; the dot in a URN
 * (where the GS1 company prefix ends) carries no meaning of its own once the digits are joined.
 */

import { gs1CheckDigit, isGln } from '../domain/gs1-key';

const CML = 'urn:cml:';
const LEDGER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** A lot named by an EPCIS class: its ledger id, and the GS1 identifier when one was used. */
export interface LotClass {
  lotId: string;
  /** The GS1 class identifier as given (LGTIN URN or Digital Link URI); absent for `urn:cml:lot:`. */
  gs1?: string;
}

/** A party or facility named by an EPCIS identifier: a ledger id, or a GS1 key to look up. */
export type MasterDataRef = { kind: 'ledger-id'; id: string } | { kind: 'gln'; gln: string };

// ---- GS1 keys ----

// The check digit and the GLN test live in the domain, which validates GLNs at registration.
export { gs1CheckDigit, isGln } from '../domain/gs1-key';

function isGtin14(value: string): boolean {
  return /^\d{14}$/.test(value) && gs1CheckDigit(value.slice(0, 13)) === Number(value[13]);
}

/** `<company prefix>.<reference>` of an EPC URN → the key's digits with the check digit appended. */
function keyOfUrn(prefix: string, reference: string, length: number, leadingDigitFirst: boolean): string | null {
  if (!/^\d+$/.test(prefix) || !/^\d*$/.test(reference)) return null;
  // For a GTIN the reference starts with the indicator digit, which goes in front of the company prefix.
  const body = leadingDigitFirst ? reference.slice(0, 1) + prefix + reference.slice(1) : prefix + reference;
  if (body.length !== length - 1) return null;
  return body + String(gs1CheckDigit(body));
}

// ---- lots ----

/** The lot id a GTIN-14 and lot number stand for: `gtin:<GTIN-14>:<lot>`, characters outside the id alphabet escaped. */
export function lotIdOfGtinLot(gtin14: string, lot: string): string {
  // `_` is the escape character, so it is escaped too: the mapping stays one-to-one.
  const escaped = [...lot].map((c) => (/[A-Za-z0-9.:-]/.test(c) ? c : `_${c.codePointAt(0)!.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  return `gtin:${gtin14}:${escaped}`;
}

/** GS1 AI 10 (batch/lot): 1–20 characters of the GS1 invariant set (letters, digits, `!"%&'()*+,-./:;<=>?_`). */
const AI10 = /^[A-Za-z0-9!"%&'()*+,\-./:;<=>?_]{1,20}$/;

function decodeUriPart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * The lot an EPCIS `epcClass` names, or null when it is not a lot class this ledger understands
 * (an SGTIN or other EPC, a GTIN without a lot, a malformed key).
 */
export function parseLotClass(epcClass: string): LotClass | null {
  if (epcClass.startsWith(`${CML}lot:`)) {
    const lotId = epcClass.slice(`${CML}lot:`.length);
    return LEDGER_ID.test(lotId) ? { lotId } : null;
  }
  const lgtin = /^urn:epc:class:lgtin:(\d+)\.(\d+)\.(.+)$/.exec(epcClass);
  if (lgtin) {
    const gtin = keyOfUrn(lgtin[1], lgtin[2], 14, true);
    const lot = decodeUriPart(lgtin[3]);
    if (!gtin || lot === null || !AI10.test(lot)) return null;
    return { lotId: lotIdOfGtinLot(gtin, lot), gs1: epcClass };
  }
  const link = digitalLinkKeys(epcClass);
  if (link && link.primary.ai === '01' && link.qualifiers.get('10') !== undefined && link.qualifiers.size === 1) {
    const gtin = link.primary.value.padStart(14, '0');
    const lot = link.qualifiers.get('10')!;
    if (!isGtin14(gtin) || !AI10.test(lot)) return null;
    return { lotId: lotIdOfGtinLot(gtin, lot), gs1: epcClass };
  }
  return null;
}

/** The class a lot is shown with: the GS1 identifier it was created with, else `urn:cml:lot:<lotId>`. */
export function lotClassUri(lotId: string, gs1?: string): string {
  return gs1 ?? `${CML}lot:${lotId}`;
}

// ---- parties and facilities ----

/** The party an EPCIS identifier names (`urn:cml:party:`, a PGLN URN or a Digital Link with AI 417), or null. */
export function parsePartyId(uri: string): MasterDataRef | null {
  return parseMasterData(uri, 'party', 'pgln', '417');
}

/** The facility an EPCIS location names (`urn:cml:facility:`, an SGLN URN or a Digital Link with AI 414), or null. */
export function parseFacilityId(uri: string): MasterDataRef | null {
  return parseMasterData(uri, 'facility', 'sgln', '414');
}

function parseMasterData(uri: string, cmlKind: 'party' | 'facility', scheme: 'pgln' | 'sgln', ai: '417' | '414'): MasterDataRef | null {
  if (uri.startsWith(`${CML}${cmlKind}:`)) {
    const id = uri.slice(`${CML}${cmlKind}:`.length);
    return LEDGER_ID.test(id) ? { kind: 'ledger-id', id } : null;
  }
  // An SGLN names a location and, after its second dot, an extension (a sub-location); a PGLN has none.
  const urn = scheme === 'sgln' ? /^urn:epc:id:sgln:(\d+)\.(\d*)\.([^.]+)$/.exec(uri) : /^urn:epc:id:pgln:(\d+)\.(\d*)$/.exec(uri);
  if (urn) {
    const gln = keyOfUrn(urn[1], urn[2], 13, false);
    return gln ? { kind: 'gln', gln } : null;
  }
  const link = digitalLinkKeys(uri);
  if (link && link.primary.ai === ai && isGln(link.primary.value)) return { kind: 'gln', gln: link.primary.value };
  return null;
}

/**
 * How a party is shown: its PGLN as it was registered (an `urn:epc:id:pgln:` URN as given; 13 digits
 * as a Digital Link with AI 417, since the digits alone do not say where the company prefix ends),
 * else `urn:cml:party:<id>`.
 */
export function partyUri(partyId: string, pgln?: string): string {
  return gs1KeyUri(pgln, '417') ?? `${CML}party:${partyId}`;
}

/** How a facility is shown: its GLN as registered (an SGLN URN as given, 13 digits as a Digital Link with AI 414), else `urn:cml:facility:<id>`. */
export function facilityUri(facilityId: string, gln?: string): string {
  return gs1KeyUri(gln, '414') ?? `${CML}facility:${facilityId}`;
}

function gs1KeyUri(key: string | undefined, ai: '414' | '417'): string | undefined {
  if (key === undefined || key === '') return undefined;
  return key.startsWith('urn:') ? key : `https://id.gs1.org/${ai}/${key}`;
}

/** The 13-digit GLN of a registered identifier given as digits or as an SGLN/PGLN URN, or null when it is neither. */
export function glnOf(identifier: string): string | null {
  if (isGln(identifier)) return identifier;
  const ref = identifier.startsWith('urn:epc:id:pgln:') ? parsePartyId(identifier) : parseFacilityId(identifier);
  return ref?.kind === 'gln' ? ref.gln : null;
}

/** How a shipment is named in a `bizTransactionList`. */
export function shipmentUri(shipmentId: string): string {
  return `${CML}shipment:${shipmentId}`;
}

/** The shipment id of a `urn:cml:shipment:` business transaction, or null. */
export function parseShipmentUri(uri: string): string | null {
  if (!uri.startsWith(`${CML}shipment:`)) return null;
  const id = uri.slice(`${CML}shipment:`.length);
  return LEDGER_ID.test(id) ? id : null;
}

/** How a transformation is named as a TransformationEvent's `transformationID`. */
export function transformationUri(transformationId: string): string {
  return `${CML}transformation:${transformationId}`;
}

/** The transformation id of a `urn:cml:transformation:` URI, or null. */
export function parseTransformationUri(uri: string): string | null {
  if (!uri.startsWith(`${CML}transformation:`)) return null;
  const id = uri.slice(`${CML}transformation:`.length);
  return LEDGER_ID.test(id) ? id : null;
}

// ---- GS1 Digital Link ----

interface DigitalLinkKeys {
  primary: { ai: string; value: string };
  qualifiers: Map<string, string>;
}

/**
 * The primary key and key qualifiers of an uncompressed GS1 Digital Link URI (any host, any path
 * before the first AI segment); query strings are ignored. Null for anything else.
 */
function digitalLinkKeys(uri: string): DigitalLinkKeys | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const start = segments.findIndex((s) => s === '01' || s === '414' || s === '417');
  if (start < 0 || (segments.length - start) % 2 !== 0) return null;
  const pairs: [string, string][] = [];
  for (let i = start; i < segments.length; i += 2) {
    const value = decodeUriPart(segments[i + 1]);
    if (!/^\d{2,4}$/.test(segments[i]) || value === null || value === '') return null;
    pairs.push([segments[i], value]);
  }
  const [[ai, value], ...rest] = pairs;
  return { primary: { ai, value }, qualifiers: new Map(rest) };
}
