import { ledgerEvents, ledgerIds, post, registerParty } from './ledger-fixtures';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';
import { registerPartyWithLei, screened, screeningExample, XJ_LEI, type ScreeningExample } from './screening-fixtures';

describe('Art. 5.8 through HTTP: watch lists, screening and exposure', () => {
  let ledger: TestLedger;
  let example: ScreeningExample;
  const id = ledgerIds();
  let listedPosition: string;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    example = await screeningExample(ledger);
    listedPosition = await screened(ledger);
  }, 120_000);
  afterAll(() => ledger.destroy());

  const get = (path: string, key = example.keys.auditor) => ledger.http.get(path).set('Authorization', `Bearer ${key}`);
  const exposure = (basis: string, minPosition: string) =>
    get(`/v1/lots/${id('BLEND-1')}/exposure?list=${id('uflpa')}&basis=${encodeURIComponent(basis)}&minPosition=${minPosition}`);

  it('screening flags the listed operator by its LEI: an automatic forced-labour flag naming list, entry and amendment; the run is recorded once', async () => {
    const flags = await get(`/v1/watchlists/${id('uflpa')}/flags?minPosition=${listedPosition}`);
    expect(flags.status).toBe(200);
    expect(flags.body.items).toEqual([
      expect.objectContaining({
        subject: { kind: 'party', partyId: id('xj') },
        category: 'forced-labor',
        automatic: true,
        source: { listId: id('uflpa'), entryId: 'UFLPA-144', amendmentId: 'FR-2025-06' },
        match: { by: 'identifier', identifier: 'lei', value: XJ_LEI },
        resolution: null,
      }),
    ]);
    const events = await ledgerEvents(ledger, example.keys.regulator);
    const raised = events.filter((e) => e.type === 'FlagRaised' && e.data.source);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ actorPartyId: 'screening', streamId: `party-${id('xj')}` });
    const list = await get(`/v1/watchlists/${id('uflpa')}`);
    expect(list.body.amendments).toEqual([
      expect.objectContaining({ amendmentId: 'FR-2025-06', added: 1, removed: 0, screened: { subjectsScreened: 1, flagsRaised: 1, flagsResolved: 0 } }),
    ]);
  });

  it('GET /v1/watchlists/{listId}?asOf= answers the entries in force then', async () => {
    const before = await get(`/v1/watchlists/${id('uflpa')}?asOf=2025-05-31T23:59:59Z`);
    expect(before.status).toBe(200);
    expect(before.body.entries).toEqual([]);
    const after = await get(`/v1/watchlists/${id('uflpa')}?asOf=2025-06-01T00:00:00Z`);
    expect(after.body.entries).toEqual([
      expect.objectContaining({ entryId: 'UFLPA-144', identifiers: { lei: XJ_LEI }, amendmentId: 'FR-2025-06', listedFrom: '2025-06-01T00:00:00Z' }),
    ]);
    expect((await get(`/v1/watchlists/${id('uflpa')}?asOf=yesterday`)).status).toBe(400);
    const index = await get(`/v1/watchlists?minPosition=${listedPosition}`);
    expect(index.body.items.map((l: { listId: string }) => l.listId)).toContain(id('uflpa'));
  });

  it('acceptance 1: event-time, current and a past basis give three answers, to the gram; delisting changes current, not event-time', async () => {
    const eventTime = await exposure('event-time', listedPosition);
    expect(eventTime.status).toBe(200);
    // 320 / (480 + 320) of 777,777 g = 311,110.8 g; no cobalt came from NI-B.
    expect(eventTime.body.minerals.nickel).toMatchObject({ massKg: '777.777', exposedMassKg: '311.111', exposedShare: 0.4 });
    expect(eventTime.body.minerals.cobalt).toMatchObject({ massKg: '44.444', exposedMassKg: '0.000', exposedShare: 0 });
    expect(eventTime.body.minerals.nickel.paths).toEqual([
      expect.objectContaining({ lotId: id('ORE-1'), partyId: id('xj'), facilityId: id('xj-smelter'), stage: 'smelter', activity: 'receipt', amendmentId: 'FR-2025-06' }),
      expect.objectContaining({ lotId: id('NI-B'), entryId: 'UFLPA-144', from: '2025-08-01T00:00:00Z', to: '2025-08-15T00:00:00Z', activity: 'transformation' }),
    ]);
    const current = await exposure('current', listedPosition);
    expect(current.body.minerals.nickel).toMatchObject({ exposedMassKg: '777.777', exposedShare: 1 });
    expect(current.body.minerals.cobalt).toMatchObject({ exposedMassKg: '44.444', exposedShare: 1 });
    const past = await exposure('2025-01-01T00:00:00Z', listedPosition);
    expect(past.body.minerals.nickel).toMatchObject({ exposedMassKg: '0.000', exposedShare: 0 });

    const delisting = await post(ledger, example.keys.regulator, `/v1/watchlists/${id('uflpa')}/amendments`, {
      amendmentId: 'FR-2026-01',
      effectiveFrom: '2026-01-01T00:00:00Z',
      reference: '91 FR 101',
      remove: ['UFLPA-144'],
    });
    expect(delisting.status).toBe(201);
    const delistedAt = await screened(ledger);
    expect((await exposure('current', delistedAt)).body.minerals.nickel).toMatchObject({ exposedMassKg: '0.000', exposedShare: 0 });
    expect((await exposure('event-time', delistedAt)).body.minerals.nickel).toMatchObject({ exposedMassKg: '311.111', exposedShare: 0.4 });
    // As of before the delisting was recorded, the ledger answers as it did then.
    const then = await get(`/v1/lots/${id('BLEND-1')}/exposure?list=${id('uflpa')}&basis=current&asOf=${listedPosition}`);
    expect(then.body.minerals.nickel.exposedMassKg).toBe('777.777');
    const flags = await get(`/v1/watchlists/${id('uflpa')}/flags?status=all&minPosition=${delistedAt}`);
    expect(flags.body.items[0].resolution).toMatchObject({ outcome: 'delisted', resolvedAt: '2026-01-01T00:00:00Z' });
  });

  it('the manufacturer asks which lots it holds are exposed; another party may not ask for it', async () => {
    const at = await screened(ledger);
    const mine = await get(`/v1/exposure?list=${id('uflpa')}&holder=${id('us-maker')}&minPosition=${at}`, example.keys.maker);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ items: [{ lotId: id('BLEND-1'), minerals: { nickel: { exposedShare: 0.4, exposedMassKg: '311.111' } } }], next: null });
    expect((await get(`/v1/exposure?list=${id('uflpa')}&holder=${id('us-maker')}`, example.keys.miner)).status).toBe(403);
  });

  it('acceptance 2: an amendment posted twice with the same Idempotency-Key is stored and screened once', async () => {
    const body = {
      amendmentId: 'FR-2026-02',
      effectiveFrom: '2026-02-01T00:00:00Z',
      reference: '91 FR 202',
      add: [{ entryId: 'UFLPA-145', name: 'Tianshan Ore Processing', identifiers: { registrationNumber: '91650100MA77TEST1X' }, countries: ['CN'] }],
    };
    const first = await post(ledger, example.keys.regulator, `/v1/watchlists/${id('uflpa')}/amendments`, body, `amend-twice-${id.tag}`);
    const second = await post(ledger, example.keys.regulator, `/v1/watchlists/${id('uflpa')}/amendments`, body, `amend-twice-${id.tag}`);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const again = await post(ledger, example.keys.regulator, `/v1/watchlists/${id('uflpa')}/amendments`, body);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('watchlist-amendment-already-exists');
    await screened(ledger);
    const events = await ledgerEvents(ledger, example.keys.regulator);
    expect(events.filter((e) => e.type === 'WatchlistAmended' && e.data.amendmentId === 'FR-2026-02')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'WatchlistScreened' && e.data.amendmentId === 'FR-2026-02')).toHaveLength(1);
  });

  it('acceptance 3: a name-only match raises a review flag, never an automatic one; an identifier match always does', async () => {
    // registerParty names it "<id> Ltd": nothing like the listed name.
    await registerParty(ledger, id('xj-lookalike'), ['trader'], 'CN');
    await registerPartyWithName(ledger, id('xj-namesake'), 'XINJIANG NONFERROUS METAL INDUSTRY GROUP');
    await registerPartyWithLei(ledger, id('xj-subsidiary'), 'Hami Refining Ltd', XJ_LEI);
    const list = await post(ledger, example.keys.regulator, `/v1/watchlists/${id('uflpa')}/amendments`, {
      amendmentId: 'FR-2026-03',
      effectiveFrom: '2026-03-01T00:00:00Z',
      reference: '91 FR 303',
      add: [{ entryId: 'UFLPA-144', name: 'Xinjiang Nonferrous Metal Industry (Group) Co., Ltd.', countries: ['CN'], identifiers: { lei: XJ_LEI } }],
    });
    expect(list.status).toBe(201);
    const at = await screened(ledger);
    const flags = (await get(`/v1/watchlists/${id('uflpa')}/flags?minPosition=${at}`)).body.items as Array<Record<string, any>>;
    const on = (partyId: string) => flags.filter((f) => f.subject.partyId === partyId && f.source.amendmentId === 'FR-2026-03');
    expect(on(id('xj-namesake'))).toEqual([expect.objectContaining({ category: 'review', automatic: false, match: expect.objectContaining({ by: 'name' }) })]);
    expect(on(id('xj-subsidiary'))).toEqual([expect.objectContaining({ category: 'forced-labor', automatic: true, match: expect.objectContaining({ by: 'identifier' }) })]);
    expect(on(id('xj'))).toEqual([expect.objectContaining({ category: 'forced-labor', automatic: true })]);
    expect(on(id('xj-lookalike'))).toEqual([]);
    expect(flags.filter((f) => f.automatic && f.match.by === 'name')).toEqual([]);
    // A person confirms the review flag on the party.
    const review = on(id('xj-namesake'))[0];
    const confirmed = await post(ledger, example.keys.auditor, `/v1/parties/${id('xj-namesake')}/flags/${review.flagId}/resolution`, { outcome: 'confirmed', note: 'same company' });
    expect(confirmed.status).toBe(201);
  });

  it('acceptance 5: bad input is refused clearly and stores nothing', async () => {
    await screened(ledger);
    const before = (await ledgerEvents(ledger, example.keys.regulator)).length;
    const amend = (listId: string, body: object) => post(ledger, example.keys.regulator, `/v1/watchlists/${listId}/amendments`, body);
    const base = { amendmentId: 'FR-BAD', effectiveFrom: '2026-04-01T00:00:00Z', reference: 'bad' };
    const unknownList = await amend(id('no-such-list'), { ...base, add: [{ entryId: 'E', name: 'Somebody' }] });
    expect(unknownList.status).toBe(404);
    expect(unknownList.body.code).toBe('watchlist-not-found');
    const beforeList = await amend(id('uflpa'), { ...base, effectiveFrom: '2023-12-31T00:00:00Z', add: [{ entryId: 'E', name: 'Somebody' }] });
    expect(beforeList.status).toBe(422);
    expect(beforeList.body).toMatchObject({ code: 'watchlist-amendment-before-list', errors: [{ field: 'effectiveFrom' }] });
    const nameless = await amend(id('uflpa'), { ...base, add: [{ entryId: 'E', countries: ['CN'] }] });
    expect(nameless.status).toBe(422);
    expect(nameless.body).toMatchObject({ code: 'watchlist-entry-unidentifiable', errors: [{ field: 'add.0' }] });
    const removeUnknown = await amend(id('uflpa'), { ...base, remove: ['NOBODY'] });
    expect(removeUnknown.status).toBe(422);
    expect(removeUnknown.body).toMatchObject({ code: 'unknown-watchlist-entry', errors: [{ field: 'remove.0' }] });
    const badLei = await amend(id('uflpa'), { ...base, add: [{ entryId: 'E', identifiers: { lei: 'ABC' } }] });
    expect(badLei.status).toBe(400);
    expect(badLei.body.errors).toEqual([expect.objectContaining({ field: 'add.0.identifiers.lei' })]);
    const notRegulator = await post(ledger, example.keys.auditor, `/v1/watchlists/${id('uflpa')}/amendments`, { ...base, add: [{ entryId: 'E', name: 'X Y Z' }] });
    expect(notRegulator.status).toBe(403);
    const badCategory = await post(ledger, example.keys.regulator, '/v1/watchlists', { listId: id('bad'), name: 'n', authority: 'a', category: 'review' });
    expect(badCategory.status).toBe(400);
    expect((await get(`/v1/lots/${id('BLEND-1')}/exposure?list=${id('no-such-list')}`)).status).toBe(404);
    expect((await get(`/v1/lots/${id('BLEND-1')}/exposure`)).status).toBe(400);
    expect((await get(`/v1/lots/${id('BLEND-1')}/exposure?list=${id('uflpa')}&basis=yesterday`)).status).toBe(400);
    expect((await ledgerEvents(ledger, example.keys.regulator)).length).toBe(before);
  });
});

async function registerPartyWithName(ledger: TestLedger, partyId: string, name: string): Promise<void> {
  const res = await ledger.http.post('/v1/parties').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ id: partyId, name, country: 'CN', roles: ['trader'] });
  if (res.status !== 201) throw new Error(`registering ${partyId}: ${res.status} ${JSON.stringify(res.body)}`);
}
