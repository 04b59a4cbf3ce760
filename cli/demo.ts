import { findRule } from '../rules/catalog';
import type { RunbookOutcome } from '../remediations';
import { runRunbook, runbookFor } from '../remediations';
import { runbookTarget } from '../sim/runbook-target';
import { demoEstate } from '../sim/demo-estate';
import type { Row } from './assess';
import { assessAccount, summarize } from './assess';
import type { Compliance } from './output';
import { filterRows, rowsJson, rowsTable, table } from './output';

export interface RemediationRow {
  readonly rule: string;
  readonly resourceId: string;
  readonly resourceName: string | undefined;
  readonly runbook: string;
  readonly outcome: RunbookOutcome;
  readonly detail: string;
}

export interface DemoResult {
  readonly before: readonly Row[];
  readonly remediations?: readonly RemediationRow[];
  readonly after?: readonly Row[];
}

/**
 * The catalog over the built-in demo account. With `remediate`, every NON_COMPLIANT resource of a fixable
 * rule goes through its runbook (executed by the local Automation runner against the simulated account,
 * through the real SDK clients), and the account is judged again.
 */
export async function runDemo(options: { remediate?: boolean; onProgress?: (message: string) => void } = {}): Promise<DemoResult> {
  const account = demoEstate();
  const before = await assessAccount(account.awsClients());
  if (!options.remediate) return { before };

  const remediations: RemediationRow[] = [];
  for (const row of before.filter((r) => r.compliance === 'NON_COMPLIANT')) {
    const rule = findRule(row.rule);
    const runbook = rule?.fix.runbook ? runbookFor(rule.id) : undefined;
    if (!runbook) continue;
    options.onProgress?.(`running ${runbook.documentName} on ${row.resourceName ?? row.resourceId}`);
    const run = await runRunbook(runbook.ruleId, { resourceId: row.resourceId }, runbookTarget(account));
    remediations.push({
      rule: row.rule,
      resourceId: row.resourceId,
      resourceName: row.resourceName,
      runbook: runbook.documentName,
      outcome: run.outcome,
      detail: run.failureMessage ?? run.explanation ?? describeOutputs(run.outputs),
    });
  }
  account.settle();
  const after = await assessAccount(account.awsClients());
  // A run that reports nothing is described by what the rule now says of the resource (for the audit log:
  // exported, and still empty until the parameter group asks for it).
  const described = remediations.map((r) => ({
    ...r,
    detail: r.detail || (after.find((row) => row.rule === r.rule && row.resourceId === r.resourceId)?.annotation ?? `${r.outcome} by ${r.runbook}`),
  }));
  return { before, remediations: described, after };
}

/** What the runbook's final report step says was set, e.g. "IAMDatabaseAuthenticationEnabled: true". */
function describeOutputs(outputs: Record<string, unknown>): string {
  return Object.entries(outputs)
    .filter(([key, value]) => key.startsWith('Report') && !/(Identifier|Arn)$/.test(key) && ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key.slice(key.indexOf('.') + 1)}: ${String(value as string | number | boolean)}`)
    .join(', ');
}

export const DEMO_ACCOUNT = '111122223333 (us-east-1)';

/** DESIGN.md §6: rows, or {before, remediations, after}; the rows filtered by --status. */
export function demoJson(result: DemoResult, statuses?: readonly Compliance[]): object {
  const shown = (rows: readonly Row[]) => rowsJson(statuses ? filterRows(rows, statuses) : rows);
  if (!result.remediations) return shown(result.before);
  return {
    before: shown(result.before),
    remediations: result.remediations.map(({ rule, resourceId, resourceName, runbook, outcome, detail }) => ({ rule, resourceId, resourceName: resourceName ?? null, runbook, outcome, detail })),
    after: shown(result.after ?? []),
  };
}

export function demoReport(result: DemoResult, statuses: readonly Compliance[] = ['NON_COMPLIANT']): string {
  const intro = `Demo account ${DEMO_ACCOUNT}, simulated: Neptune, Aurora, DocumentDB, RDS and DMS resources.`;
  const note = statuses.length === 3 ? 'Showing every row.' : `Showing ${statuses.join(', ')} rows; every row: --status all.`;
  if (!result.remediations) {
    return `${intro}\n\n${rowsTable(filterRows(result.before, statuses), { allRows: result.before, note })}\n\nFix what is fixable: npm start -- --remediate`;
  }
  const after = result.after ?? [];
  const verdict = (rows: readonly Row[], rule: string, id: string) => rows.find((r) => r.rule === rule && r.resourceId === id)?.compliance ?? '?';
  const lines = result.remediations.map((r) => [
    r.rule,
    r.resourceName ?? r.resourceId,
    `${verdict(result.before, r.rule, r.resourceId)} → ${verdict(after, r.rule, r.resourceId)}`,
    r.outcome,
    r.detail,
  ]);
  const b = summarize(result.before);
  const a = summarize(after);
  return [
    intro,
    `Remediations (${result.remediations.length} runbook runs)\n${table(['rule', 'resource', 'before → after', 'outcome', 'detail'], lines, [47, 26, 30, 19, 44])}`,
    `After remediation\n${rowsTable(filterRows(after, statuses), { allRows: after, note })}`,
    `Non-compliant: ${b.NON_COMPLIANT} before, ${a.NON_COMPLIANT} after (what remains needs a manual fix: see each annotation).`,
  ].join('\n\n');
}
