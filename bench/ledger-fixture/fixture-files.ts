import { join } from 'node:path';

/** Where the fixtures of a run live, by size (also read by the compiled measurements, which import nothing else of the bench). */
export function ledgerFixture(fixturesDir: string, events: number): string {
  return join(fixturesDir, `ledger-${events}.sqlite`);
}

export function readModelFixture(fixturesDir: string, events: number): string {
  return join(fixturesDir, `read-models-${events}.sqlite`);
}

export function exportFixture(fixturesDir: string, events: number): { file: string; publicKey: string } {
  return { file: join(fixturesDir, `export-${events}.ndjson`), publicKey: join(fixturesDir, `export-${events}.pem`) };
}
