import autocannon, { type Request } from 'autocannon';
import { randomUUID } from 'node:crypto';
import { LOAD_MARKER, type HttpLoadSpec } from '../workloads/http-load-spec';

/** Per connection: the lot its current cycle of commands is about. */
interface LotContext {
  lotId?: string;
  shipmentId?: string;
}

/**
 * The second process of W4: autocannon with 64 connections, each cycling through the custody
 * commands of one lot: its origin (producer), its shipment (producer) and its receipt
 * (processor). Every request is authenticated, validated and carries an Idempotency-Key, as an
 * integrating system would send it. Each accepted command stores one custody event.
 */
async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as HttpLoadSpec;
  const json = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });
  const occurredAt = '2026-06-01T00:00:00Z';
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/lots',
        setupRequest: (request: Request, context: LotContext): Request => {
          const lotId = `http-${randomUUID()}`;
          context.lotId = lotId;
          context.shipmentId = `${lotId}-s1`;
          return {
            ...request,
            headers: { ...json(spec.producerKey), 'idempotency-key': randomUUID() },
            body: JSON.stringify({
              lotId,
              form: 'concentrate',
              grossMassKg: '24000.000',
              composition: { cobalt: '960.000', nickel: '240.000' },
              occurredAt,
              origin: { type: 'extraction', facilityId: spec.producerFacilityId },
            }),
          };
        },
      },
      {
        method: 'POST',
        setupRequest: (request: Request, context: LotContext): Request => ({
          ...request,
          path: `/v1/lots/${context.lotId!}/shipments`,
          headers: { ...json(spec.producerKey), 'idempotency-key': randomUUID() },
          body: JSON.stringify({
            shipmentId: context.shipmentId,
            toPartyId: spec.processorId,
            toFacilityId: spec.processorFacilityId,
            destinationCountry: 'FI',
            occurredAt,
            transportMode: 'sea',
            documents: [{ type: 'bill-of-lading', reference: `BL-${context.lotId!}` }],
          }),
        }),
      },
      {
        method: 'POST',
        setupRequest: (request: Request, context: LotContext): Request => ({
          ...request,
          path: `/v1/lots/${context.lotId!}/receipts`,
          headers: { ...json(spec.processorKey), 'idempotency-key': randomUUID() },
          body: JSON.stringify({
            shipmentId: context.shipmentId,
            facilityId: spec.processorFacilityId,
            receivedMassKg: '24000.000',
            occurredAt,
          }),
        }),
      },
    ],
  });
  const summary = {
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count])),
  };
  process.stdout.write(`${LOAD_MARKER}${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
