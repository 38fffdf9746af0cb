/** What the service process hands the load generator. */
export interface HttpLoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  producerKey: string;
  processorKey: string;
  producerFacilityId: string;
  processorId: string;
  processorFacilityId: string;
}

export const LOAD_MARKER = 'HTTP_LOAD ';
