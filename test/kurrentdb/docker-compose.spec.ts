import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_SCHEMA, loadConfig } from '../../src/config/ledger-config';
import { KURRENTDB_IMAGE } from './real-server/kurrentdb-image';

/**
 * docker-compose.yml and the Dockerfile are configuration the test suite cannot run (no Docker
 * here), so their contract is checked as data: the ledger reads exactly the variables the compose
 * file sets, and the KurrentDB it starts is one the store accepts.
 */
const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Record<string, any>>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const ledger = compose.services.ledger;
const kurrentdb = compose.services.kurrentdb;

describe('docker-compose.yml', () => {
  it('sets only environment variables the ledger configuration schema knows', () => {
    const names = Object.keys(ledger.environment);

    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !(name in CONFIG_SCHEMA))).toEqual([]);
  });

  it('configures the ledger for KurrentDB at the compose service, in a form the config accepts', () => {
    const env = Object.fromEntries(
      Object.entries(ledger.environment as Record<string, string>).map(([name, value]) => [
        name,
        String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/, '$1'),
      ]),
    );

    const config = loadConfig(env);

    expect(config.store).toBe('kurrentdb');
    expect(new URL(config.kurrentDbUrl!.replace(/^kurrentdb:/, 'http:')).hostname).toBe('kurrentdb');
    expect(config.kurrentDbUrl).toContain('tls=false');
    expect(ledger.depends_on.kurrentdb.condition).toBe('service_healthy');
  });

  it('runs a pinned KurrentDB of version 25.1 or newer, insecure single node, with a health check', () => {
    const [, tag] = String(kurrentdb.image).split(/:(?=[^:]+$)/);
    const [major, minor] = tag.split('.').map(Number);

    expect(tag).toMatch(/^\d+\.\d+\.\d+/);
    expect(major > 25 || (major === 25 && minor >= 1)).toBe(true);
    expect(String(kurrentdb.environment.KURRENTDB_INSECURE)).toBe('true');
    expect(String(kurrentdb.environment.KURRENTDB_CLUSTER_SIZE)).toBe('1');
    expect(kurrentdb.healthcheck.test.join(' ')).toContain('/health/live');
  });

  it('runs the KurrentDB image the real-server tests run, in the single node and the cluster variant', () => {
    const cluster = [...readFileSync(join(root, 'docker-compose.yml'), 'utf8').matchAll(/^#\s+image:\s*(\S+)/gm)].map((m) => m[1]);

    expect(kurrentdb.image).toBe(KURRENTDB_IMAGE);
    expect(cluster).toEqual([KURRENTDB_IMAGE]);
  });

  it('keeps KurrentDB and ledger data on named volumes', () => {
    const named = (service: Record<string, any>) =>
      (service.volumes as string[]).map((v) => v.split(':')[0]).filter((source) => !source.startsWith('.') && !source.startsWith('/'));

    expect(named(kurrentdb)).toContain('kurrentdb-data');
    expect(named(ledger)).toContain('ledger-data');
    for (const volume of [...named(kurrentdb), ...named(ledger)]) expect(compose.volumes).toHaveProperty(volume);
  });

  it('builds the ledger with the multi-stage Dockerfile', () => {
    expect(ledger.build.dockerfile).toBe('Dockerfile');
  });
});

describe('Dockerfile', () => {
  it('is multi-stage, installs runtime dependencies only, and runs as a non-root user', () => {
    const stages = dockerfile.match(/^FROM\s/gm) ?? [];
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);

    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1]);
    expect(dockerfile).toMatch(/^CMD .*dist\/src\/main\.js/m);
  });

  it('builds on a supported Node LTS and checks readiness', () => {
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(bases.every((base) => /^node:(22|24)[.-]/.test(base))).toBe(true);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^]*\/health\/ready/m);
  });

  it('defaults to the configuration names the ledger reads', () => {
    const envNames = [...dockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z_]+)=/gm)].map((m) => m[1]);

    expect(envNames.filter((name) => !(name in CONFIG_SCHEMA) && name !== 'NODE_ENV')).toEqual([]);
  });
});
