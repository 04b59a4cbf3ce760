import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withRulesTable } from '../../scripts/readme-table';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

it('has the rule table of the current catalog (run npm run docs after changing a rule)', () => {
  expect(withRulesTable(readme)).toBe(readme);
});

it('gives the two quick-start commands that CI runs', () => {
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toContain('npm test');
  const ci = readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8');
  expect(ci).toMatch(/^npm ci\b/m);
  expect(ci).toMatch(/^npm test$/m);
});
