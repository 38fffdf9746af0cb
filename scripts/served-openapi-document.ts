import type { OpenAPIObject } from '@nestjs/swagger';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApp } from '../src/app.factory';
import { loadConfig } from '../src/config/ledger-config';

/** Where the generated client types are checked in. */
export const CLIENT_TYPES_FILE = join(__dirname, '..', 'src', 'demo', 'ledger-api.ts');

/** The document a freshly started ledger serves at /docs/openapi.json (on a throwaway data directory). */
export async function servedOpenApiDocument(): Promise<OpenAPIObject> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
  const app = await createLedgerApp(loadConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_ADMIN_TOKEN: 'openapi-document-admin-token-00', LEDGER_LOG_LEVEL: 'error' }));
  try {
    await app.listen(0, '127.0.0.1');
    const response = await fetch(`${await app.getUrl()}/docs/openapi.json`);
    if (!response.ok) throw new Error(`GET /docs/openapi.json answered ${response.status}`);
    return (await response.json()) as OpenAPIObject;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The TypeScript types openapi-typescript derives from the document, as `npm run openapi:client` writes them. */
export async function clientTypesOf(document: OpenAPIObject): Promise<string> {
  const generator = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'openapi-client-types.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const output: Buffer[] = [];
  generator.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  const exited = once(generator, 'close') as Promise<[number | null]>;
  generator.stdin.end(JSON.stringify(document));
  const [code] = await exited;
  if (code !== 0) throw new Error(`openapi-client-types.ts exited with ${code}`);
  return Buffer.concat(output).toString('utf8');
}
