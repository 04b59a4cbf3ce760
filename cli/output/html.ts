import { controlTitle } from './controls';
import type { Compliance, Row } from './row';
import { displayName } from './row';

export interface HtmlOptions {
  readonly title: string;
  /** What produced the report, e.g. "dbauth scan --region us-east-1". */
  readonly command: string;
  readonly generatedAt: Date;
}

/**
 * One status a report counts and filters by: its value in the rows, the words a reader sees, and its colour
 * (fail: needs a fix; review: needs a look; pass; none: nothing to judge).
 */
export interface HtmlStatus<S extends string> {
  readonly status: S;
  readonly label: string;
  readonly tone: 'fail' | 'review' | 'pass' | 'none';
}

/** A column of the findings. `cell` returns HTML, so it escapes (`escapeHtml`) what it takes from the row. */
export interface HtmlColumn<R> {
  readonly header: string;
  /** `'status'`: the row's status, labelled and coloured as `statuses` say, sorted in their order. */
  readonly cell: ((row: R) => string) | 'status';
  /** What the column sorts by when it is not the cell's text (a rank). */
  readonly sortKey?: (row: R) => string | number;
}

/** A summary table: a line per group, its leading cells, then how many of its rows have each status. */
export interface HtmlSummary<R> {
  readonly id: string;
  readonly heading: string;
  readonly headers: readonly string[];
  /** The groups a row counts in (a row of two controls counts under each). */
  readonly groupsOf: (row: R) => readonly string[];
  /** The leading cells of a group's line, as text. */
  readonly cellsOf: (group: string) => readonly string[];
}

