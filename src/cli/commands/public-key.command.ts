import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { loadSigningKey, publicKeyPem } from '../../integrity/signing-key';
import { cliConfig } from '../cli-config';
import { CliFailure } from '../cli-failure';

export function registerPublicKeyCommand(program: Command): void {
  program
    .command('public-key')
    .summary('print the checkpoint public key (PEM)')
    .description('print the public key (SPKI PEM) that verifies this ledger\'s checkpoints, from the configured signing key file')
    .action((_options: unknown, command: Command) => {
      const config = cliConfig(command);
      // Never generate a key here: a new key printed as "the" key would not match any checkpoint.
      if (!existsSync(config.signingKeyFile)) {
        throw new CliFailure(`no signing key at ${config.signingKeyFile}; the service creates one on first start (LEDGER_SIGNING_KEY_FILE)`);
      }
      const key = loadSigningKey(config.signingKeyFile, { onWarning: (message) => process.stderr.write(`warning: ${message}\n`) });
      process.stdout.write(publicKeyPem(key.publicKey));
    });
}
