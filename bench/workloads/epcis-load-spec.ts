/** What the W8 service process hands its load generator. */
export interface EpcisLoadSpec {
  url: string;
  /** Events per document. */
  documentSize: number;
  /** Documents in flight at once, one per client. */
  clients: number;
  durationSeconds: number;
  /** Per client: a producer with its mine, and a processor with its refinery. */
  pairs: Array<{ producerKey: string; producerFacilityId: string; processorId: string; processorKey: string; processorFacilityId: string }>;
}

export interface EpcisLoadSummary {
  documents: number;
  events: number;
  /** Documents answered other than 202 with success: true. */
  failed: number;
  firstFailure: string | null;
  durationSeconds: number;
  p50Ms: number;
  p99Ms: number;
}

export const EPCIS_LOAD_MARKER = 'EPCIS_LOAD ';
