/** Regenerates the derived parts of README.md (the rule table) from the catalog. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withRulesTable } from './readme-table';

const path = join(__dirname, '..', 'README.md');
const before = readFileSync(path, 'utf8');
const after = withRulesTable(before);
if (after !== before) writeFileSync(path, after);
console.log(after === before ? 'README.md is up to date' : 'README.md rule table updated');
