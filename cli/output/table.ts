import { CATALOG, findRule } from '../../rules/catalog';
import type { Row } from './row';
import { displayName, summarize, whereOf } from './row';
import { table } from './table-text';

const MARK = { COMPLIANT: 'COMPLIANT', NON_COMPLIANT: 'NON_COMPLIANT', NOT_APPLICABLE: 'not applicable' } as const;

export interface TableOptions {
  /** Every row judged, for the summary, when `rows` is a filtered view of them. */
  readonly allRows?: readonly Row[];
  /** A line under the sections, e.g. which statuses are shown. */
  readonly note?: string;
}

function order(row: Row): number {
  return row.compliance === 'NON_COMPLIANT' ? 0 : row.compliance === 'COMPLIANT' ? 1 : 2;
}

/**
 * A section per rule (in catalog order, then any other rule ids), headed by what every row of the rule
 * shares (controls, severity, fix); then a summary per rule over every judged row.
 */
export function rowsTable(rows: readonly Row[], options: TableOptions = {}): string {
  const all = options.allRows ?? rows;
  const ruleIds = [...new Set([...CATALOG.map((rule) => rule.id), ...all.map((row) => row.rule)])];
  const sections: string[] = [];
  const summaryRows: string[][] = [];
  const showWhere = new Set(all.map(whereOf)).size > 1;
  for (const id of ruleIds) {
    const ruleRows = rows.filter((row) => row.rule === id);
    const allRuleRows = all.filter((row) => row.rule === id);
    if (allRuleRows.length === 0) continue;
    const s = summarize(allRuleRows);
    summaryRows.push([id, String(s.COMPLIANT), String(s.NON_COMPLIANT), String(s.NOT_APPLICABLE)]);
    const first = ruleRows[0];
    if (first === undefined) continue;
    const title = findRule(id)?.title;
    const ordered = [...ruleRows].sort((a, b) => order(a) - order(b) || displayName(a).localeCompare(displayName(b)) || whereOf(a).localeCompare(whereOf(b)));
    const head = `${id}${title ? ` — ${title}` : ''}\ncontrols ${first.controls.join(', ') || '-'} · severity ${first.severity} · fix: ${first.fix || '-'}`;
    sections.push(
      `${head}\n` +
        table(
          showWhere ? ['resource', 'account / region', 'compliance', 'annotation'] : ['resource', 'compliance', 'annotation'],
          ordered.map((row) => [displayName(row), ...(showWhere ? [whereOf(row)] : []), MARK[row.compliance], row.annotation]),
          showWhere ? [30, 26, 16, 70] : [34, 16, 80],
        ),
    );
  }
  const total = summarize(all);
  summaryRows.push(['total', String(total.COMPLIANT), String(total.NON_COMPLIANT), String(total.NOT_APPLICABLE)]);
  return [
    ...sections,
    ...(sections.length === 0 ? ['No rows to show.'] : []),
    `Summary\n${table(['rule', 'compliant', 'non-compliant', 'not applicable'], summaryRows)}`,
    ...(options.note ? [options.note] : []),
  ].join('\n\n');
}
