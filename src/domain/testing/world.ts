import { evolveAnnex, INITIAL_ANNEX_AMENDMENT, initialAnnexState, type AnnexState } from '../annex';
import type { LedgerCommand } from '../commands';
import { decideAmendAnnex } from '../decide-amend-annex';
import { decideRaiseFlag } from '../decide-raise-flag';
import { decideReceiveLot } from '../decide-receive-lot';
import { decideRecordCertification } from '../decide-record-certification';
import { decideRecordLotOrigin } from '../decide-record-lot-origin';
import { decideRegisterFacility } from '../decide-register-facility';
import { decideRegisterParty } from '../decide-register-party';
import { decideResolveFlag } from '../decide-resolve-flag';
import { decideRetireLot } from '../decide-retire-lot';
import { decideShipLot } from '../decide-ship-lot';
import { decideTransformLots } from '../decide-transform-lots';
import type { LedgerEvent, Subject } from '../events';
import { evolveFacility, initialFacilityState, type FacilityState } from '../facility';
import { evolveLot, initialLotState, type LotState } from '../lot';
import { evolveParty, initialPartyState, type PartyState } from '../party';
import type { RiskSubjectContext } from '../risk-subject';

/**
 * An in-memory ledger for tests: every stream's state, folded with the real `evolve` functions,
 * and the per-command context a handler would load from the store.
 */
export interface World {
  lots: Map<string, LotState>;
  facilities: Map<string, FacilityState>;
  parties: Map<string, PartyState>;
  annex: AnnexState;
  now: string;
}

/** A given event; its business time defaults to well before the tests' "now". */
export type GivenEvent = LedgerEvent & { occurredAt?: string };

export const DEFAULT_NOW = '2026-06-01T12:00:00Z';
export const DEFAULT_OCCURRED_AT = '2026-01-01T00:00:00Z';

/** The ledger as the handler seeds it: the Annex as signed, nothing else. */
export function emptyWorld(now = DEFAULT_NOW): World {
  const world: World = { lots: new Map(), facilities: new Map(), parties: new Map(), annex: initialAnnexState(), now };
  return applyEvents(world, [INITIAL_ANNEX_AMENDMENT], INITIAL_ANNEX_AMENDMENT.data.effectiveFrom);
}

export function worldOf(events: GivenEvent[], now = DEFAULT_NOW): World {
  let world = emptyWorld(now);
  for (const { occurredAt, ...event } of events) world = applyEvents(world, [event as LedgerEvent], occurredAt ?? DEFAULT_OCCURRED_AT);
  return world;
}

/** Routes each event to the streams it is written on, as the handlers do, and folds it there. */
export function applyEvents(world: World, events: LedgerEvent[], occurredAt: string): World {
  const next: World = {
    ...world,
    lots: new Map(world.lots),
    facilities: new Map(world.facilities),
    parties: new Map(world.parties),
  };
  for (const event of events) {
    const stored = { type: event.type, data: event.data, occurredAt };
    const onLot = (lotId: string) => next.lots.set(lotId, evolveLot(lotOf(next, lotId), stored));
    const onSubject = (subject: Subject) =>
      subject.kind === 'lot'
        ? onLot(subject.lotId)
        : next.facilities.set(subject.facilityId, evolveFacility(facilityOf(next, subject.facilityId), stored));
    switch (event.type) {
      case 'PartyRegistered':
        next.parties.set(event.data.partyId, evolveParty(partyOf(next, event.data.partyId), stored));
        break;
      case 'FacilityRegistered':
        next.facilities.set(event.data.facilityId, evolveFacility(facilityOf(next, event.data.facilityId), stored));
        break;
      case 'AnnexAmended':
        next.annex = evolveAnnex(next.annex, stored);
        break;
      case 'LotExtracted':
      case 'LotRecovered':
      case 'LotShipped':
      case 'LotReceived':
      case 'LotRetired':
        onLot(event.data.lotId);
        break;
      case 'LotTransformed':
        for (const lot of [...event.data.inputs, ...event.data.outputs]) onLot(lot.lotId);
        break;
      case 'CertificationRecorded':
      case 'FlagRaised':
      case 'FlagResolved':
        onSubject(event.data.subject);
        break;
      case 'EventCorrected':
        break;
    }
  }
  return next;
}

export function lotOf(world: World, lotId: string): LotState {
  return world.lots.get(lotId) ?? initialLotState(lotId);
}

export function facilityOf(world: World, facilityId: string): FacilityState {
  return world.facilities.get(facilityId) ?? initialFacilityState();
}

export function partyOf(world: World, partyId: string): PartyState {
  return world.parties.get(partyId) ?? initialPartyState();
}

/** Loads what the command's handler would load, and runs its decider. */
export function decideInWorld(command: LedgerCommand, world: World): LedgerEvent[] {
  const now = world.now;
  switch (command.type) {
    case 'RegisterParty':
      return decideRegisterParty(command, { party: partyOf(world, command.partyId) });
    case 'RegisterFacility':
      return decideRegisterFacility(command, { facility: facilityOf(world, command.facilityId) });
    case 'AmendAnnex':
      return decideAmendAnnex(command, { annex: world.annex, now });
    case 'RecordLotOrigin':
      return decideRecordLotOrigin(command, {
        lot: lotOf(world, command.lotId),
        facility: facilityOf(world, command.origin.facilityId),
        annex: world.annex,
        now,
      });
    case 'ShipLot':
      return decideShipLot(command, {
        lot: lotOf(world, command.lotId),
        toParty: partyOf(world, command.toPartyId),
        ...(command.toFacilityId !== undefined ? { toFacility: facilityOf(world, command.toFacilityId) } : {}),
        now,
      });
    case 'ReceiveLot':
      return decideReceiveLot(command, {
        lot: lotOf(world, command.lotId),
        facility: facilityOf(world, command.facilityId),
        now,
      });
    case 'TransformLots': {
      const lots: Record<string, LotState> = {};
      for (const { lotId } of [...command.inputs, ...command.outputs]) lots[lotId] = lotOf(world, lotId);
      return [decideTransformLots(command, { facility: facilityOf(world, command.facilityId), lots, annex: world.annex, now })];
    }
    case 'RetireLot':
      return decideRetireLot(command, { lot: lotOf(world, command.lotId), now });
    case 'RecordCertification':
      return decideRecordCertification(command, subjectContext(world, command.subject));
    case 'RaiseFlag':
      return decideRaiseFlag(command, subjectContext(world, command.subject));
    case 'ResolveFlag':
      return decideResolveFlag(command, subjectContext(world, command.subject));
    case 'CorrectEvent':
      // Corrections are about stored events (ids, authors), which this world does not keep:
      // decide-correct-event.spec.ts tests them over a stream of entries.
      throw new Error('CorrectEvent is decided over stored events; see decide-correct-event.spec.ts');
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

function subjectContext(world: World, subject: Subject): RiskSubjectContext {
  return subject.kind === 'lot'
    ? { lot: lotOf(world, subject.lotId), now: world.now }
    : { facility: facilityOf(world, subject.facilityId), now: world.now };
}

/** Business time of a command, for folding what it decided (registrations carry none: use now). */
export function occurredAtOf(command: LedgerCommand, world: World): string {
  return 'occurredAt' in command ? command.occurredAt : world.now;
}
