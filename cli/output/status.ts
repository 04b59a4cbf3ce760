import { UsageError } from '../errors';
import type { Compliance, Row } from './row';

const ALL: readonly Compliance[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];

/** A --status value that is not a compliance type. */
export class StatusFilterError extends UsageError {}

/**
 * Parses `--status`: `all`, or a comma-separated list of COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE (any case,
 * `-` or `_`). Returns the statuses to show.
 */
export function parseStatusFilter(value: string): readonly Compliance[] {
  const parts = value
    .split(',')
    .map((part) => part.trim().toUpperCase().replace(/-/g, '_'))
    .filter((part) => part !== '');
  if (parts.length === 0) throw new StatusFilterError('--status needs a value: all, or a comma-separated list of COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE');
  if (parts.includes('ALL')) return ALL;
  const wrong = parts.filter((part) => !(ALL as readonly string[]).includes(part));
  if (wrong.length > 0) throw new StatusFilterError(`--status ${wrong.join(', ')}: not a compliance type (use all, or a list of ${ALL.join(', ')})`);
  return ALL.filter((status) => parts.includes(status));
}

export function filterRows<R extends Pick<Row, 'compliance'>>(rows: readonly R[], statuses: readonly Compliance[]): R[] {
  return rows.filter((row) => statuses.includes(row.compliance));
}

export function describeFilter(statuses: readonly Compliance[]): string {
  return statuses.length === ALL.length ? 'all rows' : `${statuses.join(', ')} rows only (--status all shows every row)`;
}
