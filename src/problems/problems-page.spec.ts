import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CODES } from './problem-codes';
import { renderProblemsPage } from './problems-page';

describe('docs/problems.md', () => {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'problems.md'), 'utf8');

  it('lists every code of the catalogue', () => {
    const missing = PROBLEM_CODES.filter((code) => !page.includes(`| \`${code}\``));
    expect(missing).toEqual([]);
  });

  it('is what `npm run docs:problems` writes from the catalogue today (run it after changing the catalogue)', () => {
    expect(page).toBe(renderProblemsPage());
  });
});