/** A report page: what every report has, and what its rows are made of. */
export interface HtmlReport<R, S extends string> extends HtmlOptions {
  /** In the order of the cards, the count columns and the status filter's choices. */
  readonly statuses: readonly HtmlStatus<S>[];
  readonly statusOf: (row: R) => S;
  /** In the order to show them. */
  readonly rows: readonly R[];
  readonly columns: readonly HtmlColumn<R>[];
  readonly summaries: readonly HtmlSummary<R>[];
  /** Cards after those of the statuses, e.g. how many are exempt. */
  readonly cards?: readonly { readonly id: string; readonly label: string; readonly count: number }[];
  /** What the text filter searches, for its placeholder: "rule, resource, account". */
  readonly filterHint: string;
  /** HTML after the findings (the exemptions). */
  readonly after?: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string | undefined): string => (text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
const escape = escapeHtml;

function groupBy<R>(rows: readonly R[], keys: (row: R) => readonly string[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) for (const key of keys(row)) groups.set(key, [...(groups.get(key) ?? []), row]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

/** The summary by control, with each control's title; for any rows that name their controls. */
export function controlSummary<R extends { readonly controls: readonly string[] }>(): HtmlSummary<R> {
  return {
    id: 'by-control',
    heading: 'By control',
    headers: ['control', 'title'],
    groupsOf: (row) => (row.controls.length > 0 ? row.controls : ['(none)']),
    cellsOf: (id) => [id, controlTitle(id)],
  };
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f24}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#57606a;margin-bottom:16px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:24px}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}
th.sortable{cursor:pointer;user-select:none}th.sortable:after{content:" \\2195";color:#8c959f}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.sub{color:#57606a;font-size:12px;word-break:break-all}
.sev,.st{border-radius:10px;padding:1px 8px;font-size:12px;white-space:nowrap}
.sev.critical{background:#82071e;color:#fff}.sev.high{background:#cf222e;color:#fff}.sev.medium{background:#fb8f44}.sev.low{background:#eaeef2}
.st.fail{background:#ffebe9;color:#82071e}.st.review{background:#fff8c5;color:#7d4e00}.st.pass{background:#dafbe1;color:#116329}.st.none{background:#eaeef2}
.controls{display:flex;gap:12px;align-items:center;margin:8px 0}
input[type=search]{width:320px;padding:4px 8px}
`;

/** Filters (text and status) and column sorting; works on the rows already in the page, never fetches anything. */
const SCRIPT = `
(function(){
  var body=document.querySelector('#findings tbody');
  var rows=Array.prototype.slice.call(body.rows);
  var text=document.getElementById('filter'), status=document.getElementById('status'), shown=document.getElementById('shown');
  function apply(){
    var q=text.value.toLowerCase(), s=status.value, n=0;
    rows.forEach(function(r){
      var ok=(s==='all'||r.getAttribute('data-status')===s)&&(q===''||r.textContent.toLowerCase().indexOf(q)>=0);
      r.hidden=!ok; if(ok) n++;
    });
    shown.textContent=String(n);
  }
  text.addEventListener('input',apply); status.addEventListener('change',apply);
  Array.prototype.forEach.call(document.querySelectorAll('#findings th.sortable'),function(th,i){
    var dir=1;
    th.addEventListener('click',function(){
      var key=function(r){var c=r.cells[i];return c.getAttribute('data-sort')||c.textContent;};
      rows.sort(function(a,b){var x=key(a),y=key(b);var nx=Number(x),ny=Number(y);
        return (isNaN(nx)||isNaN(ny)?x.localeCompare(y):nx-ny)*dir;});
      dir=-dir; rows.forEach(function(r){body.appendChild(r);});
      th.setAttribute('aria-sort',dir<0?'ascending':'descending');
    });
  });
  apply();
})();
`;

/**
 * One self-contained HTML file: a card per status, the summaries, the findings (sortable, filterable by text
 * and status) and what comes after them. Its Content-Security-Policy forbids every network fetch; styles and
 * script are inline. Every text from the rows is escaped here or by the columns' `cell`.
 */
export function reportHtml<R, S extends string>(report: HtmlReport<R, S>): string {
  const { rows, statuses, statusOf } = report;
  const counts = (group: readonly R[]) => statuses.map(({ status }) => group.filter((row) => statusOf(row) === status).length);
  const countHead = statuses.map(({ label }) => `<th>${escape(label)}</th>`).join('');
  const rank = new Map(statuses.map(({ status }, i) => [status, i]));
  const described = new Map(statuses.map((s) => [s.status, s]));
  const cellOf = (column: HtmlColumn<R>, row: R): string => {
    if (column.cell !== 'status') {
      const sort = column.sortKey ? ` data-sort="${escape(String(column.sortKey(row)))}"` : '';
      return `<td${sort}>${column.cell(row)}</td>`;
    }
    const status = statusOf(row);
    const { label, tone } = described.get(status) ?? { label: status, tone: 'none' };
    return `<td data-sort="${rank.get(status) ?? statuses.length}"><span class="st ${tone}">${escape(label)}</span></td>`;
  };
  const total = counts(rows);
  const cards = [
    ...statuses.map(({ status, label }, i) => ({ id: status, label, count: total[i] ?? 0 })),
    ...(report.cards ?? []),
  ];
  const summary = ({ id, heading, headers, groupsOf, cellsOf }: HtmlSummary<R>) => `<h2>${escape(heading)}</h2>
<table id="${escape(id)}"><thead><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join('')}${countHead}</tr></thead><tbody>
${[...groupBy(rows, groupsOf)]
  .map(([group, members]) => `<tr>${cellsOf(group).map((text) => `<td>${escape(text)}</td>`).join('')}${counts(members).map((n) => `<td class="num">${n}</td>`).join('')}</tr>`)
  .join('\n')}
</tbody></table>
`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(report.title)}</h1>
<div class="meta">${escape(report.command)} · generated ${escape(report.generatedAt.toISOString())} · ${rows.length} results</div>
<div class="cards">${cards.map(({ id, label, count }) => `<div class="card" data-count="${escape(id)}"><b>${count}</b>${escape(label)}</div>`).join('')}</div>

${report.summaries.map(summary).join('\n')}
<h2>Findings</h2>
<div class="controls">
<input id="filter" type="search" placeholder="Filter: ${escape(report.filterHint)}, text…" aria-label="Filter findings">
<select id="status" aria-label="Status">
<option value="all">every status</option>${statuses.map(({ status, label }) => `<option value="${escape(status)}">${escape(label)}</option>`).join('')}
</select>
<span><span id="shown">${rows.length}</span> of ${rows.length} shown</span>
</div>
<table id="findings"><thead><tr>${report.columns.map(({ header }) => `<th class="sortable">${escape(header)}</th>`).join('')}</tr></thead><tbody>
${rows.map((row) => `<tr data-status="${escape(statusOf(row))}">${report.columns.map((column) => cellOf(column, row)).join('')}</tr>`).join('\n')}
</tbody></table>
${report.after ?? ''}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const COMPLIANCE: readonly HtmlStatus<Compliance>[] = [
  { status: 'NON_COMPLIANT', label: 'non-compliant', tone: 'fail' },
  { status: 'COMPLIANT', label: 'compliant', tone: 'pass' },
  { status: 'NOT_APPLICABLE', label: 'not applicable', tone: 'none' },
];
const SEVERITY_RANK: Readonly<Record<string, number>> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };

const ROW_COLUMNS: readonly HtmlColumn<Row>[] = [
  { header: 'severity', cell: (row) => `<span class="sev ${row.severity.toLowerCase()}">${row.severity}</span>`, sortKey: (row) => SEVERITY_RANK[row.severity] ?? 0 },
  { header: 'compliance', cell: 'status' },
  { header: 'rule', cell: (row) => `${escape(row.rule)}<div class="sub">${escape(row.controls.join(', '))}</div>` },
  { header: 'resource', cell: (row) => `${escape(displayName(row))}<div class="sub">${escape(row.arn ?? row.resourceType)}</div>` },
  { header: 'account', cell: (row) => escape(row.accountId ?? row.source ?? '') },
  { header: 'region', cell: (row) => escape(row.region ?? '') },
  { header: 'annotation', cell: (row) => escape(row.annotation) },
  { header: 'fix', cell: (row) => escape(row.fix) },
];

/**
 * The report of judged resources: totals, a summary by control and by account and region, the findings
 * (non-compliant first, worst severity first) and the exemptions with their reasons.
 */
export function rowsHtml(rows: readonly Row[], options: HtmlOptions): string {
  const exempt = rows.filter((row) => row.exemption !== undefined);
  const ordered = [...rows].sort(
    (a, b) =>
      (a.compliance === 'NON_COMPLIANT' ? 0 : 1) - (b.compliance === 'NON_COMPLIANT' ? 0 : 1) ||
      (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      displayName(a).localeCompare(displayName(b)),
  );
  return reportHtml({
    ...options,
    statuses: COMPLIANCE,
    statusOf: (row) => row.compliance,
    rows: ordered,
    columns: ROW_COLUMNS,
    summaries: [
      controlSummary<Row>(),
      {
        id: 'by-place',
        heading: 'By account and region',
        headers: ['account', 'region'],
        groupsOf: (row) => [`${row.accountId ?? row.source ?? '-'}\u0000${row.region ?? '-'}`],
        cellsOf: (place) => place.split('\u0000'),
      },
    ],
    cards: [{ id: 'EXEMPT', label: 'exempt', count: exempt.length }],
    filterHint: 'rule, resource, account',
    after: `
<h2>Exemptions</h2>
${
  exempt.length === 0
    ? '<p id="exemptions">No exempt resources.</p>'
    : `<table id="exemptions"><thead><tr><th>rule</th><th>resource</th><th>account</th><th>region</th><th>reason</th></tr></thead><tbody>
${exempt.map((row) => `<tr><td>${escape(row.rule)}</td><td>${escape(displayName(row))}</td><td>${escape(row.accountId ?? row.source ?? '')}</td><td>${escape(row.region ?? '')}</td><td>${escape(row.exemption)}</td></tr>`).join('\n')}
</tbody></table>`
}`,
  });
}
