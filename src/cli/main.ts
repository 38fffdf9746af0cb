#!/usr/bin/env node
import { IntegrityError } from '../integrity/integrity.errors';
import { CliFailure } from './cli-failure';
import { buildLedgerProgram } from './ledger-program';

async function main(): Promise<void> {
  try {
    await buildLedgerProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CliFailure) {
      process.stderr.write(`ledger: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof IntegrityError) {
      process.stderr.write(`ledger: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`ledger: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  }
}

void main();
