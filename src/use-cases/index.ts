import { AmendAnnexHandler } from './amend-annex/amend-annex.handler';
import { AnnexController } from './amend-annex/annex.controller';
import { LotsController } from './lots.controller';
import { LedgerController } from './read-ledger/ledger.controller';
import { ReceiveLotHandler } from './receive-lot/receive-lot.handler';
import { RecordLotOriginHandler } from './record-lot-origin/record-lot-origin.handler';
import { FacilitiesController } from './register-facility/facilities.controller';
import { RegisterFacilityHandler } from './register-facility/register-facility.handler';
import { PartiesController } from './register-party/parties.controller';
import { RegisterPartyHandler } from './register-party/register-party.handler';
import { ProvenanceController } from './read-provenance/provenance.controller';
import { ProvenanceService } from './read-provenance/provenance-service';
import { CorrectEventHandler } from './correct-event/correct-event.handler';
import { RaiseFlagHandler } from './raise-flag/raise-flag.handler';
import { RecordCertificationHandler } from './record-certification/record-certification.handler';
import { ResolveFlagHandler } from './resolve-flag/resolve-flag.handler';
import { RiskController } from './risk.controller';
import { RiskSubjectLoader } from './risk-subject.loader';
import { RetireLotHandler } from './retire-lot/retire-lot.handler';
import { ShipLotHandler } from './ship-lot/ship-lot.handler';
import { TransformLotsHandler } from './transform-lots/transform-lots.handler';

export const USE_CASE_CONTROLLERS = [PartiesController, FacilitiesController, AnnexController, LotsController, RiskController, LedgerController, ProvenanceController];

export const USE_CASE_HANDLERS = [
  RegisterPartyHandler,
  RegisterFacilityHandler,
  AmendAnnexHandler,
  RecordLotOriginHandler,
  ShipLotHandler,
  ReceiveLotHandler,
  TransformLotsHandler,
  RetireLotHandler,
  RecordCertificationHandler,
  RaiseFlagHandler,
  ResolveFlagHandler,
  RiskSubjectLoader,
  CorrectEventHandler,
  ProvenanceService,
];
