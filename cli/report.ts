import { CATALOG } from '../rules/catalog';
import type { Row } from './assess';
import { summarize } from './assess';
import { table } from './format';

const MARK = { COMPLIANT: 'COMPLIANT', NON_COMPLIANT: 'NON_COMPLIANT', NOT_APPLICABLE: 'not applicable' } as const;

/** A compliance table per rule, in catalog order, and a summary line per rule and overall. */
export function complianceReport(rows: readonly Row[], options: { showRegion?: boolean } = {}): string {
  const sections: string[] = [];
  const summaryRows: string[][] = [];
  for (const rule of CATALOG) {
    const ruleRows = rows.filter((row) => row.rule === rule.id);
    if (ruleRows.length === 0) continue;
    const ordered = [...ruleRows].sort((a, b) => order(a) - order(b) || (a.resourceName ?? a.resourceId).localeCompare(b.resourceName ?? b.resourceId));
    sections.push(
      `${rule.id} — ${rule.title} (${rule.controls.join(', ')})\n` +
        table(
          options.showRegion ? ['resource', 'region', 'compliance', 'annotation'] : ['resource', 'compliance', 'annotation'],
          ordered.map((row) => [
            row.resourceName ?? row.resourceId,
            ...(options.showRegion ? [`${row.accountId}/${row.region}`] : []),
            MARK[row.compliance],
            row.annotation,
          ]),
          options.showRegion ? [32, 22, 16, 70] : [34, 16, 80],
        ),
    );
    const s = summarize(ruleRows);
    summaryRows.push([rule.id, String(s.COMPLIANT), String(s.NON_COMPLIANT), String(s.NOT_APPLICABLE)]);
  }
  const total = summarize(rows);
  summaryRows.push(['total', String(total.COMPLIANT), String(total.NON_COMPLIANT), String(total.NOT_APPLICABLE)]);
  return [...sections, `Summary\n${table(['rule', 'compliant', 'non-compliant', 'not applicable'], summaryRows)}`].join('\n\n');
}

function order(row: Row): number {
  return row.compliance === 'NON_COMPLIANT' ? 0 : row.compliance === 'COMPLIANT' ? 1 : 2;
}

/** The rows in DESIGN.md §6's JSON shape. */
export function rowsJson(rows: readonly Row[]): object[] {
  return rows.map(({ rule, resourceType, resourceId, resourceName, compliance, annotation }) => ({
    rule,
    resourceType,
    resourceId,
    resourceName: resourceName ?? null,
    compliance,
    annotation,
  }));
}
