import { AnnexController } from './amend-annex/annex.controller';
import { LedgerCommandHandler } from './ledger-command.handler';
import { LotsController } from './lots.controller';
import { LedgerController } from './read-ledger/ledger.controller';
import { FacilitiesController } from './register-facility/facilities.controller';
import { PartiesController } from './register-party/parties.controller';
import { RegisterPartyHandler } from './register-party/register-party.handler';
import { ProvenanceController } from './read-provenance/provenance.controller';
import { ProvenanceService } from './read-provenance/provenance-service';
import { RiskController } from './risk.controller';
import { PartyFlagsController } from './party-flags/party-flags.controller';
import { ExposureController } from './read-exposure/exposure.controller';
import { WatchlistsController } from './watchlists/watchlists.controller';

export const USE_CASE_CONTROLLERS = [
  PartiesController,
  FacilitiesController,
  AnnexController,
  LotsController,
  RiskController,
  LedgerController,
  ProvenanceController,
  WatchlistsController,
  ExposureController,
  PartyFlagsController,
];

export const USE_CASE_HANDLERS = [LedgerCommandHandler, RegisterPartyHandler, ProvenanceService];
