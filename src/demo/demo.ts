/** `npm run demo -- --url … --admin-token …`: fills a running ledger with the demo supply chain. */
import { Command } from 'commander';
import { defaultRunTag, runDemo, type DemoResult } from './run-demo';

export { runDemo, defaultRunTag, idempotencyKeyFor, type DemoResult, type RunDemoOptions } from './run-demo';
export { supplyChain } from './supply-chain';

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function summary(url: string, result: DemoResult): string[] {
  const base = url.replace(/\/+$/, '');
  const lot = encodeURIComponent(result.cathodeLotId);
  const { counts } = result;
  return [
    '',
    `Done: run ${result.tag}, last write at position ${result.position}.`,
    `  ${counts.parties} parties, ${counts.facilities} facilities, ${counts.lots} lots, ${counts.shipments} shipments, ` +
      `${counts.receipts} receipts, ${counts.transformations} transformations, ${counts.certifications} certifications, ` +
      `${counts.flags} flags raised by hand, ${counts.flagResolutions} resolved, ${counts.retirements} retirement; ${counts.writes} writes.`,
    `Cathode lot:   ${result.cathodeLotId}`,
    `Auditor key:   ${result.auditorKey}`,
    `Regulator key: ${result.regulatorKey}`,
    '',
    'Try (as the auditor):',
    `  curl -s -H ${shellQuote(`Authorization: Bearer ${result.auditorKey}`)} ${shellQuote(`${base}/v1/lots/${lot}/origins`)}`,
    `  curl -s -H ${shellQuote(`Authorization: Bearer ${result.auditorKey}`)} ${shellQuote(`${base}/v1/lots/${lot}/provenance?format=mermaid`)}`,
    '',
    `Or look: open ${base}/explorer/lots/${lot} and sign in with the auditor key.`,
  ];
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('demo')
    .description(
      'Fill a running ledger, through its HTTP API, with a multi-party supply chain touching cobalt, graphite, lithium, manganese and nickel.',
    )
    .option('--url <url>', 'base URL of the ledger', process.env.LEDGER_URL ?? 'http://localhost:3000')
    // No commander default here: it would print the secret in --help.
    .option('--admin-token <token>', 'API key of an admin party (default: env LEDGER_ADMIN_TOKEN)')
    .option('--tag <tag>', 'prefix for every id of this run; reuse one to resume an interrupted run', defaultRunTag())
    .option('--epcis', 'post the custody events as EPCIS 2.0 documents (POST /epcis/capture) instead of /v1 commands')
    .showHelpAfterError();
  program.parse(argv);
  const options = program.opts<{ url: string; adminToken?: string; tag: string; epcis?: boolean }>();
  const adminToken = options.adminToken ?? process.env.LEDGER_ADMIN_TOKEN;
  if (!adminToken) {
    program.error('error: an admin token is required: --admin-token <token> or env LEDGER_ADMIN_TOKEN');
    return;
  }

  const result = await runDemo({ url: options.url, adminToken, tag: options.tag, epcis: options.epcis === true });
  for (const line of summary(options.url, result)) console.log(line);
}

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
    if (cause instanceof Error) console.error(`  cause: ${cause.message}`);
    process.exitCode = 1;
  });
}
