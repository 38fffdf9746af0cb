import { randomUUID } from 'node:crypto';
import type { TestLedger } from './ledger-test-app';
import { ADMIN_TOKEN } from './ledger-test-app';
import { plainIds, type LedgerIds } from './ledger-ids';

export { ledgerIds, type LedgerIds } from './ledger-ids';

/** Registers a party through the API and returns its API key. */
export async function registerParty(ledger: TestLedger, id: string, roles: string[], country = 'US'): Promise<string> {
  const res = await ledger.http
    .post('/v1/parties')
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({ id, name: `${id} Ltd`, country, roles });
  if (res.status !== 201) throw new Error(`registering ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.apiKey as string;
}

export async function registerFacility(ledger: TestLedger, key: string, id: string, kind: string, country: string): Promise<void> {
  const res = await ledger.http.post('/v1/facilities').set('Authorization', `Bearer ${key}`).send({ id, name: `${id} site`, kind, country });
  if (res.status !== 201) throw new Error(`registering facility ${id}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * The events of this ledger's log, read as a regulator. A ledger with `ledgerIds` (every e2e test)
 * gets only those written since it started to streams named with its ids: on a shared KurrentDB
 * the log also holds other ledgers' events, which no assertion may count. A ledger with plain ids
 * (a fresh store of its own) gets the whole log.
 */
export async function ledgerEvents(ledger: TestLedger, regulatorKey: string): Promise<Array<Record<string, any>>> {
  const after = ledger.ids.tag === '' || ledger.startPosition === null ? '' : `&after=${ledger.startPosition}`;
  const res = await ledger.http.get(`/v1/ledger/events?limit=10000${after}`).set('Authorization', `Bearer ${regulatorKey}`);
  if (res.status !== 200) throw new Error(`reading the log: ${res.status} ${res.text}`);
  return res.text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, any>)
    .filter((event) => ledger.ids.tag === '' || String(event.streamId).endsWith(`-${ledger.ids.tag}`));
}

export function post(ledger: TestLedger, key: string, path: string, body: unknown, idempotencyKey: string = randomUUID()) {
  return ledger.http.post(path).set('Authorization', `Bearer ${key}`).set('Idempotency-Key', idempotencyKey).send(body as object);
}

export interface WorkedExample {
  keys: { auMine: string; clBrine: string; usRecycler: string; jpRefinery: string; auditor: string; regulator: string };
}

/**
 * The brief's worked example up to (not including) the refinery's transformation: three origin
 * lots shipped to and received by the JP refinery.
 */
export async function workedExampleInputs(ledger: TestLedger): Promise<WorkedExample> {
  const id = ledger.ids;
  const keys = {
    auMine: await registerParty(ledger, id('au-mine-co'), ['producer'], 'AU'),
    clBrine: await registerParty(ledger, id('cl-brine-co'), ['producer'], 'CL'),
    usRecycler: await registerParty(ledger, id('us-recycler-co'), ['recycler'], 'US'),
    jpRefinery: await registerParty(ledger, id('jp-refinery-co'), ['processor'], 'JP'),
    auditor: await registerParty(ledger, id('auditor-co'), ['auditor'], 'JP'),
    regulator: await registerParty(ledger, id('regulator-gov'), ['regulator'], 'US'),
  };
  await registerFacility(ledger, keys.auMine, id('au-mine'), 'mine', 'AU');
  await registerFacility(ledger, keys.clBrine, id('cl-brine'), 'mine', 'CL');
  await registerFacility(ledger, keys.usRecycler, id('us-recycler'), 'recycler', 'US');
  await registerFacility(ledger, keys.jpRefinery, id('jp-refinery'), 'refinery', 'JP');
  const origins: Array<[string, string, unknown]> = [
    [keys.auMine, id('AU-SPOD-1'), { form: 'ore', grossMassKg: '1000000', composition: { lithium: '27900' }, origin: { type: 'extraction', facilityId: id('au-mine') } }],
    [keys.clBrine, id('CL-BRINE-7'), { form: 'brine', grossMassKg: '200000', composition: { lithium: '12000' }, origin: { type: 'extraction', facilityId: id('cl-brine') } }],
    [
      keys.usRecycler,
      id('US-BM-3'),
      {
        form: 'black-mass',
        grossMassKg: '50000',
        composition: { lithium: '1500', nickel: '10000', cobalt: '3000', manganese: '3000' },
        origin: { type: 'recycling', facilityId: id('us-recycler'), feedstock: 'post-consumer' },
      },
    ],
  ];
  for (const [key, lotId, body] of origins) {
    const created = await post(ledger, key, '/v1/lots', { lotId, occurredAt: '2026-01-10T00:00:00Z', ...(body as object) });
    if (created.status !== 201) throw new Error(`origin ${lotId}: ${created.status} ${JSON.stringify(created.body)}`);
    const shipped = await post(ledger, key, `/v1/lots/${lotId}/shipments`, {
      shipmentId: `SHP-${lotId}`,
      toPartyId: id('jp-refinery-co'),
      destinationCountry: 'JP',
      occurredAt: '2026-02-01T00:00:00Z',
    });
    if (shipped.status !== 201) throw new Error(`ship ${lotId}: ${shipped.status} ${JSON.stringify(shipped.body)}`);
    const grossKg = (body as { grossMassKg: string }).grossMassKg;
    const received = await post(ledger, keys.jpRefinery, `/v1/lots/${lotId}/receipts`, {
      shipmentId: `SHP-${lotId}`,
      facilityId: id('jp-refinery'),
      receivedMassKg: grossKg,
      occurredAt: '2026-03-01T00:00:00Z',
    });
    if (received.status !== 201) throw new Error(`receive ${lotId}: ${received.status} ${JSON.stringify(received.body)}`);
  }
  return { keys };
}

export function workedExampleTransformation(lithiumKg = '26000', id: LedgerIds = plainIds) {
  return {
    transformationId: id('TRF-JP-LIOH-1'),
    facilityId: id('jp-refinery'),
    process: 'refining',
    occurredAt: '2026-04-01T00:00:00Z',
    inputs: [
      { lotId: id('AU-SPOD-1'), massKg: '500000' },
      { lotId: id('CL-BRINE-7'), massKg: '200000' },
      { lotId: id('US-BM-3'), massKg: '50000' },
    ],
    outputs: [{ lotId: id('JP-LIOH-1'), form: 'hydroxide', grossMassKg: '150000', composition: { lithium: lithiumKg } }],
  };
}
