import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Cruise {
  summary: { error: number; violations: { rule: { name: string }; from: string; to: string }[] };
}

/**
 * depcruise with the repository's .dependency-cruiser.js over a small tree laid out as ours:
 * the rules are about folders, so a few files in the right folders are enough to break one.
 */
async function cruise(files: Record<string, string>): Promise<Cruise> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-layers-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true } }));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const run = await promisify(execFile)(process.execPath, [CLI, 'src', 'projections', '--config', join(ROOT, '.dependency-cruiser.js'), '--output-type', 'json'], {
      cwd: dir,
    }).catch((failed: { stdout?: string }) => failed);
    return JSON.parse(run.stdout ?? '') as Cruise;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const violations = (result: Cruise) => result.summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`);

describe('the layering of docs/architecture.md, as dependency-cruiser rules', () => {
  const base = {
    'src/problems/problem-catalogue.ts': 'export const PROBLEMS = {};\n',
    'src/event-store/event-store.port.ts': "export interface RecordedEvent { type: string }\nexport const EVENT_STORE = Symbol('store');\n",
    'src/http/problem.filter.ts': "import { LotNotFound } from '../domain/errors';\nexport const handled = [LotNotFound];\n",
  };

  it('passes a tree that keeps the table', async () => {
    const result = await cruise({
      ...base,
      'src/domain/errors.ts': "import { PROBLEMS } from '../problems/problem-catalogue';\nexport class LotNotFound { codes = PROBLEMS; }\n",
      'projections/lots.projection.ts': "import type { RecordedEvent } from '../src/event-store/event-store.port';\nexport const fold = (e: RecordedEvent) => e.type;\n",
    });
    expect(violations(result)).toEqual([]);
  }, 30_000);

  it('fails on a domain file importing the HTTP edge, a package, or a projection importing the store port as code', async () => {
    const result = await cruise({
      ...base,
      'src/domain/errors.ts': "import { handled } from '../http/problem.filter';\nimport { createHash } from 'node:crypto';\nexport class LotNotFound { h = handled; c = createHash; }\n",
      'projections/lots.projection.ts': "import { EVENT_STORE } from '../src/event-store/event-store.port';\nexport const token = EVENT_STORE;\n",
    });
    expect(violations(result).sort()).toEqual([
      'domain-is-pure: src/domain/errors.ts → src/http/problem.filter.ts',
      'domain-without-platform: src/domain/errors.ts → crypto',
      'no-circular: src/domain/errors.ts → src/http/problem.filter.ts',
      'projections-take-port-types-only: projections/lots.projection.ts → src/event-store/event-store.port.ts',
    ]);
  }, 30_000);
});
