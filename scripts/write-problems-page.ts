/** `npm run docs:problems`: writes docs/problems.md from the problem catalogue. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderProblemsPage } from '../src/problems/problems-page';

const target = join(__dirname, '..', 'docs', 'problems.md');
writeFileSync(target, renderProblemsPage());
process.stdout.write(`wrote ${target}\n`);
