import { CATALOG } from '../rules/catalog';

export const START = '<!-- rules:start (generated from rules/catalog.ts by npm run docs) -->';
export const END = '<!-- rules:end -->';

/** The README's rule table, derived from the catalog. */
export function rulesMarkdown(): string {
  const rows = CATALOG.map((rule) => {
    const parameters = Object.entries(rule.parameters)
      .map(([name, spec]) => `\`${name}\`${spec.defaultText ? ` (default \`${spec.defaultText}\`)` : ''}`)
      .join(', ');
    const fix = rule.fix.runbook ? `runbook \`remediations/${rule.id}.yaml\`` : `manual: ${rule.fix.manual}`;
    return `| \`${rule.id}\` | ${rule.kind.type} | ${rule.description} | ${parameters || '–'} | ${fix} | ${rule.controls.join(', ')} |`;
  });
  return [START, '| rule | resource type | checks | parameters | fix | controls |', '|---|---|---|---|---|---|', ...rows, END].join('\n');
}

export function withRulesTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md has no rules table markers');
  return readme.slice(0, start) + rulesMarkdown() + readme.slice(end + END.length);
}
