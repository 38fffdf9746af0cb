import { workedExampleLog } from '../../projections/testing/worked-example';
import { streams } from '../domain/events';
import { toEnvelopeJson } from '../event-store/event-envelope';
import { ExportReplay } from './export-replay';

describe('ExportReplay: the offline summary of an export', () => {
  function replayOf(build: (log: ReturnType<typeof workedExampleLog>) => void = () => {}) {
    const log = workedExampleLog();
    build(log);
    const replay = new ExportReplay();
    for (const event of log.events) replay.apply(toEnvelopeJson(event));
    return replay;
  }

  it('counts parties by role, facilities and lots by status', () => {
    const summary = replayOf().summary();
    expect(summary.parties).toEqual({ total: 2, byRole: { processor: 1, producer: 1 } });
    expect(summary.facilities).toBe(4);
    expect(summary.lots).toEqual({ total: 4, byStatus: { active: 2, 'in-transit': 0, consumed: 2, retired: 0 } });
  });

  it('gives contained mass per mineral at origin and still held, in exact kilograms', () => {
    const { minerals } = replayOf().summary();
    expect(minerals.lithium).toEqual({ atOriginKg: '41400.000', heldKg: '39950.000' }); // 13,950 left in AU-SPOD-1 + 26,000 in JP-LIOH-1
    expect(minerals.nickel).toEqual({ atOriginKg: '10000.000', heldKg: '0.000' });
  });

  it('lists open flags only', () => {
    const summary = replayOf((log) => {
      const subject = { kind: 'lot' as const, lotId: 'JP-LIOH-1' };
      log.record(streams.lot('JP-LIOH-1'), { type: 'FlagRaised', data: { flagId: 'F-1', subject, category: 'sanctions', severity: 'high', description: 'x', automatic: false } });
      log.record(streams.lot('JP-LIOH-1'), { type: 'FlagRaised', data: { flagId: 'F-2', subject, category: 'other', severity: 'low', description: 'y', automatic: false } });
      log.record(streams.lot('JP-LIOH-1'), { type: 'FlagResolved', data: { flagId: 'F-2', subject, outcome: 'cleared', note: 'ok' } });
    }).summary();
    expect(summary.openFlags.map((f) => [f.flagId, f.subject, f.category])).toEqual([['F-1', 'lot JP-LIOH-1', 'sanctions']]);
  });

  it("answers a lot's origins as the brief's worked example says", () => {
    const origins = replayOf().origins('JP-LIOH-1');
    const lithium = origins.minerals.lithium;
    expect(lithium.massKg).toBe('26000.000');
    expect(lithium.origins.map((o) => [o.facilityId, o.massKg])).toEqual([
      ['au-mine', '13213.115'],
      ['cl-brine', '11366.120'],
      ['us-recycler', '1420.765'],
    ]);
  });
});
