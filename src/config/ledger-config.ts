import { resolve } from 'node:path';

/**
 * Every environment variable the service reads, with its default. The docker-compose test
 * checks the ledger service's environment against these names, so they cannot drift.
 */
export const CONFIG_SCHEMA = {
  PORT: { default: '3000', description: 'HTTP port' },
  HOST: { default: '0.0.0.0', description: 'interface to listen on' },
  LEDGER_DATA_DIR: { default: './data', description: 'folder for the embedded store, read models, keys (created if missing)' },
  LEDGER_ADMIN_TOKEN: { default: '', description: "the admin's bearer token (16-512 characters); when unset on a fresh data dir one is generated and printed once" },
  LEDGER_STORE: { default: 'sqlite', description: 'event store: sqlite (embedded) or kurrentdb' },
  KURRENTDB_URL: { default: '', description: 'KurrentDB connection string, e.g. kurrentdb://localhost:2113?tls=false' },
  LEDGER_SQLITE_SYNCHRONOUS: { default: 'FULL', description: 'SQLite synchronous mode: FULL (survives power loss) or NORMAL' },
  LEDGER_SQLITE_CACHE_MIB: { default: '16', description: "page cache of the service's connection to ledger.sqlite, in MiB (it holds the log's recent pages; the OS caches the rest)" },
  LEDGER_READ_WAIT_MS: { default: '5000', description: 'how long a read with minPosition waits for projections before 503' },
  LEDGER_BODY_LIMIT: { default: '1mb', description: 'largest accepted request body (EPCIS capture has its own limits below)' },
  LEDGER_EPCIS_CAPTURE_LIMIT: { default: '10000', description: 'most events in one EPCIS capture document (served as GS1-EPCIS-Capture-Limit)' },
  LEDGER_EPCIS_CAPTURE_FILE_SIZE_LIMIT: {
    default: '16777216',
    description: 'largest EPCIS capture document, in bytes (served as GS1-EPCIS-Capture-File-Size-Limit)',
  },
  LEDGER_EPCIS_CAPTURE_WAIT_MS: {
    default: '10000',
    description: 'how long POST /epcis/capture waits for its job to finish before answering 202 with the job still running (Prefer: respond-async answers at once)',
  },
  LEDGER_LOG_LEVEL: { default: 'log', description: 'error, warn, log, debug or verbose' },
  LEDGER_SIGNING_KEY_FILE: { default: '', description: 'Ed25519 private key (PEM) for signed checkpoints; default <data dir>/checkpoint-signing-key.pem, generated on first start' },
  LEDGER_CHECKPOINT_EVERY_EVENTS: { default: '1000', description: 'sign a checkpoint after this many new events' },
  LEDGER_CHECKPOINT_EVERY_SECONDS: { default: '60', description: 'sign a checkpoint at least this often while events arrive' },
  LEDGER_CHECKPOINT_ORIGIN: { default: 'critical-minerals-ledger', description: 'origin line of signed checkpoints (the log identity)' },
  LEDGER_SCREENING: { default: 'on', description: 'screen parties and facilities against watch lists as they change: on or off' },
  LEDGER_READY_MAX_LAG_SECONDS: { default: '30', description: '/health/ready fails when the projections or the Merkle log leave an event waiting longer than this' },
  LEDGER_MIN_FREE_BYTES: { default: '104857600', description: '/health and /health/ready fail when the data directory has less free space than this (100 MiB)' },
  LEDGER_REQUEST_TIMEOUT_MS: { default: '30000', description: 'longest a request may take to arrive, headers and body (then 408 and the connection closed)' },
  LEDGER_HEADERS_TIMEOUT_MS: { default: '10000', description: "longest a request's headers may take to arrive" },
  LEDGER_IDLE_TIMEOUT_MS: { default: '60000', description: 'a connection on which nothing is sent for this long is closed' },
  LEDGER_MAX_CONNECTIONS: { default: '4096', description: 'open connections at most; more are refused at once (keep it under the file limit, ulimit -n)' },
  LEDGER_RATE_LIMIT: { default: '50000', description: 'requests one bearer token (or one address without one) may make per LEDGER_RATE_LIMIT_WINDOW_SECONDS; then 429 with Retry-After' },
  LEDGER_RATE_LIMIT_WINDOW_SECONDS: { default: '60', description: 'the rate limit window (the default allows bulk ingestion at ~800 requests/s per key)' },
} as const;

export type ConfigName = keyof typeof CONFIG_SCHEMA;

