import type { Provider } from '@nestjs/common';
import type { LedgerConfig } from '../../config/ledger-config';
import { LedgerUnitOfWork } from '../../ledger/unit-of-work';
import { CaptureJobStore } from '../capture/capture-job-store';
import { CAPTURE_JOB_STORE, CaptureJobs } from '../capture/capture-jobs';
import { EpcisCapture } from '../capture/epcis-capture';
import { epcisValidator } from '../capture/epcis-schema';
import { EpcisCaptureController } from './capture.controller';
import { EpcisEventsController } from './epcis-events.controller';

export const EPCIS_CONTROLLERS = [EpcisCaptureController, EpcisEventsController];

/** What EPCIS capture needs beside the ledger's own providers (store, reader, clock). */
export function epcisProviders(config: LedgerConfig): Provider[] {
  return [
    LedgerUnitOfWork,
    {
      provide: EpcisCapture,
      inject: [LedgerUnitOfWork],
      useFactory: (unit: LedgerUnitOfWork) => {
        // Compiled at start-up, not on the first capture (a few hundred milliseconds).
        epcisValidator();
        return new EpcisCapture(unit);
      },
    },
    { provide: CAPTURE_JOB_STORE, useFactory: () => new CaptureJobStore(config.dataDir) },
    CaptureJobs,
  ];
}
