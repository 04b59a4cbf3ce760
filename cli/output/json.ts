import type { Row } from './row';
import { ROW_FIELDS } from './row';

/** The rows as JSON objects with every field, absent values as null, in ROW_FIELDS order. */
export function rowsJson(rows: readonly Row[]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(ROW_FIELDS.map((field) => [field, row[field] ?? null])));
}
