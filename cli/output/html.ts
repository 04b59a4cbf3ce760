import { controlTitle } from './controls';
import type { Compliance, Row } from './row';
import { displayName, summarize } from './row';

export interface HtmlOptions {
  readonly title: string;
  /** What produced the report, e.g. "dbauth scan --region us-east-1". */
  readonly command: string;
  readonly generatedAt: Date;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string | undefined): string => (text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const LABEL: Readonly<Record<Compliance, string>> = { COMPLIANT: 'compliant', NON_COMPLIANT: 'non-compliant', NOT_APPLICABLE: 'not applicable' };
const SEVERITY_RANK: Readonly<Record<string, number>> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };

function countCells(rows: readonly Row[]): string {
  const s = summarize(rows);
  return `<td class="num">${s.NON_COMPLIANT}</td><td class="num">${s.COMPLIANT}</td><td class="num">${s.NOT_APPLICABLE}</td>`;
}

function groupBy(rows: readonly Row[], keys: (row: Row) => readonly string[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) for (const key of keys(row)) groups.set(key, [...(groups.get(key) ?? []), row]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

function findingRow(row: Row): string {
  const cells = [
    `<td data-sort="${SEVERITY_RANK[row.severity] ?? 0}"><span class="sev ${row.severity.toLowerCase()}">${row.severity}</span></td>`,
    `<td data-sort="${row.compliance}"><span class="st ${row.compliance.toLowerCase()}">${LABEL[row.compliance]}</span></td>`,
    `<td>${escape(row.rule)}<div class="sub">${escape(row.controls.join(', '))}</div></td>`,
    `<td>${escape(displayName(row))}<div class="sub">${escape(row.arn ?? row.resourceType)}</div></td>`,
    `<td>${escape(row.accountId ?? row.source ?? '')}</td>`,
    `<td>${escape(row.region ?? '')}</td>`,
    `<td>${escape(row.annotation)}</td>`,
    `<td>${escape(row.fix)}</td>`,
  ];
  return `<tr data-status="${row.compliance}">${cells.join('')}</tr>`;
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
.st.non_compliant{background:#ffebe9;color:#82071e}.st.compliant{background:#dafbe1;color:#116329}.st.not_applicable{background:#eaeef2}
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
 * One self-contained HTML file: totals, a summary by control and by account and region, the findings
 * (sortable, filterable by text and status) and the exemptions with their reasons. Its Content-Security-Policy
 * forbids every network fetch; styles and script are inline.
 */
export function rowsHtml(rows: readonly Row[], options: HtmlOptions): string {
  const total = summarize(rows);
  const byControl = groupBy(rows, (row) => (row.controls.length > 0 ? row.controls : ['(none)']));
  const byPlace = groupBy(rows, (row) => [`${row.accountId ?? row.source ?? '-'}\u0000${row.region ?? '-'}`]);
  const exempt = rows.filter((row) => row.exemption !== undefined);
  const ordered = [...rows].sort(
    (a, b) =>
      (a.compliance === 'NON_COMPLIANT' ? 0 : 1) - (b.compliance === 'NON_COMPLIANT' ? 0 : 1) ||
      (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      displayName(a).localeCompare(displayName(b)),
  );
  const card = (status: Compliance) => `<div class="card" data-count="${status}"><b>${total[status]}</b>${LABEL[status]}</div>`;
  const countHead = '<th>non-compliant</th><th>compliant</th><th>not applicable</th>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(options.title)}</h1>
<div class="meta">${escape(options.command)} · generated ${escape(options.generatedAt.toISOString())} · ${rows.length} results</div>
<div class="cards">${card('NON_COMPLIANT')}${card('COMPLIANT')}${card('NOT_APPLICABLE')}<div class="card" data-count="EXEMPT"><b>${exempt.length}</b>exempt</div></div>

<h2>By control</h2>
<table id="by-control"><thead><tr><th>control</th><th>title</th>${countHead}</tr></thead><tbody>
${[...byControl].map(([id, group]) => `<tr><td>${escape(id)}</td><td>${escape(controlTitle(id))}</td>${countCells(group)}</tr>`).join('\n')}
</tbody></table>

<h2>By account and region</h2>
<table id="by-place"><thead><tr><th>account</th><th>region</th>${countHead}</tr></thead><tbody>
${[...byPlace]
  .map(([key, group]) => {
    const [account, region] = key.split('\u0000');
    return `<tr><td>${escape(account)}</td><td>${escape(region)}</td>${countCells(group)}</tr>`;
  })
  .join('\n')}
</tbody></table>

<h2>Findings</h2>
<div class="controls">
<input id="filter" type="search" placeholder="Filter: rule, resource, account, text…" aria-label="Filter findings">
<select id="status" aria-label="Compliance">
<option value="all">every status</option><option value="NON_COMPLIANT">non-compliant</option><option value="COMPLIANT">compliant</option><option value="NOT_APPLICABLE">not applicable</option>
</select>
<span><span id="shown">${rows.length}</span> of ${rows.length} shown</span>
</div>
<table id="findings"><thead><tr>${['severity', 'compliance', 'rule', 'resource', 'account', 'region', 'annotation', 'fix'].map((h) => `<th class="sortable">${h}</th>`).join('')}</tr></thead><tbody>
${ordered.map(findingRow).join('\n')}
</tbody></table>

<h2>Exemptions</h2>
${
  exempt.length === 0
    ? '<p id="exemptions">No exempt resources.</p>'
    : `<table id="exemptions"><thead><tr><th>rule</th><th>resource</th><th>account</th><th>region</th><th>reason</th></tr></thead><tbody>
${exempt.map((row) => `<tr><td>${escape(row.rule)}</td><td>${escape(displayName(row))}</td><td>${escape(row.accountId ?? row.source ?? '')}</td><td>${escape(row.region ?? '')}</td><td>${escape(row.exemption)}</td></tr>`).join('\n')}
</tbody></table>`
}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
