/** Regenerates remediations/<rule id>.yaml from the typed descriptions in remediations/builder. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../remediations/builder/assemble';
import { renderRunbook } from '../remediations/builder/emit';
import { RUNBOOK_SPECS } from '../remediations/builder/runbooks';
import { validateDocument } from '../remediations/document';

for (const spec of RUNBOOK_SPECS) {
  const document = validateDocument(assemble(spec));
  const file = join(__dirname, '..', 'remediations', `${spec.ruleId}.yaml`);
  writeFileSync(file, renderRunbook(document));
  process.stdout.write(`wrote ${file}\n`);
}
