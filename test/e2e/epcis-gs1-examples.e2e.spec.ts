import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureText } from './epcis-fixtures';
import { ledgerIds, registerParty } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

const EXAMPLES = join(__dirname, '..', 'epcis', 'gs1-examples');
const valid = readdirSync(EXAMPLES).filter((name) => name.endsWith('.jsonld'));
const invalid = readdirSync(join(EXAMPLES, 'invalid')).filter((name) => name.endsWith('.jsonld'));

/** Acceptance 3: the GS1 repository's own example documents. */
describe('EPCIS capture of the GS1 example documents', () => {
  const id = ledgerIds();
  let ledger: TestLedger;
  let key: string;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    key = await registerParty(ledger, id('gs1-examples-poster'), ['producer', 'processor', 'trader'], 'DE');
  });
  afterAll(() => ledger.destroy());

  it('keeps at least five valid examples', () => {
    expect(valid.length).toBeGreaterThanOrEqual(5);
  });

  it.each(valid)('%s is never answered 400: accepted, or refused event by event saying why', async (name) => {
    const text = readFileSync(join(EXAMPLES, name), 'utf8');
    const res = await captureText(ledger, key, text);
    expect(res.status).toBe(202);
    const events = (JSON.parse(text) as { epcisBody: { eventList: Array<{ eventID?: string }> } }).epcisBody.eventList;
    for (const problem of res.body.errors as Array<Record<string, unknown>>) {
      expect(problem).toMatchObject({ status: expect.any(Number), code: expect.any(String), detail: expect.any(String), help: expect.any(String) });
      expect(problem.status).toBeGreaterThanOrEqual(403);
      expect(problem.status).toBeLessThan(500);
      expect(problem.eventID).toBe(events[problem.eventIndex as number].eventID);
      expect((problem.errors as Array<{ field: string }>)[0].field).toMatch(new RegExp(`^/epcisBody/eventList/${problem.eventIndex}(/|$)`));
    }
    // Under rollback the job lists every event the ledger cannot record, not only the first.
    expect(res.body.success).toBe(res.body.errors.length === 0);
  });

  it('says why in the words of the mapping: instance-level EPCs, packing, an error declaration of an event never captured', async () => {
    const codes = async (name: string) => (await captureText(ledger, key, readFileSync(join(EXAMPLES, name), 'utf8'))).body.errors.map((e: { code: string }) => e.code);
    expect(await codes('Example_9.6.1-ObjectEvent.jsonld')).toEqual(['epcis-unmapped-event', 'epcis-unmapped-event']);
    expect(await codes('Example_9.6.3-AggregationEvent.jsonld')).toEqual(['epcis-unsupported-event']);
    expect(await codes('Example_9.6.1-ObjectEvent-with-error-declaration.jsonld')).toEqual(['epcis-invalid-field', 'epcis-unmapped-event']);
  });

  it.each(invalid)('%s (not EPCIS 2.0) is answered 400 naming the JSON pointer, with no job', async (name) => {
    const before = (await ledger.http.get('/epcis/capture').set('Authorization', `Bearer ${key}`)).body.length;
    const res = await captureText(ledger, key, readFileSync(join(EXAMPLES, 'invalid', name), 'utf8'));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('epcis-schema-violation');
    expect(res.body.errors[0].field).toMatch(/^\//);
    expect((await ledger.http.get('/epcis/capture').set('Authorization', `Bearer ${key}`)).body.length).toBe(before);
  });
});