export interface LedgerConfig {
  port: number;
  host: string;
  dataDir: string;
  adminToken: string | null;
  store: 'sqlite' | 'kurrentdb';
  kurrentDbUrl: string | null;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  sqliteCacheMiB: number;
  readWaitMs: number;
  /** Largest accepted request body, in bytes (LEDGER_BODY_LIMIT: `1mb`, `512kb` or a number of bytes). */
  bodyLimit: number;
  /** Most events in one EPCIS capture document. */
  epcisCaptureLimit: number;
  /** Largest EPCIS capture body, in bytes. */
  epcisCaptureFileSizeLimit: number;
  /** How long a document's capture is waited for before its 202 answers with the job still running. */
  epcisCaptureWaitMs: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  signingKeyFile: string;
  checkpointEveryEvents: number;
  checkpointEverySeconds: number;
  checkpointOrigin: string;
  /** Whether this instance runs the screening reactor (one instance per log should). */
  screening: boolean;
  readyMaxLagSeconds: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  minFreeBytes: number;
  /** Requests per token per window. */
  rateLimit: number;
  rateLimitWindowSeconds: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function positiveInteger(name: ConfigName, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive integer, got "${text}"`);
  }
  return value;
}

function oneOf<T extends string>(name: ConfigName, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  }
  return text as T;
}

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30 };

/** A size as body limits have always been written here (`1mb`, `512kb`, `1048576`): units of 1024, any case. */
function byteSize(name: ConfigName, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  const bytes = match ? Math.floor(Number(match[1]) * BYTE_UNITS[(match[2] ?? 'b').toLowerCase()]) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new ConfigError(`${name} must be a size such as 1mb, 512kb or 1048576, got "${text}"`);
  return bytes;
}

/** Reads and checks the configuration; throws ConfigError naming the variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const read = (name: ConfigName): string => {
    const value = env[name];
    return value === undefined || value === '' ? CONFIG_SCHEMA[name].default : value;
  };
  const dataDir = resolve(read('LEDGER_DATA_DIR'));
  const store = oneOf('LEDGER_STORE', read('LEDGER_STORE'), ['sqlite', 'kurrentdb'] as const);
  const kurrentDbUrl = read('KURRENTDB_URL') || null;
  if (store === 'kurrentdb' && !kurrentDbUrl) {
    throw new ConfigError('LEDGER_STORE=kurrentdb needs KURRENTDB_URL, e.g. kurrentdb://localhost:2113?tls=false');
  }
  const adminToken = read('LEDGER_ADMIN_TOKEN') || null;
  // The guard reads bearer tokens of 16-512 characters: a shorter admin token could never sign in.
  if (adminToken !== null && !/^[A-Za-z0-9._~+/=-]{16,512}$/.test(adminToken)) {
    throw new ConfigError('LEDGER_ADMIN_TOKEN must be 16-512 characters of letters, digits or . _ ~ + / = -; use a long random token');
  }
  const port = Number(read('PORT'));
  if (!/^\d+$/.test(read('PORT')) || port > 65535) throw new ConfigError(`PORT must be 0-65535, got "${read('PORT')}"`);
  return {
    port,
    host: read('HOST'),
    dataDir,
    adminToken,
    store,
    kurrentDbUrl,
    sqliteCacheMiB: positiveInteger('LEDGER_SQLITE_CACHE_MIB', read('LEDGER_SQLITE_CACHE_MIB')),
    sqliteSynchronous: oneOf('LEDGER_SQLITE_SYNCHRONOUS', read('LEDGER_SQLITE_SYNCHRONOUS').toUpperCase(), ['FULL', 'NORMAL'] as const),
    readWaitMs: positiveInteger('LEDGER_READ_WAIT_MS', read('LEDGER_READ_WAIT_MS')),
    bodyLimit: byteSize('LEDGER_BODY_LIMIT', read('LEDGER_BODY_LIMIT')),
    epcisCaptureLimit: positiveInteger('LEDGER_EPCIS_CAPTURE_LIMIT', read('LEDGER_EPCIS_CAPTURE_LIMIT')),
    epcisCaptureFileSizeLimit: positiveInteger('LEDGER_EPCIS_CAPTURE_FILE_SIZE_LIMIT', read('LEDGER_EPCIS_CAPTURE_FILE_SIZE_LIMIT')),
    epcisCaptureWaitMs: positiveInteger('LEDGER_EPCIS_CAPTURE_WAIT_MS', read('LEDGER_EPCIS_CAPTURE_WAIT_MS')),
    logLevel: oneOf('LEDGER_LOG_LEVEL', read('LEDGER_LOG_LEVEL'), ['error', 'warn', 'log', 'debug', 'verbose'] as const),
    signingKeyFile: read('LEDGER_SIGNING_KEY_FILE') || resolve(dataDir, 'checkpoint-signing-key.pem'),
    checkpointEveryEvents: positiveInteger('LEDGER_CHECKPOINT_EVERY_EVENTS', read('LEDGER_CHECKPOINT_EVERY_EVENTS')),
    checkpointEverySeconds: positiveInteger('LEDGER_CHECKPOINT_EVERY_SECONDS', read('LEDGER_CHECKPOINT_EVERY_SECONDS')),
    checkpointOrigin: read('LEDGER_CHECKPOINT_ORIGIN'),
    screening: oneOf('LEDGER_SCREENING', read('LEDGER_SCREENING'), ['on', 'off'] as const) === 'on',
    requestTimeoutMs: positiveInteger('LEDGER_REQUEST_TIMEOUT_MS', read('LEDGER_REQUEST_TIMEOUT_MS')),
    headersTimeoutMs: positiveInteger('LEDGER_HEADERS_TIMEOUT_MS', read('LEDGER_HEADERS_TIMEOUT_MS')),
    idleTimeoutMs: positiveInteger('LEDGER_IDLE_TIMEOUT_MS', read('LEDGER_IDLE_TIMEOUT_MS')),
    maxConnections: positiveInteger('LEDGER_MAX_CONNECTIONS', read('LEDGER_MAX_CONNECTIONS')),
    readyMaxLagSeconds: positiveInteger('LEDGER_READY_MAX_LAG_SECONDS', read('LEDGER_READY_MAX_LAG_SECONDS')),
    minFreeBytes: positiveInteger('LEDGER_MIN_FREE_BYTES', read('LEDGER_MIN_FREE_BYTES')),
    rateLimit: positiveInteger('LEDGER_RATE_LIMIT', read('LEDGER_RATE_LIMIT')),
    rateLimitWindowSeconds: positiveInteger('LEDGER_RATE_LIMIT_WINDOW_SECONDS', read('LEDGER_RATE_LIMIT_WINDOW_SECONDS')),
  };
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
