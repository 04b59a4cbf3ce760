/** Writes a built runbook as the YAML that is reviewed, committed and deployed. */
import { stringify } from 'yaml';
import type { AutomationDocument } from '../document';

export const GENERATED_HEADER = '# Generated from remediations/builder by `npm run runbooks`: change the builder, not this file.\n';

export function renderRunbook(document: AutomationDocument): string {
  return GENERATED_HEADER + stringify(document, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
}
