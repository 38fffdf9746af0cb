import type { Type } from '@nestjs/common';
import type { HttpCommandType } from '../domain/commands';
import { AmendAnnexRoute } from './amend-annex/amend-annex.http';
import { AmendWatchlistRoute } from './amend-watchlist/amend-watchlist.http';
import { CorrectEventRoute } from './correct-event/correct-event.http';
import { CreateWatchlistRoute } from './create-watchlist/create-watchlist.http';
import { HealthController } from './health/health.http';
import { LedgerCommandHandler } from './ledger-command.handler';
import { PartyKeysRoute } from './party-keys/party-keys.http';
import { ReadMetricsRoute } from './read-metrics/read-metrics.http';
import { RaiseFlagRoute } from './raise-flag/raise-flag.http';
import { ReadAnnexRoute } from './read-annex/read-annex.http';
import { ReadExposureRoute } from './read-exposure/read-exposure.http';
import { ReadIntegrityRoute } from './read-integrity/read-integrity.http';
import { ReadLedgerRoute } from './read-ledger/read-ledger.http';
import { ReadLotRoute } from './read-lot/read-lot.http';
import { ProvenanceService } from './read-provenance/provenance-service';
import { ReadIdentityRoute } from './read-identity/read-identity.http';
import { ReadProvenanceRoute } from './read-provenance/read-provenance.http';
import { ReadDossierRoute } from './read-dossier/read-dossier.http';
import { ReadEmrtRoute } from './read-emrt/read-emrt.http';
import { ReadPassportRoute } from './read-passport/read-passport.http';
import { ReadRecycledContentRoute } from './read-recycled-content/read-recycled-content.http';
import { ReadWatchlistsRoute } from './read-watchlists/read-watchlists.http';
import { ReceiveLotRoute } from './receive-lot/receive-lot.http';
import { RecordCertificationRoute } from './record-certification/record-certification.http';
import { RecordLotOriginRoute } from './record-lot-origin/record-lot-origin.http';
import { RegisterFacilityRoute } from './register-facility/register-facility.http';
import { RegisterPartyRoute } from './register-party/register-party.http';
import { RegisterPartyHandler } from './register-party/register-party.handler';
import { ResolveFlagRoute } from './resolve-flag/resolve-flag.http';
import { RetireLotRoute } from './retire-lot/retire-lot.http';
import { SearchRoute } from './search/search.http';
import { ShipLotRoute } from './ship-lot/ship-lot.http';
import { TransformLotsRoute } from './transform-lots/transform-lots.http';

/**
 * The HTTP route of every command but screening's own, checked by the compiler: a command type
 * without its route does not compile. The order is the OpenAPI document's, and the order of a lot's life (its examples
 * are posted in this order by the example test).
 */
export const COMMAND_ROUTES = {
  RegisterParty: RegisterPartyRoute,
  RegisterFacility: RegisterFacilityRoute,
  AmendAnnex: AmendAnnexRoute,
  RecordLotOrigin: RecordLotOriginRoute,
  ShipLot: ShipLotRoute,
  ReceiveLot: ReceiveLotRoute,
  TransformLots: TransformLotsRoute,
  RetireLot: RetireLotRoute,
  RecordCertification: RecordCertificationRoute,
  RaiseFlag: RaiseFlagRoute,
  ResolveFlag: ResolveFlagRoute,
  CreateWatchlist: CreateWatchlistRoute,
  AmendWatchlist: AmendWatchlistRoute,
  CorrectEvent: CorrectEventRoute,
} as const satisfies Record<HttpCommandType, Type<unknown>>;

export const READ_ROUTES = [ReadIdentityRoute, SearchRoute, ReadAnnexRoute, ReadLotRoute, ReadProvenanceRoute, ReadExposureRoute, ReadWatchlistsRoute, ReadRecycledContentRoute, ReadPassportRoute, ReadDossierRoute, ReadEmrtRoute, ReadLedgerRoute, ReadIntegrityRoute];

/** Health first: the OpenAPI document lists the routes in this order. */
export const USE_CASE_CONTROLLERS = [HealthController, ReadMetricsRoute, ...Object.values(COMMAND_ROUTES), PartyKeysRoute, ...READ_ROUTES];

export const USE_CASE_HANDLERS = [LedgerCommandHandler, RegisterPartyHandler, ProvenanceService];
