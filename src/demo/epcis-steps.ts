import {
  originEvent,
  receiptEvent,
  retirementEvent,
  shipmentEvent,
  transformationEvent,
  type EpcisEvent,
} from './epcis-documents';
import type { ScenarioStep } from './supply-chain';

/**
 * The demo's `--epcis` run: the same scenario, with its custody steps posted as EPCIS documents.
 * Consecutive custody steps of one party go in one document (an origin and its shipment, a
 * refinery's receipts and the transformation that consumes them), captured atomically; steps
 * that are master data in EPCIS terms (certifications, flags) still go through /v1.
 */
export type DemoPost =
  | { kind: 'epcis'; actor: string; steps: Array<{ index: number; step: ScenarioStep; event: EpcisEvent }> }
  | { kind: 'v1'; index: number; step: ScenarioStep };

const CUSTODY = new Set<ScenarioStep['kind']>(['origin', 'shipment', 'receipt', 'transformation', 'retirement']);

/**
 * Groups the steps into posts. `scoped` moves an id into the run's namespace; `eventIdOf` gives
 * each step's EPCIS eventID (stable per run tag, so resuming a run resends the same events).
 */
export function demoPosts(steps: readonly ScenarioStep[], scoped: (id: string) => string, eventIdOf: (index: number) => string): DemoPost[] {
  const masses = new LotMasses();
  const posts: DemoPost[] = [];
  steps.forEach((step, index) => {
    if (!CUSTODY.has(step.kind)) {
      posts.push({ kind: 'v1', index, step });
      return;
    }
    const event = epcisEventOf(step, scoped, eventIdOf(index), masses);
    const last = posts[posts.length - 1];
    if (last?.kind === 'epcis' && last.actor === step.actor) last.steps.push({ index, step, event });
    else posts.push({ kind: 'epcis', actor: step.actor, steps: [{ index, step, event }] });
  });
  return posts;
}

function epcisEventOf(step: ScenarioStep, scoped: (id: string) => string, eventID: string, masses: LotMasses): EpcisEvent {
  switch (step.kind) {
    case 'origin': {
      const { body } = step;
      masses.set(body.lotId, body.grossMassKg);
      return originEvent({
        eventID,
        lotId: scoped(body.lotId),
        form: body.form,
        grossMassKg: body.grossMassKg,
        composition: body.composition,
        occurredAt: body.occurredAt,
        origin:
          body.origin.type === 'extraction'
            ? { type: 'extraction', facilityId: scoped(body.origin.facilityId) }
            : { type: 'recycling', facilityId: scoped(body.origin.facilityId), feedstock: feedstockOf(body.origin) },
      });
    }
    case 'shipment': {
      const { body } = step;
      return shipmentEvent({
        eventID,
        lotId: scoped(step.lotId),
        // EPCIS names the mass moved: the whole lot, as it stands.
        grossMassKg: masses.get(step.lotId),
        shipmentId: scoped(body.shipmentId),
        toPartyId: scoped(body.toPartyId),
        ...(body.toFacilityId !== undefined ? { toFacilityId: scoped(body.toFacilityId) } : {}),
        destinationCountry: body.destinationCountry,
        occurredAt: body.occurredAt,
      });
    }
    case 'receipt': {
      const { body } = step;
      masses.set(step.lotId, body.receivedMassKg);
      return receiptEvent({
        eventID,
        lotId: scoped(step.lotId),
        shipmentId: scoped(body.shipmentId),
        facilityId: scoped(body.facilityId),
        receivedMassKg: body.receivedMassKg,
        occurredAt: body.occurredAt,
      });
    }
    case 'transformation': {
      const { body } = step;
      for (const input of body.inputs) masses.consume(input.lotId, input.massKg);
      for (const output of body.outputs) masses.set(output.lotId, output.grossMassKg);
      return transformationEvent({
        eventID,
        transformationId: scoped(body.transformationId),
        facilityId: scoped(body.facilityId),
        process: body.process,
        occurredAt: body.occurredAt,
        inputs: body.inputs.map((input) => ({ ...input, lotId: scoped(input.lotId) })),
        outputs: body.outputs.map((output) => ({ ...output, lotId: scoped(output.lotId) })),
      });
    }
    case 'retirement':
      return retirementEvent({
        eventID,
        lotId: scoped(step.lotId),
        grossMassKg: masses.get(step.lotId),
        reason: step.body.reason,
        occurredAt: step.body.occurredAt,
        ...(step.body.productRef ? { productRef: step.body.productRef } : {}),
      });
    default:
      throw new Error(`${step.kind} is not a custody step`);
  }
}

/** Each lot's gross mass as the scenario leaves it, in exact grams (kilogram strings have 3 decimals at most). */
class LotMasses {
  private readonly grams = new Map<string, bigint>();

  set(lotId: string, kg: string): void {
    this.grams.set(lotId, toGrams(kg));
  }

  consume(lotId: string, kg: string): void {
    this.grams.set(lotId, (this.grams.get(lotId) ?? 0n) - toGrams(kg));
  }

  get(lotId: string): string {
    const grams = this.grams.get(lotId);
    if (grams === undefined) throw new Error(`the scenario moves lot ${lotId} before it exists`);
    return `${grams / 1000n}.${(grams % 1000n).toString().padStart(3, '0')}`;
  }
}

function toGrams(kg: string): bigint {
  const [whole, fraction = ''] = kg.split('.');
  return BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0'));
}

/** A recycling origin names its feedstock (the API refuses one without); the generated type leaves it optional. */
function feedstockOf(origin: { feedstock?: 'pre-consumer' | 'post-consumer' }): 'pre-consumer' | 'post-consumer' {
  if (origin.feedstock === undefined) throw new Error('a recycling origin of the scenario names no feedstock');
  return origin.feedstock;
}
