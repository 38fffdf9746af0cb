/** Shares as percentages with two decimals: what the charts and tables show, and the browser tests compare. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(2)} %`;
}

export { readableKg } from '../../src/provenance/graph-labels';

/** An RFC 3339 instant as its date and minute, UTC. */
export function when(instant: string): string {
  return instant.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}
