import { ADMIN_TOKEN, startTestLedger, type TestLedger } from '../../test/e2e/ledger-test-app';
import type { LotState } from './ledger-api-client';
import { LedgerClient } from './ledger-client';
import { runDemo, type DemoResult } from './run-demo';
import { supplyChain } from './supply-chain';

/** The demo against the real service in-process: every write must be accepted, and the state must show it. */
describe('npm run demo against the real ledger', () => {
  let ledger: TestLedger;
  let url: string;
  let result: DemoResult;
  let auditor: LedgerClient;
  const lines: string[] = [];
  const lot = (localId: string) => auditor.get<LotState>(`/v1/lots/E2E-${localId}`, { minPosition: result.position });

  beforeAll(async () => {
    ledger = await startTestLedger();
    url = await ledger.app.getUrl();
    result = await runDemo({ url, adminToken: ADMIN_TOKEN, tag: 'E2E', log: (line) => lines.push(line) });
    auditor = new LedgerClient(url, result.auditorKey);
  }, 60_000);
  afterAll(() => ledger.destroy());

  it('posts every write of the scenario and reports the cathode lot and the reader keys', () => {
    const { parties, facilities, steps } = supplyChain;
    expect(result.counts.writes).toBe(parties.length + facilities.length + steps.length);
    expect(result.cathodeLotId).toBe('E2E-JP-CATH-1');
    expect(result.auditorKey).not.toBe(result.regulatorKey);
  });

  it('leaves AU-SPOD-1 with the half the worked example says it keeps', async () => {
    expect(await lot('AU-SPOD-1')).toMatchObject({
      status: 'active',
      custodianId: 'E2E-jp-lithium',
      grossMassKg: '500000.000',
      composition: { lithium: '13950.000' },
    });
  });

  it('ends in an active cathode lot at the cathode maker holding lithium, nickel, manganese and cobalt', async () => {
    const cathode = await lot('JP-CATH-1');
    expect(cathode).toMatchObject({ form: 'cathode-material', status: 'active', custodianId: 'E2E-jp-cathode', grossMassKg: '42000.000' });
    expect(cathode.composition).toEqual({ lithium: '3000.000', nickel: '20300.000', manganese: '2370.000', cobalt: '2540.000' });
  });

  it('flags the graphite received 0.7 % short by itself, and shows the other receipt within tolerance unflagged', async () => {
    expect(JSON.stringify((await lot('MZ-GR-1')).openFlags)).toContain('mass-discrepancy');
    const manganese = await lot('ZA-MNSO4-1');
    expect(manganese.openFlags).toEqual([]);
    expect(manganese.grossMassKg).toBe('102280.000');
    expect(lines).toContain('  check      E2E-MZ-GR-1: open mass-discrepancy flag present');
  });

  it('records the split, the retirement and the cleared flag', async () => {
    expect((await lot('JP-LIOH-1')).status).toBe('consumed');
    expect((await lot('JP-LIOH-1B')).grossMassKg).toBe('120000.000');
    expect((await lot('US-ANODE-1')).status).toBe('retired');
    const history = await auditor.get<{ events: { type: string }[] }>('/v1/lots/E2E-US-BM-3/events');
    expect(history.events.map((event) => event.type)).toEqual(expect.arrayContaining(['FlagRaised', 'FlagResolved']));
    expect(JSON.stringify((await lot('US-BM-3')).openFlags)).not.toContain('FLAG-DOC-US-1');
  });

  it('lists the flagged mine\'s operator on a watch list by its LEI: screening flags it and the cathode\'s nickel shows exposure', async () => {
    // The operator by its LEI (automatic), and its mine by a name close to the listed one (review).
    expect(lines).toContain('  screening  FL-2025-09: 2 flag(s) raised');
    const nickel = lines.find((line) => line.startsWith('  exposure   nickel'));
    expect(nickel).toMatch(/^  exposure   nickel 20300\.000 kg: [1-9]\d*\.\d{3} kg passed through an entity on E2E-fl-entity-list/);
    expect(lines.find((line) => line.startsWith('  exposure   lithium'))).toContain(': 0.000 kg passed');
  });

  it('answers a replay of the same tag from the idempotency store, and runs again cleanly under a new tag', async () => {
    const replay = await runDemo({ url, adminToken: ADMIN_TOKEN, tag: 'E2E', log: () => undefined });
    expect(replay.position).toBe(result.position);
    expect(replay.auditorKey).toBe(result.auditorKey);

    const again = await runDemo({ url, adminToken: ADMIN_TOKEN, tag: 'E2E2', log: () => undefined });
    expect(BigInt(again.position)).toBeGreaterThan(BigInt(result.position));
    expect(again.cathodeLotId).toBe('E2E2-JP-CATH-1');
  }, 60_000);
});
