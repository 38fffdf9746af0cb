#!/usr/bin/env node
import { CommanderError } from 'commander';
import { IntegrityError } from '../integrity/integrity.errors';
import { CliFailure } from './cli-failure';
import { buildLedgerProgram } from './ledger-program';

async function main(): Promise<void> {
  try {
    await buildLedgerProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with 0; every other commander error is a usage error, already printed.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
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
