import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_BIN_DIR = '/usr/lib/postgresql/15/bin';
const SUPERUSER = 'bench';

/**
 * A PostgreSQL cluster that lives only for one bench run: initdb into a temp dir, listen on a unix
 * socket in that dir only, stop and delete afterwards. initdb refuses to run as root, so as root
 * the cluster is created and run as the `postgres` system user. fsync and synchronous_commit keep
 * their defaults (on): the same durability the SQLite subjects get from synchronous=FULL.
 */
export class ThrowawayPostgres {
  private databases = 0;

  private constructor(
    private readonly binDir: string,
    private readonly dir: string,
    private readonly port: number,
    private readonly runAs: string | null,
  ) {}

  static available(binDir = DEFAULT_BIN_DIR): string | null {
    if (!existsSync(join(binDir, 'initdb'))) return `no PostgreSQL server binaries in ${binDir}`;
    if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) {
      return 'running as root and there is no postgres user to run initdb as';
    }
    return null;
  }

  static start(binDir = DEFAULT_BIN_DIR): ThrowawayPostgres {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-pg-'));
    const runAs = process.getuid?.() === 0 ? 'postgres' : null;
    if (runAs) {
      const uid = Number(execFileSync('id', ['-u', runAs]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', runAs]).toString().trim());
      chownSync(dir, uid, gid);
    }
    // The socket file is named after the port; with no TCP listener any number not in use will do.
    const port = 40000 + (process.pid % 20000);
    const cluster = new ThrowawayPostgres(binDir, dir, port, runAs);
    cluster.run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', SUPERUSER, '--no-sync', '-E', 'UTF8']);
    cluster.run('pg_ctl', [
      '-D', join(dir, 'data'),
      '-l', join(dir, 'server.log'),
      '-o', `-k ${dir} -p ${port} -c listen_addresses='' -c max_connections=200`,
      '-w', 'start',
    ]);
    return cluster;
  }

  /**
   * A fresh, empty database, so every job starts from the same state. With the server's own
   * `createdb`, so the bench's main process needs no PostgreSQL driver (that is a peer).
   */
  createDatabase(): string {
    const name = `bench_${++this.databases}`;
    this.run('createdb', ['-h', this.dir, '-p', String(this.port), '-U', SUPERUSER, name], 'client');
    return this.url(name);
  }

  /** One SQL statement through `psql`, its rows unaligned, one per line. */
  psql(database: string, sql: string): string {
    return this.run('psql', [this.url(database), '-X', '-A', '-t', '-c', sql], 'client');
  }

  url(database: string): string {
    return `postgresql://${SUPERUSER}@localhost/${database}?host=${encodeURIComponent(this.dir)}&port=${this.port}`;
  }

  stop(): void {
    try {
      this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** A binary of the server's: initdb and pg_ctl as the cluster's owner, clients as whoever runs the bench. */
  private run(binary: string, args: string[], as: 'owner' | 'client' = 'owner'): string {
    const command = join(this.binDir, binary);
    const result =
      this.runAs && as === 'owner'
        ? spawnSync('runuser', ['-u', this.runAs, '--', command, ...args], { cwd: '/', encoding: 'utf8' })
        : spawnSync(command, args, { cwd: '/', encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${binary} failed: ${result.stderr || result.stdout || result.error?.message}`);
    }
    return result.stdout;
  }
}
