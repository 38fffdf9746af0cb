import { createHash } from 'node:crypto';
import { LedgerApi, type CompositionKg, type Schemas } from './ledger-api-client';
import { LedgerClient } from './ledger-client';
import { epcisDocument } from './epcis-documents';
import { demoPosts } from './epcis-steps';
import { supplyChain, type Scenario, type ScenarioStep } from './supply-chain';

export interface RunDemoOptions {
  url: string;
  adminToken: string;
  /** Prefix for every id of this run; a new one lets the scenario be played again on the same ledger. */
  tag?: string;
  log?: (line: string) => void;
  /** The scenario to play; the built-in supply chain unless a test supplies another. */
  scenario?: Scenario;
  /** Post the custody steps as EPCIS 2.0 documents (POST /epcis/capture) instead of /v1 commands. */
  epcis?: boolean;
}

export interface DemoResult {
  tag: string;
  cathodeLotId: string;
  auditorKey: string;
  regulatorKey: string;
  /** Every party's API key, by its ledger id. */
  partyKeys: Record<string, string>;
  counts: Record<string, number>;
  /** Global position of the last write, for `minPosition` on reads. */
  position: string;
}

const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$/;

/** `D261128T060750`: the UTC second the run started, short enough to keep ids readable. */
export function defaultRunTag(now: Date = new Date()): string {
  const iso = now.toISOString();
  return `D${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/**
 * A UUID-shaped key derived from the run tag and the step, so replaying a tag after an interrupted
 * run sends the same keys and the ledger answers the writes it already has instead of storing them
 * twice. The version and variant bits are set so it reads as an ordinary RFC 9562 UUID.
 */
export function idempotencyKeyFor(tag: string, step: string): string {
  const hex = createHash('sha256').update(`${tag}\u0000${step}`).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Fills a running ledger, through its HTTP API only, with a multi-party supply chain touching all
 * five minerals: registers the parties (keeping each API key) and their facilities, then posts the
 * scenario's custody events in business-time order, each with its own party's key.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const scenario = options.scenario ?? supplyChain;
  const log = options.log ?? ((line: string) => console.log(line));
  const tag = options.tag ?? defaultRunTag();
  if (!TAG_PATTERN.test(tag)) {
    throw new Error(`run tag "${tag}" must be 1-24 letters, digits, "-" or "_", starting with a letter or digit`);
  }
  if (!options.adminToken) throw new Error('an admin token is required to register the parties (--admin-token or LEDGER_ADMIN_TOKEN)');

  const scoped = (localId: string): string => `${tag}-${localId}`;
  const admin = new LedgerApi(new LedgerClient(options.url, options.adminToken));
  const keys = new Map<string, string>();
  const counts: Record<string, number> = {
    parties: 0,
    facilities: 0,
    lots: 0,
    shipments: 0,
    receipts: 0,
    transformations: 0,
    certifications: 0,
    flags: 0,
    flagResolutions: 0,
    retirements: 0,
    watchlists: 0,
    watchlistAmendments: 0,
    writes: 0,
  };
  let position: string | undefined;
  const note = (result: Schemas['WriteAnswer']): void => {
    counts.writes++;
    if (result && typeof result.position === 'string' && (position === undefined || laterPosition(result.position, position))) {
      position = result.position;
    }
  };
  const clientOf = (localPartyId: string): LedgerApi => {
    const key = keys.get(localPartyId);
    if (key === undefined) throw new Error(`scenario uses party "${localPartyId}" before registering it`);
    return admin.as(key);
  };

  log(`Demo run ${tag} against ${options.url}`);

  for (const party of scenario.parties) {
    const body = {
      id: scoped(party.id),
      name: party.name,
      country: party.country,
      roles: party.roles,
      ...(party.identifiers?.lei ? { identifiers: { lei: scopedLei(tag, party.identifiers.lei) } } : {}),
    };
    const created = await admin.post('/v1/parties', { body, idempotencyKey: idempotencyKeyFor(tag, `party:${party.id}`) });
    if (!created || typeof created.apiKey !== 'string' || created.apiKey === '') {
      throw new Error(`POST /v1/parties for ${body.id} answered without an apiKey`);
    }
    keys.set(party.id, created.apiKey);
    counts.parties++;
    counts.writes++;
    log(`  party      ${body.id} (${party.country}, ${party.roles.join('+')}) registered`);
  }

  for (const facility of scenario.facilities) {
    const body = {
      id: scoped(facility.id),
      name: facility.name,
      kind: facility.kind,
      country: facility.country,
      ...(facility.location ? { location: facility.location } : {}),
      ...(facility.identifiers ? { identifiers: facility.identifiers } : {}),
    };
    note(await clientOf(facility.operator).post('/v1/facilities', { body, idempotencyKey: idempotencyKeyFor(tag, `facility:${facility.id}`) }));
    counts.facilities++;
    log(`  facility   ${body.id} (${facility.kind}, ${facility.country}) registered by ${scoped(facility.operator)}`);
  }

  const postV1 = async (index: number, step: ScenarioStep) => {
    const key = idempotencyKeyFor(tag, `step:${index}:${step.kind}`);
    note(await postStep(clientOf(step.actor), step, scoped, (lei) => scopedLei(tag, lei), key));
    count(step, counts);
    log(`  ${describe(step, scoped)}`);
  };
  if (!options.epcis) {
    for (const [index, step] of scenario.steps.entries()) await postV1(index, step);
  } else {
    const posts = demoPosts(scenario.steps, scoped, (index) => `urn:uuid:${idempotencyKeyFor(tag, `epcis-step:${index}`)}`);
    for (const post of posts) {
      if (post.kind === 'v1') {
        await postV1(post.index, post.step);
        continue;
      }
      // Captured atomically (rollback); a retry resends the same document, whose eventIDs make it safe.
      const capturer = clientOf(post.actor);
      const accepted = await capturer.capture('/epcis/capture', { body: epcisDocument(post.steps.map((s) => s.event), '2026-06-01T00:00:00Z'), headers: { 'GS1-Capture-Error-Behaviour': 'rollback' } });
      // The job as the ledger keeps it (GET /epcis/capture/{captureID}), not only as the capture answered it.
      const job = await capturer.get('/epcis/capture/{captureID}', { path: { captureID: accepted.captureID } });
      if (job.running || !job.success) throw new Error(`EPCIS document of ${scoped(post.actor)} not captured: ${JSON.stringify(job.errors)}`);
      counts.writes++;
      counts.epcisDocuments = (counts.epcisDocuments ?? 0) + 1;
      log(`  epcis      document of ${post.steps.length} event(s) by ${scoped(post.actor)}, capture ${job.captureID}`);
      for (const { step } of post.steps) {
        count(step, counts);
        log(`    ${describe(step, scoped)}`);
      }
    }
    // A capture job does not answer with a position: read it from the service for minPosition.
    position = (await admin.get('/health')).position ?? position;
  }

  const finalPosition = position ?? '0';
  const auditorKey = keys.get(scenario.auditor);
  const regulatorKey = keys.get(scenario.regulator);
  if (auditorKey === undefined || regulatorKey === undefined) throw new Error('scenario has no auditor or regulator party');
  const cathodeLotId = scoped(scenario.cathodeLotId);

  await reportReads(admin.as(auditorKey), scoped(scenario.shortReceivedLotId), cathodeLotId, finalPosition, log);
  if (scenario.watchlistId) await reportExposure(admin.as(auditorKey), scoped(scenario.watchlistId), cathodeLotId, log);

  const partyKeys: Record<string, string> = {};
  for (const [localId, key] of keys) partyKeys[scoped(localId)] = key;
  return { tag, cathodeLotId, auditorKey, regulatorKey, partyKeys, counts, position: finalPosition };
}

function laterPosition(candidate: string, current: string): boolean {
  try {
    return BigInt(candidate) > BigInt(current);
  } catch {
    // Not a decimal string: keep the most recent answer, since writes are sequential.
    return true;
  }
}

/**
 * Posts one step to its route, with every id it names moved into this run's namespace. Paths,
 * parameters and bodies are checked against the served OpenAPI document's types.
 */
function postStep(
  api: LedgerApi,
  step: ScenarioStep,
  scoped: (id: string) => string,
  scopedLeiOf: (lei: string) => string,
  idempotencyKey: string,
): Promise<Schemas['WriteAnswer']> {
  switch (step.kind) {
    case 'origin':
      return api.post('/v1/lots', {
        body: { ...step.body, lotId: scoped(step.body.lotId), origin: { ...step.body.origin, facilityId: scoped(step.body.origin.facilityId) } },
        idempotencyKey,
      });
    case 'shipment':
      return api.post('/v1/lots/{lotId}/shipments', {
        path: { lotId: scoped(step.lotId) },
        body: {
          ...step.body,
          shipmentId: scoped(step.body.shipmentId),
          toPartyId: scoped(step.body.toPartyId),
          ...(step.body.toFacilityId === undefined ? {} : { toFacilityId: scoped(step.body.toFacilityId) }),
        },
        idempotencyKey,
      });
    case 'receipt':
      return api.post('/v1/lots/{lotId}/receipts', {
        path: { lotId: scoped(step.lotId) },
        body: { ...step.body, shipmentId: scoped(step.body.shipmentId), facilityId: scoped(step.body.facilityId) },
        idempotencyKey,
      });
    case 'transformation':
      return api.post('/v1/transformations', {
        body: {
          ...step.body,
          transformationId: scoped(step.body.transformationId),
          facilityId: scoped(step.body.facilityId),
          inputs: step.body.inputs.map((input) => ({ ...input, lotId: scoped(input.lotId) })),
          outputs: step.body.outputs.map((output) => ({ ...output, lotId: scoped(output.lotId) })),
        },
        idempotencyKey,
      });
    case 'retirement':
      return api.post('/v1/lots/{lotId}/retirements', { path: { lotId: scoped(step.lotId) }, body: step.body, idempotencyKey });
    case 'certification': {
      const body = { ...step.body, certificationId: scoped(step.body.certificationId) };
      return step.subject.kind === 'lot'
        ? api.post('/v1/lots/{lotId}/certifications', { path: { lotId: scoped(step.subject.lotId) }, body, idempotencyKey })
        : api.post('/v1/facilities/{facilityId}/certifications', { path: { facilityId: scoped(step.subject.facilityId) }, body, idempotencyKey });
    }
    case 'flag': {
      const body = { ...step.body, flagId: scoped(step.body.flagId) };
      return step.subject.kind === 'lot'
        ? api.post('/v1/lots/{lotId}/flags', { path: { lotId: scoped(step.subject.lotId) }, body, idempotencyKey })
        : api.post('/v1/facilities/{facilityId}/flags', { path: { facilityId: scoped(step.subject.facilityId) }, body, idempotencyKey });
    }
    case 'flag-resolution': {
      const flagId = scoped(step.flagId);
      return step.subject.kind === 'lot'
        ? api.post('/v1/lots/{lotId}/flags/{flagId}/resolution', { path: { lotId: scoped(step.subject.lotId), flagId }, body: step.body, idempotencyKey })
        : api.post('/v1/facilities/{facilityId}/flags/{flagId}/resolution', {
            path: { facilityId: scoped(step.subject.facilityId), flagId },
            body: step.body,
            idempotencyKey,
          });
    }
    case 'watchlist':
      return api.post('/v1/watchlists', { body: { ...step.body, listId: scoped(step.body.listId) }, idempotencyKey });
    case 'watchlist-amendment': {
      // An LEI of this run's own, as the party that carries it registered with.
      const add = (step.body.add ?? []).map((entry) => (entry.identifiers?.lei ? { ...entry, identifiers: { ...entry.identifiers, lei: scopedLeiOf(entry.identifiers.lei) } } : entry));
      return api.post('/v1/watchlists/{listId}/amendments', { path: { listId: scoped(step.listId) }, body: { ...step.body, add }, idempotencyKey });
    }
    default:
      return unreachable(step);
  }
}

function count(step: ScenarioStep, counts: Record<string, number>): void {
  switch (step.kind) {
    case 'origin':
      counts.lots++;
      return;
    case 'shipment':
      counts.shipments++;
      return;
    case 'receipt':
      counts.receipts++;
      return;
    case 'transformation':
      counts.transformations++;
      counts.lots += step.body.outputs.length;
      return;
    case 'retirement':
      counts.retirements++;
      return;
    case 'certification':
      counts.certifications++;
      return;
    case 'flag':
      counts.flags++;
      return;
    case 'flag-resolution':
      counts.flagResolutions++;
      return;
    case 'watchlist':
      counts.watchlists++;
      return;
    case 'watchlist-amendment':
      counts.watchlistAmendments++;
      return;
    default:
      unreachable(step);
  }
}

function compositionText(composition: CompositionKg): string {
  return Object.entries(composition)
    .map(([mineral, kg]) => `${mineral} ${kg}`)
    .join(', ');
}

function describe(step: ScenarioStep, scoped: (id: string) => string): string {
  switch (step.kind) {
    case 'origin': {
      const how = step.body.origin.type === 'extraction' ? 'extracted' : `recovered (${step.body.origin.feedstock})`;
      return `lot        ${scoped(step.body.lotId)} ${how}: ${step.body.form} ${step.body.grossMassKg} kg [${compositionText(step.body.composition)}]`;
    }
    case 'shipment':
      return `shipment   ${scoped(step.lotId)} → ${scoped(step.body.toPartyId)} (${step.body.destinationCountry}, ${step.body.transportMode ?? 'unspecified'})`;
    case 'receipt':
      return `receipt    ${scoped(step.lotId)} at ${scoped(step.body.facilityId)}: ${step.body.receivedMassKg} kg`;
    case 'transformation': {
      const inputs = step.body.inputs.map((input) => `${scoped(input.lotId)} ${input.massKg} kg`).join(' + ');
      const outputs = step.body.outputs.map((output) => `${scoped(output.lotId)} [${compositionText(output.composition)}]`).join(' + ');
      return `transform  ${step.body.process}: ${inputs} → ${outputs}`;
    }
    case 'retirement':
      return `retirement ${scoped(step.lotId)} (${step.body.reason}${step.body.productRef ? `: ${step.body.productRef}` : ''})`;
    case 'certification':
      return `certified  ${subjectName(step.subject, scoped)}: ${step.body.scheme}`;
    case 'flag':
      return `flag       ${subjectName(step.subject, scoped)}: ${step.body.category} (${step.body.severity})`;
    case 'flag-resolution':
      return `resolved   ${scoped(step.flagId)} on ${subjectName(step.subject, scoped)}: ${step.body.outcome}`;
    case 'watchlist':
      return `watch list ${scoped(step.body.listId)}: ${step.body.name} (${step.body.category})`;
    case 'watchlist-amendment':
      return `amendment  ${step.body.amendmentId} of ${scoped(step.listId)} from ${step.body.effectiveFrom}: ${(step.body.add ?? []).length} listed, ${(step.body.remove ?? []).length} delisted`;
    default:
      return unreachable(step);
  }
}

function subjectName(subject: { kind: 'lot'; lotId: string } | { kind: 'facility'; facilityId: string }, scoped: (id: string) => string): string {
  return subject.kind === 'lot' ? `lot ${scoped(subject.lotId)}` : `facility ${scoped(subject.facilityId)}`;
}

/**
 * Reads back two answers the run should have produced. They depend on the projections others
 * build, so a failed read is reported and does not undo a successful fill.
 */
async function reportReads(
  auditor: LedgerApi,
  shortLotId: string,
  cathodeLotId: string,
  position: string,
  log: (line: string) => void,
): Promise<void> {
  try {
    const lot = await auditor.get('/v1/lots/{lotId}', { path: { lotId: shortLotId }, query: { minPosition: position } });
    const flags = Array.isArray(lot.openFlags) ? lot.openFlags : [];
    const discrepancy = flags.some((flag) => JSON.stringify(flag).includes('mass-discrepancy'));
    log(`  check      ${shortLotId}: ${discrepancy ? 'open mass-discrepancy flag present' : `no mass-discrepancy flag among ${flags.length} open flag(s)`}`);
  } catch (error) {
    log(`  check      could not read ${shortLotId}: ${(error as Error).message}`);
  }
  try {
    const origins = await auditor.get('/v1/lots/{lotId}/origins', { path: { lotId: cathodeLotId }, query: { minPosition: position } });
    for (const [mineral, answer] of Object.entries(origins.minerals ?? {})) {
      const countries = Object.entries(answer.byCountry ?? {})
        .map(([country, share]) => `${country} ${(share * 100).toFixed(1)}%`)
        .join(', ');
      log(
        `  origins    ${mineral} ${answer.massKg} kg: ${countries}; recycled ${percent(answer.recycledShare)}, certified ${percent(answer.certifiedShare)}, flagged ${percent(answer.flaggedShare)}`,
      );
    }
  } catch (error) {
    log(`  origins    could not read ${cathodeLotId}: ${(error as Error).message}`);
  }
}

/**
 * Waits (bounded) for screening to have run over the list's amendments, then reads the cathode
 * lot's exposure to the list: the share of each mineral that passed through a listed entity.
 */
async function reportExposure(auditor: LedgerApi, listId: string, cathodeLotId: string, log: (line: string) => void): Promise<void> {
  try {
    const deadline = Date.now() + 30_000;
    const readList = () => auditor.get('/v1/watchlists/{listId}', { path: { listId } });
    let list = await readList();
    while (list.amendments.some((a) => a.screened === null) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      list = await readList();
    }
    for (const amendment of list.amendments) {
      log(`  screening  ${amendment.amendmentId}: ${amendment.screened ? `${amendment.screened.flagsRaised} flag(s) raised` : 'not screened yet'}`);
    }
    // Once screened, the flags it raised are in the log; wait for the read models to hold them.
    const health = await auditor.get('/health');
    const exposure = await auditor.get('/v1/lots/{lotId}/exposure', {
      path: { lotId: cathodeLotId },
      query: { list: listId, ...(health.position ? { minPosition: health.position } : {}) },
    });
    for (const [mineral, answer] of Object.entries(exposure.minerals)) {
      log(`  exposure   ${mineral} ${answer.massKg} kg: ${answer.exposedMassKg} kg passed through an entity on ${listId} while it was listed (${percent(answer.exposedShare)})`);
    }
  } catch (error) {
    log(`  exposure   could not read ${cathodeLotId}: ${(error as Error).message}`);
  }
}

/**
 * An LEI of this run's own: a party of one run must not carry another run's identifier, or a
 * list amendment of one run would flag the other's party too. Valid (ISO 7064 check digits).
 */
export function scopedLei(tag: string, lei: string): string {
  const base = createHash('sha256').update(`${tag}\u0000${lei}`).digest('hex').slice(0, 18).toUpperCase();
  const digits = [...`${base}00`].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return `${base}${String(98 - remainder).padStart(2, '0')}`;
}

function percent(share: number | undefined): string {
  return typeof share === 'number' ? `${(share * 100).toFixed(1)}%` : '?';
}

function unreachable(value: never): never {
  throw new Error(`unhandled scenario step ${JSON.stringify(value)}`);
}
