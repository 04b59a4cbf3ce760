import type { CheckStatus, Finding } from '../rules/adapters';
import type { HtmlColumn, HtmlOptions, HtmlStatus } from './output';
import { controlSummary, escapeHtml, parseStatusList, reportHtml, toCsv } from './output';
import { table } from './output/table-text';
import type { CheckInput } from './check-input';

/**
 * The rows of `dbauth check` and their table, JSON, CSV and HTML forms (the HTML on the shared report
 * page, with the check's four statuses). SARIF is in ./check-sarif.
 */
export interface CheckRow {
  readonly rule: string;
  readonly controls: readonly string[];
  readonly status: CheckStatus;
  readonly annotation: string;
  readonly file: string;
  /** 1-based; absent where the format has no lines (Terraform plans). */
  readonly line?: number;
  /** CloudFormation logical id or Terraform address. */
  readonly resource: string;
  /** As the source names it: AWS::Neptune::DBCluster, aws_db_instance. */
  readonly sourceType: string;
  /** As Config records it: AWS::RDS::DBCluster. */
  readonly resourceType: string;
  readonly cdkPath?: string;
}

export function rowsOf(input: CheckInput, findings: readonly Finding[]): CheckRow[] {
  return findings.map(({ rule, resource, status, annotation }) => ({
    rule: rule.id,
    controls: rule.controls,
    status,
    annotation,
    file: input.file,
    ...(resource.line !== undefined ? { line: resource.line } : {}),
    resource: resource.name,
    sourceType: resource.sourceType,
    resourceType: resource.kind.type,
    ...(resource.cdkPath ? { cdkPath: resource.cdkPath } : {}),
  }));
}

const STATUS_ORDER: Record<CheckStatus, number> = { NON_COMPLIANT: 0, UNKNOWN_BEFORE_DEPLOY: 1, COMPLIANT: 2, NOT_APPLICABLE: 3 };
const STATUS_WORDS: Record<CheckStatus, string> = {
  NON_COMPLIANT: 'NON_COMPLIANT',
  UNKNOWN_BEFORE_DEPLOY: 'unknown before deploy',
  COMPLIANT: 'COMPLIANT',
  NOT_APPLICABLE: 'not applicable',
};

export const location = (row: Pick<CheckRow, 'file' | 'line'>): string => (row.line !== undefined ? `${row.file}:${row.line}` : row.file);

export function sortRows(rows: readonly CheckRow[]): CheckRow[] {
  return [...rows].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule),
  );
}

/** One line that says what was judged; "nothing to judge" when no file declares a database resource. */
export function checkSummary(inputs: readonly CheckInput[], rows: readonly CheckRow[]): string {
  const files = `${inputs.length} ${inputs.length === 1 ? 'file' : 'files'}`;
  const resources = new Set(rows.map((row) => `${row.file}\u0000${row.resource}`)).size;
  if (resources === 0) return `nothing to judge: no Neptune, RDS or DMS resources in ${files}`;
  const count = (status: CheckStatus) => rows.filter((row) => row.status === status).length;
  return (
    `${resources} ${resources === 1 ? 'resource' : 'resources'} in ${files}: ` +
    `${count('NON_COMPLIANT')} non-compliant, ${count('UNKNOWN_BEFORE_DEPLOY')} cannot be judged before deploy, ` +
    `${count('COMPLIANT')} compliant, ${count('NOT_APPLICABLE')} not applicable`
  );
}

const CHECK_STATUSES: readonly CheckStatus[] = ['NON_COMPLIANT', 'UNKNOWN_BEFORE_DEPLOY', 'COMPLIANT', 'NOT_APPLICABLE'];

/** What the table shows unless told otherwise: every verdict but the not-applicable ones. */
export const TABLE_STATUSES: readonly CheckStatus[] = CHECK_STATUSES.filter((status) => status !== 'NOT_APPLICABLE');

