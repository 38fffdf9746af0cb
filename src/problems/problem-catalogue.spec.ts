import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEMS, type ProblemEntry } from './problem-catalogue';
import { codesByStatus, isProblemCode, PROBLEM_CODES, problemCodeEnum } from './problem-codes';

function sourcesOutside(dir: string, skip: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === skip ? [] : sourcesOutside(path, skip);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('the problem catalogue', () => {
  it('gives every code a kebab-case name, an error status, a title and one sentence of help', () => {
    for (const [code, entry] of Object.entries(PROBLEMS) as [string, ProblemEntry][]) {
      expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.title).toMatch(/^[A-Z].*[^.]$/);
      expect(entry.help).toMatch(/^[A-Z][^]*\.$/);
      expect(entry.help.slice(0, -1)).not.toMatch(/\.\s+[A-Z]/);
      if (entry.alsoStatus !== undefined) expect(entry.alsoStatus).not.toBe(entry.status);
    }
  });

  it('holds no code that nothing answers with', () => {
    const root = join(__dirname, '..');
    const sources = sourcesOutside(root, __dirname).join('\n');
    expect(PROBLEM_CODES.filter((code) => !sources.includes(`'${code}'`))).toEqual([]);
  });

  it('lists the codes per status, a code with a second status under both', () => {
    const byStatus = codesByStatus();
    expect([...byStatus.keys()]).toEqual([...byStatus.keys()].sort((a, b) => a - b));
    expect(byStatus.get(422)).toContain('invalid-mass');
    expect(byStatus.get(400)).toContain('invalid-mass');
    expect(byStatus.get(503)).toEqual(['store-unavailable', 'projections-behind', 'position-not-yet-projected', 'not-ready', 'not-yet-logged']);
    expect([...byStatus.values()].flat().length).toBe(PROBLEM_CODES.length + 1);
  });

  it('gives the enum of the problem+json code property, whole or for some statuses', () => {
    expect(problemCodeEnum()).toEqual(PROBLEM_CODES);
    expect(problemCodeEnum([401, 405])).toEqual(['unauthenticated', 'method-not-allowed']);
    expect(isProblemCode('lot-not-found')).toBe(true);
    expect(isProblemCode('toString')).toBe(false);
  });
});
