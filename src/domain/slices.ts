import type { LedgerCommand } from './commands';
import { amendAnnexSlice } from './decide-amend-annex';
import { correctEventSlice } from './decide-correct-event';
import { raiseFlagSlice } from './decide-raise-flag';
import { receiveLotSlice } from './decide-receive-lot';
import { recordCertificationSlice } from './decide-record-certification';
import { recordLotOriginSlice } from './decide-record-lot-origin';
import { registerFacilitySlice } from './decide-register-facility';
import { registerPartySlice } from './decide-register-party';
import { resolveFlagSlice } from './decide-resolve-flag';
import { retireLotSlice } from './decide-retire-lot';
import { shipLotSlice } from './decide-ship-lot';
import { transformLotsSlice } from './decide-transform-lots';
import type { AnySlice } from './slice';

export type LedgerCommandType = LedgerCommand['type'];
export type CommandOfType<T extends LedgerCommandType> = Extract<LedgerCommand, { type: T }>;

export type SliceRegistry = { readonly [T in LedgerCommandType]: AnySlice<CommandOfType<T>> };

/** The slice of every command, by its type: a command without one does not compile. */
export const SLICES = {
  RegisterParty: registerPartySlice,
  RegisterFacility: registerFacilitySlice,
  AmendAnnex: amendAnnexSlice,
  RecordLotOrigin: recordLotOriginSlice,
  ShipLot: shipLotSlice,
  ReceiveLot: receiveLotSlice,
  TransformLots: transformLotsSlice,
  RetireLot: retireLotSlice,
  RecordCertification: recordCertificationSlice,
  RaiseFlag: raiseFlagSlice,
  ResolveFlag: resolveFlagSlice,
  CorrectEvent: correctEventSlice,
} as const satisfies SliceRegistry;

export function sliceOf<C extends LedgerCommand>(command: C): AnySlice<C> {
  const slice: AnySlice<C> | undefined = (SLICES as Record<string, AnySlice<C>>)[command.type];
  if (!slice) throw new Error(`no slice for command type ${String(command.type)}`);
  return slice;
}
