/**
 * The row every command that prints results prints: one rule's verdict on one resource, with where it is,
 * why it matters and how to fix it. Scans, the demo, events, the organization view and template checks all
 * build these; the formats (table, json, csv, html, asff) only read them.
 */
import type { ComplianceType, Severity } from '../../rules/kit';

/** A row's verdict: the runtime's, as the rule Lambdas put it. */
export type Compliance = ComplianceType;
export type { Severity };

export interface Row {
  /** The account of the resource; undefined where there is none (a template file). */
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  /** Where the resource was read from when it is not an account: a template file, `path#LogicalId`. */
  readonly source?: string;
  readonly resourceType: string;
  /** Config's resource id (`cluster-…`, `db-…`, a snapshot name, an endpoint ARN). */
  readonly resourceId: string;
  /** The name users know the resource by (DB identifier, snapshot name); undefined when not recorded. */
  readonly resourceName: string | undefined;
  readonly arn: string | undefined;
  /** The rule id (see `dbauth rules`). */
  readonly rule: string;
  /** Security Hub controls and framework ids the rule implements. */
  readonly controls: readonly string[];
  readonly severity: Severity;
  readonly compliance: Compliance;
  readonly annotation: string;
  /** How to fix a NON_COMPLIANT resource: `runbook <SSM document name>` or the manual step. */
  readonly fix: string;
  /** The exemption tag's reason, when the resource is exempt. */
  readonly exemption: string | undefined;
}

/** The columns of json and csv, in order. */
export const ROW_FIELDS = [
  'accountId',
  'region',
  'source',
  'resourceType',
  'resourceId',
  'resourceName',
  'arn',
  'rule',
  'controls',
  'severity',
  'compliance',
  'annotation',
  'fix',
  'exemption',
] as const satisfies readonly (keyof Row)[];

export interface Summary {
  readonly COMPLIANT: number;
  readonly NON_COMPLIANT: number;
  readonly NOT_APPLICABLE: number;
}

export function summarize(rows: readonly { readonly compliance: Compliance }[]): Summary {
  const summary = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
  for (const row of rows) summary[row.compliance]++;
  return summary;
}

/** The name a report shows for a resource: its identifier, else Config's resource id. */
export function displayName(row: Pick<Row, 'resourceName' | 'resourceId'>): string {
  return row.resourceName ?? row.resourceId;
}

/** `account/region`, or the template source, or a dash. */
export function whereOf(row: Pick<Row, 'accountId' | 'region' | 'source'>): string {
  if (row.source !== undefined) return row.source;
  return [row.accountId, row.region].filter((part) => part !== undefined).join('/') || '-';
}
