import { ScreeningService } from '../../src/use-cases/screening/screening.service';
import { post, registerFacility, registerParty } from './ledger-fixtures';
import { ADMIN_TOKEN, type TestLedger } from './ledger-test-app';

/** A valid LEI (ISO 17442 check digits) for the listed smelter operator of the example. */
export const XJ_LEI = '529900T8BM49AURSDO55';

export interface ScreeningExample {
  keys: { regulator: string; auditor: string; miner: string; xj: string; maker: string };
}

/** Waits until screening has handled everything in the log, then for the read models to hold what it wrote; returns that position. */
export async function screened(ledger: TestLedger): Promise<string> {
  await ledger.app.get(ScreeningService).settled();
  return (await ledger.http.get('/health')).body.position as string;
}

function expectCreated(res: { status: number; body: unknown }, what: string): void {
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * Acceptance 1 of issue 12 through HTTP (the same story as `projections/testing/exposure-example.ts`):
 * XJ, which operates a smelter, is listed on a forced-labour list from 2025-06-01; ore it received in
 * January is smelted into NI-A in March (before) and NI-B in August (after); a manufacturer blends
 * both into BLEND-1.
 */
export async function screeningExample(ledger: TestLedger): Promise<ScreeningExample> {
  const id = ledger.ids;
  const keys = {
    regulator: await registerParty(ledger, id('regulator'), ['regulator'], 'US'),
    auditor: await registerParty(ledger, id('auditor'), ['auditor'], 'JP'),
    miner: await registerParty(ledger, id('cn-miner'), ['producer'], 'CN'),
    xj: await registerPartyWithLei(ledger, id('xj'), 'Xinjiang Nonferrous Metal Co., Ltd.', XJ_LEI),
    maker: await registerParty(ledger, id('us-maker'), ['manufacturer', 'processor'], 'US'),
  };
  await registerFacility(ledger, keys.miner, id('cn-mine'), 'mine', 'CN');
  await registerFacility(ledger, keys.xj, id('xj-smelter'), 'smelter', 'CN');
  await registerFacility(ledger, keys.maker, id('us-plant'), 'cathode-plant', 'US');
  expectCreated(
    await post(ledger, keys.regulator, '/v1/watchlists', {
      listId: id('uflpa'),
      name: 'UFLPA Entity List',
      authority: 'DHS FLETF',
      category: 'forced-labor',
      effectiveFrom: '2024-01-01T00:00:00Z',
    }),
    'create list',
  );
  expectCreated(
    await post(ledger, keys.regulator, `/v1/watchlists/${id('uflpa')}/amendments`, {
      amendmentId: 'FR-2025-06',
      effectiveFrom: '2025-06-01T00:00:00Z',
      reference: '90 FR 20001',
      add: [{ entryId: 'UFLPA-144', name: 'Xinjiang Nonferrous Metal Industry (Group) Co., Ltd.', countries: ['CN'], identifiers: { lei: XJ_LEI } }],
    }),
    'list XJ',
  );
  const step = async (key: string, path: string, body: object, what: string) => expectCreated(await post(ledger, key, path, body), what);
  await step(keys.miner, '/v1/lots', {
    lotId: id('ORE-1'),
    form: 'ore',
    grossMassKg: '10000',
    composition: { nickel: '1000', cobalt: '100' },
    occurredAt: '2025-01-10T00:00:00Z',
    origin: { type: 'extraction', facilityId: id('cn-mine') },
  }, 'ORE-1');
  await step(keys.miner, `/v1/lots/${id('ORE-1')}/shipments`, { shipmentId: id('S-ORE'), toPartyId: id('xj'), destinationCountry: 'CN', occurredAt: '2025-01-20T00:00:00Z' }, 'ship ORE-1');
  await step(keys.xj, `/v1/lots/${id('ORE-1')}/receipts`, { shipmentId: id('S-ORE'), facilityId: id('xj-smelter'), receivedMassKg: '10000', occurredAt: '2025-01-25T00:00:00Z' }, 'receive ORE-1');
  const smelt = (transformationId: string, lotId: string, occurredAt: string, grossMassKg: string, composition: Record<string, string>) =>
    step(keys.xj, '/v1/transformations', {
      transformationId: id(transformationId),
      facilityId: id('xj-smelter'),
      process: 'smelting',
      occurredAt,
      inputs: [{ lotId: id('ORE-1'), massKg: '5000' }],
      outputs: [{ lotId: id(lotId), form: 'matte', grossMassKg, composition }],
    }, transformationId);
  const toMaker = async (lotId: string, shippedAt: string, receivedAt: string, grossMassKg: string) => {
    await step(keys.xj, `/v1/lots/${id(lotId)}/shipments`, { shipmentId: id(`S-${lotId}`), toPartyId: id('us-maker'), destinationCountry: 'US', occurredAt: shippedAt }, `ship ${lotId}`);
    await step(keys.maker, `/v1/lots/${id(lotId)}/receipts`, { shipmentId: id(`S-${lotId}`), facilityId: id('us-plant'), receivedMassKg: grossMassKg, occurredAt: receivedAt }, `receive ${lotId}`);
  };
  await smelt('T-A', 'NI-A', '2025-03-01T00:00:00Z', '600', { nickel: '480', cobalt: '45' });
  await toMaker('NI-A', '2025-04-01T00:00:00Z', '2025-04-10T00:00:00Z', '600');
  await smelt('T-B', 'NI-B', '2025-08-01T00:00:00Z', '400', { nickel: '320' });
  await toMaker('NI-B', '2025-08-15T00:00:00Z', '2025-08-20T00:00:00Z', '400');
  await step(keys.maker, '/v1/transformations', {
    transformationId: id('T-BLEND'),
    facilityId: id('us-plant'),
    process: 'blending',
    occurredAt: '2025-10-01T00:00:00Z',
    inputs: [
      { lotId: id('NI-A'), massKg: '600' },
      { lotId: id('NI-B'), massKg: '400' },
    ],
    outputs: [{ lotId: id('BLEND-1'), form: 'precursor', grossMassKg: '900', composition: { nickel: '777.777', cobalt: '44.444' } }],
  }, 'blend');
  return { keys };
}

/** Registers a party with an LEI; returns its API key. */
export async function registerPartyWithLei(ledger: TestLedger, partyId: string, name: string, lei: string): Promise<string> {
  const res = await ledger.http
    .post('/v1/parties')
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({ id: partyId, name, country: 'CN', roles: ['processor'], identifiers: { lei } });
  if (res.status !== 201) throw new Error(`registering ${partyId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.apiKey as string;
}
