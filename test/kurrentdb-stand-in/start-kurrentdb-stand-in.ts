/**
 * `npm run kurrentdb:stand-in [-- --port 2113]`: runs the in-memory KurrentDB stand-in on its own
 * so the ledger's KurrentDB mode can be tried without docker. The first line of stdout is the
 * connection string to put in KURRENTDB_URL; everything else goes to stderr.
 */
import { KurrentDbStandIn } from './kurrentdb-stand-in';

async function main(): Promise<void> {
  const portFlag = process.argv.indexOf('--port');
  const port = portFlag >= 0 ? Number(process.argv[portFlag + 1]) : Number(process.env.PORT ?? 2113);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${process.argv[portFlag + 1]}`);
  const standIn = await KurrentDbStandIn.start({ port, host: process.env.HOST ?? '127.0.0.1' });
  process.stdout.write(`${standIn.connectionString}\n`);
  process.stderr.write(
    'WARNING: this is the KurrentDB stand-in, an in-memory TEST DOUBLE speaking the KurrentDB gRPC protocol.\n' +
      '         It keeps every event in memory and loses them all when it stops. Never use it for real data;\n' +
      '         run a real KurrentDB 25.1+ (see docker-compose.yml) for that.\n',
  );
  const stop = async () => {
    await standIn.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`kurrentdb stand-in failed to start: ${error.message}\n`);
  process.exit(1);
});
