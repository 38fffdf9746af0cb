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
import { SearchController } from './search/search.controller';
import { MeController } from './read-identity/me.controller';

export const USE_CASE_CONTROLLERS = [PartiesController, FacilitiesController, AnnexController, LotsController, RiskController, LedgerController, ProvenanceController, SearchController, MeController];

export const USE_CASE_HANDLERS = [LedgerCommandHandler, RegisterPartyHandler, ProvenanceService];
