import { randomUUID } from 'node:crypto';
import { epcisDocument, originEvent, receiptEvent, shipmentEvent, type EpcisEvent } from '../../src/demo/epcis-documents';
import { LatencyRecorder } from '../latency-recorder';
import { EPCIS_LOAD_MARKER, type EpcisLoadSpec, type EpcisLoadSummary } from './epcis-load-spec';

type Pair = EpcisLoadSpec['pairs'][number];

/**
 * The second process of W8: each client posts EPCIS documents of `documentSize` custody events,
 * one at a time, under rollback, through HTTP, as an ERP would: the producer's documents hold
 * origins each followed by its shipment, the processor's hold receipts of lots shipped before
 * (the same origin/shipment/receipt cycle as W4, two thirds of the events by the producer).
 */
async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as EpcisLoadSpec;
  const latency = new LatencyRecorder();
  let documents = 0;
  let events = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  const started = Date.now();
  const deadline = started + spec.durationSeconds * 1000;

  const client = async (pair: Pair) => {
    const plan = new CustodyPlan(pair, spec.documentSize);
    while (Date.now() < deadline) {
      const { key, events: batch } = plan.next();
      const body = JSON.stringify(epcisDocument(batch, '2026-06-01T00:00:00Z'));
      const sent = process.hrtime.bigint();
      const response = await fetch(`${spec.url}/epcis/capture`, {
        method: 'POST',
        headers: { 'content-type': 'application/ld+json', authorization: `Bearer ${key}` },
        body,
      });
      const answer = (await response.json()) as { success?: boolean };
      latency.record(Number(process.hrtime.bigint() - sent) / 1e6);
      documents++;
      if (response.status === 202 && answer.success === true) {
        events += batch.length;
        plan.accepted();
      } else {
        failed++;
        firstFailure ??= `${response.status} ${JSON.stringify(answer).slice(0, 500)}`;
        plan.rejected();
      }
    }
  };
  await Promise.all(spec.pairs.slice(0, spec.clients).map(client));
  const summary: EpcisLoadSummary = {
    documents,
    events,
    failed,
    firstFailure,
    durationSeconds: (Date.now() - started) / 1000,
    p50Ms: latency.percentile(50) ?? 0,
    p99Ms: latency.percentile(99) ?? 0,
  };
  process.stdout.write(`${EPCIS_LOAD_MARKER}${JSON.stringify(summary)}\n`);
}

/** Which custody events a client sends next, and who sends them. */
class CustodyPlan {
  /** Producer steps not yet sent: origin then shipment of each new lot. */
  private producerSteps: Array<{ kind: 'origin' | 'shipment'; lotId: string }> = [];
  /** Lots shipped and not yet received. */
  private shipped: string[] = [];
  private pending: { kind: 'producer' | 'processor'; lots: string[]; steps: number } | null = null;
  private readonly at = '2026-06-01T00:00:00Z';

  constructor(
    private readonly pair: Pair,
    private readonly size: number,
  ) {}

  next(): { key: string; events: EpcisEvent[] } {
    if (this.shipped.length >= this.size) {
      const lots = this.shipped.slice(0, this.size);
      this.pending = { kind: 'processor', lots, steps: 0 };
      return {
        key: this.pair.processorKey,
        events: lots.map((lotId) =>
          receiptEvent({ eventID: `urn:uuid:${randomUUID()}`, lotId, shipmentId: `${lotId}-s1`, facilityId: this.pair.processorFacilityId, receivedMassKg: '24000', occurredAt: this.at }),
        ),
      };
    }
    while (this.producerSteps.length < this.size) {
      const lotId = `epcis-${randomUUID()}`;
      this.producerSteps.push({ kind: 'origin', lotId }, { kind: 'shipment', lotId });
    }
    const steps = this.producerSteps.slice(0, this.size);
    this.pending = { kind: 'producer', lots: steps.filter((s) => s.kind === 'shipment').map((s) => s.lotId), steps: steps.length };
    return {
      key: this.pair.producerKey,
      events: steps.map((step) =>
        step.kind === 'origin'
          ? originEvent({
              eventID: `urn:uuid:${randomUUID()}`,
              lotId: step.lotId,
              form: 'concentrate',
              grossMassKg: '24000',
              composition: { cobalt: '960', nickel: '240' },
              occurredAt: this.at,
              origin: { type: 'extraction', facilityId: this.pair.producerFacilityId },
            })
          : shipmentEvent({
              eventID: `urn:uuid:${randomUUID()}`,
              lotId: step.lotId,
              grossMassKg: '24000',
              shipmentId: `${step.lotId}-s1`,
              toPartyId: this.pair.processorId,
              toFacilityId: this.pair.processorFacilityId,
              occurredAt: this.at,
            }),
      ),
    };
  }

  accepted(): void {
    const pending = this.pending!;
    if (pending.kind === 'processor') this.shipped = this.shipped.slice(pending.lots.length);
    else {
      this.producerSteps = this.producerSteps.slice(pending.steps);
      this.shipped.push(...pending.lots);
    }
  }

  /** A refused document is not sent again: the next one starts on new lots. */
  rejected(): void {
    const pending = this.pending!;
    if (pending.kind === 'processor') this.shipped = this.shipped.slice(pending.lots.length);
    else this.producerSteps = [];
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