/** Parses `--status` as every command that prints results does, with the check's four statuses. */
export function parseCheckStatus(value: string): readonly CheckStatus[] {
  return parseStatusList(value, CHECK_STATUSES, 'a status');
}

export function checkTable(inputs: readonly CheckInput[], rows: readonly CheckRow[], options: { statuses?: readonly CheckStatus[] } = {}): string {
  const statuses = options.statuses ?? TABLE_STATUSES;
  const shown = sortRows(rows).filter((row) => statuses.includes(row.status));
  const summary = checkSummary(inputs, rows);
  if (shown.length === 0) return summary;
  return `${table(
    ['location', 'resource', 'rule', 'status', 'annotation'],
    shown.map((row) => [location(row), row.resource, row.rule, STATUS_WORDS[row.status], row.annotation]),
    [null, null, null, 15, 60],
  )}\n${summary}`;
}

export function checkJson(rows: readonly CheckRow[]): string {
  return JSON.stringify(sortRows(rows), null, 2);
}

const CSV_COLUMNS = ['file', 'line', 'resource', 'sourceType', 'resourceType', 'rule', 'controls', 'status', 'annotation'] as const;

/** RFC 4180, with the report rows' quoting and their guard against cells a spreadsheet would run as formulas. */
export function checkCsv(rows: readonly CheckRow[]): string {
  return toCsv(
    CSV_COLUMNS,
    sortRows(rows).map((row) => CSV_COLUMNS.map((column) => (column === 'controls' ? row.controls : column === 'line' ? row.line?.toString() : row[column]))),
  );
}

const HTML_STATUSES: readonly HtmlStatus<CheckStatus>[] = [
  { status: 'NON_COMPLIANT', label: 'non-compliant', tone: 'fail' },
  { status: 'UNKNOWN_BEFORE_DEPLOY', label: 'unknown before deploy', tone: 'review' },
  { status: 'COMPLIANT', label: 'compliant', tone: 'pass' },
  { status: 'NOT_APPLICABLE', label: 'not applicable', tone: 'none' },
];

/** What a template's reviewer needs: the rule, where the resource is declared, and what to change. */
const HTML_COLUMNS: readonly HtmlColumn<CheckRow>[] = [
  { header: 'status', cell: 'status' },
  { header: 'rule', cell: (row) => escapeHtml(row.rule) },
  { header: 'controls', cell: (row) => escapeHtml(row.controls.join(', ')) },
  { header: 'location', cell: (row) => escapeHtml(location(row)), sortKey: (row) => `${row.file}:${String(row.line ?? 0).padStart(9, '0')}` },
  { header: 'resource', cell: (row) => escapeHtml(row.resource) },
  { header: 'source type', cell: (row) => `${escapeHtml(row.sourceType)}<div class="sub">${escapeHtml(row.resourceType)}</div>` },
];
const CDK_PATH_COLUMN: HtmlColumn<CheckRow> = { header: 'CDK path', cell: (row) => escapeHtml(row.cdkPath) };
const ANNOTATION_COLUMN: HtmlColumn<CheckRow> = { header: 'annotation', cell: (row) => escapeHtml(row.annotation) };

/**
 * The report page of a check: a card per status (unknown before deploy one of them), a summary by control and
 * by file, and the findings, those that need attention first. The CDK path column is there when a row has one.
 */
export function checkHtml(rows: readonly CheckRow[], options: HtmlOptions): string {
  const cdk = rows.some((row) => row.cdkPath !== undefined);
  return reportHtml({
    ...options,
    statuses: HTML_STATUSES,
    statusOf: (row) => row.status,
    rows: sortRows(rows),
    columns: [...HTML_COLUMNS, ...(cdk ? [CDK_PATH_COLUMN] : []), ANNOTATION_COLUMN],
    summaries: [controlSummary<CheckRow>(), { id: 'by-file', heading: 'By file', headers: ['file'], groupsOf: (row) => [row.file], cellsOf: (file) => [file] }],
    filterHint: 'rule, resource, file',
  });
}
