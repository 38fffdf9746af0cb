import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { createLedgerApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/ledger-config';
import { SCHEMA_VERSION, streams, type LedgerEvent } from '../../src/domain/events';
import type { StreamWrite } from '../../src/event-store/event-store.port';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ScreeningService } from '../../src/use-cases/screening/screening.service';

const PARTIES = 5_000;
const FACILITIES = 5_000;
const ENTRIES = 1_000;
/** Entries naming a registered party by its LEI (automatic flags), and by its name only (review flags). */
const BY_LEI = 100;
const BY_NAME = 50;

const WORDS = ['Golden', 'River', 'Summit', 'Pacific', 'Northern', 'Copper', 'Cobalt', 'Nickel', 'Lithium', 'Star', 'Dragon', 'Eagle', 'Harbor', 'Mountain', 'Valley', 'Orient', 'Atlas', 'Delta', 'Phoenix', 'Crown', 'Silver', 'Iron', 'Jade', 'Lotus', 'Ocean'];
const TRADES = ['Mining', 'Metals', 'Smelting', 'Refining', 'Resources', 'Materials', 'Chemicals', 'Minerals'];

/**
 * S1: screening one amendment of 1,000 entries against 10,000 registered parties and facilities,
 * in the real service (screening reactor on, read models in the follower thread): from the POST
 * of the amendment to its screening recorded in the log. The parties and facilities are written
 * to the store before the service starts, and the service has screened their registrations
 * before the clock starts.
 */
export async function screeningAmendment(job: BenchJob): Promise<BenchRow[]> {
  const dataDir = join(job.dir, 'data');
  const store = openSqliteEventStore(dataDir);
  const leis: string[] = [];
  const names: string[] = [];
  const writes: StreamWrite[] = [];
  for (let p = 0; p < PARTIES; p++) {
    const partyId = `party-${p}`;
    const name = companyName(p);
    const lei = p % 10 === 0 ? leiOf(p) : undefined;
    if (lei) leis.push(lei);
    names.push(name);
    writes.push(write(streams.party(partyId), { type: 'PartyRegistered', data: { partyId, name, country: 'CN', roles: ['processor'], ...(lei ? { identifiers: { lei } } : {}) } }));
  }
  for (let f = 0; f < FACILITIES; f++) {
    const facilityId = `facility-${f}`;
    writes.push(write(streams.facility(facilityId), { type: 'FacilityRegistered', data: { facilityId, operatorId: `party-${f % PARTIES}`, name: `${companyName(f + 7)} Plant ${f}`, kind: 'smelter', country: 'CN' } }));
  }
  for (let i = 0; i < writes.length; i += 500) await Promise.all(writes.slice(i, i + 500).map((w) => store.append([w])));
  await store.close();

  const adminToken = randomBytes(32).toString('base64url');
  const app = await createLedgerApp(loadConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_ADMIN_TOKEN: adminToken, LEDGER_LOG_LEVEL: 'error' }));
  await app.listen(0, '127.0.0.1');
  try {
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const screening = app.get(ScreeningService);
    const post = async (path: string, key: string, body: unknown) => {
      const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
      const answer = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer)}`);
      return answer;
    };
    const regulator = await post('/v1/parties', adminToken, { id: 'bench-regulator', name: 'Bench Regulator', country: 'US', roles: ['regulator'] });
    const key = regulator.apiKey as string;
    await post('/v1/watchlists', key, { listId: 'bench-entity-list', name: 'Bench Entity List', authority: 'bench', category: 'forced-labor', effectiveFrom: '2024-01-01T00:00:00Z' });
    await screening.settled(600_000);

    const add = Array.from({ length: ENTRIES }, (_, i) => {
      if (i < BY_LEI) return { entryId: `E-${i}`, name: `Listed Entity ${i}`, identifiers: { lei: leis[i] } };
      if (i < BY_LEI + BY_NAME) return { entryId: `E-${i}`, name: names[(i * 37) % PARTIES].toUpperCase(), countries: ['CN'] };
      return { entryId: `E-${i}`, name: `Unrelated ${randomUUID().slice(0, 8)} Trading House`, countries: ['CN'] };
    });
    const started = performance.now();
    await post('/v1/watchlists/bench-entity-list/amendments', key, { amendmentId: 'BENCH-1', effectiveFrom: '2025-01-01T00:00:00Z', reference: 'bench', add });
    await screening.settled(600_000);
    const elapsedMs = performance.now() - started;
    const list = (await (await fetch(`${url}/v1/watchlists/bench-entity-list`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      amendments: { screened: { subjectsScreened: number; flagsRaised: number } | null }[];
    };
    const screened = list.amendments[0]?.screened;
    if (!screened) throw new Error('the amendment was not screened');
    return [
      {
        workload: 'S1 screening',
        subject: 'ledger',
        eventsPerSec: Math.round(ENTRIES / (elapsedMs / 1000)),
        p50Ms: elapsedMs,
        p99Ms: elapsedMs,
        peakRssMb: null,
        events: screened.flagsRaised,
        note:
          `one amendment of ${ENTRIES} entries against ${PARTIES + FACILITIES} parties and facilities, POST to screening recorded (events/s = entries/s): ` +
          `${screened.subjectsScreened} candidates compared, ${screened.flagsRaised} flags raised (target ≤ 10 s)`,
      },
    ];
  } finally {
    await app.close();
  }
}

function write(streamId: string, event: LedgerEvent): StreamWrite {
  return {
    streamId,
    expectedRevision: 'no-stream',
    events: [
      {
        eventId: randomUUID(),
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        metadata: { occurredAt: '2024-06-01T00:00:00.000Z', actorPartyId: 'admin', idempotencyKey: null, schemaVersion: SCHEMA_VERSION },
      },
    ],
  };
}

/** Three words from small vocabularies: names share words, as real company names do, which is what blocking must cope with. */
function companyName(n: number): string {
  return `${WORDS[n % WORDS.length]} ${WORDS[Math.floor(n / WORDS.length) % WORDS.length]} ${TRADES[n % TRADES.length]} ${n} Co., Ltd.`;
}

/** A valid LEI (ISO 7064 MOD 97-10 check digits) from a number. */
function leiOf(n: number): string {
  const base = `BENCH${String(n).padStart(13, '0')}`;
  const digits = [...`${base}00`].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return `${base}${String(98 - remainder).padStart(2, '0')}`;
}
