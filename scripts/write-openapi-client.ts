/** `npm run openapi:client`: writes the client types of the served OpenAPI document to src/demo/ledger-api.ts. */
import { writeFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, clientTypesOf, servedOpenApiDocument } from './served-openapi-document';

async function main(): Promise<void> {
  writeFileSync(CLIENT_TYPES_FILE, await clientTypesOf(await servedOpenApiDocument()));
  process.stdout.write(`wrote ${CLIENT_TYPES_FILE}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
