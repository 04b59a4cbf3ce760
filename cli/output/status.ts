import { UsageError } from '../errors';
import type { Compliance, Row } from './row';

const ALL: readonly Compliance[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];

/** A --status value that is not a compliance type. */
export class StatusFilterError extends UsageError {}

/**
 * Parses `--status`: `all`, or a comma-separated list of `statuses` (any case, `-` or `_`). Returns the
 * statuses to show, in the order of `statuses`; `what` names one in the error ("a compliance type").
 */
export function parseStatusList<S extends string>(value: string, statuses: readonly S[], what: string): readonly S[] {
  const parts = value
    .split(',')
    .map((part) => part.trim().toUpperCase().replace(/-/g, '_'))
    .filter((part) => part !== '');
  if (parts.length === 0) throw new StatusFilterError(`--status needs a value: all, or a comma-separated list of ${statuses.join(', ')}`);
  if (parts.includes('ALL')) return statuses;
  const wrong = parts.filter((part) => !(statuses as readonly string[]).includes(part));
  if (wrong.length > 0) throw new StatusFilterError(`--status ${wrong.join(', ')}: not ${what} (use all, or a list of ${statuses.join(', ')})`);
  return statuses.filter((status) => parts.includes(status));
}

/** Parses `--status` of the report rows: `all`, or a comma-separated list of COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE. */
export function parseStatusFilter(value: string): readonly Compliance[] {
  return parseStatusList(value, ALL, 'a compliance type');
}

export function filterRows<R extends Pick<Row, 'compliance'>>(rows: readonly R[], statuses: readonly Compliance[]): R[] {
  return rows.filter((row) => statuses.includes(row.compliance));
}

export function describeFilter(statuses: readonly Compliance[]): string {
  return statuses.length === ALL.length ? 'all rows' : `${statuses.join(', ')} rows only (--status all shows every row)`;
}
