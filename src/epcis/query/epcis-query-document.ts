import { EPCIS_CONTEXT } from './cbv-vocabulary';

/**
 * An `EPCISQueryDocument` around events already written as JSON text by the index: the events
 * are spliced in as they are, so their exact quantities are never parsed into floats again.
 */
export function epcisQueryDocument(events: readonly string[], creationDate: string): string {
  const head = JSON.stringify({ '@context': EPCIS_CONTEXT, type: 'EPCISQueryDocument', schemaVersion: '2.0', creationDate });
  return `${head.slice(0, -1)},"epcisBody":{"queryResults":{"queryName":"SimpleEventQuery","resultsBody":{"eventList":[${events.join(',')}]}}}}`;
}
