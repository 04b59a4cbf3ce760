import type { Row } from './row';
import { ROW_FIELDS } from './row';

/**
 * A spreadsheet may run a cell that starts with one of these as a formula (CSV injection): such cells get a
 * leading apostrophe. Tag values (exemption reasons) are free text that anyone who may tag a database writes.
 */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: string | readonly string[] | undefined): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : value.join(' ');
  const safe = FORMULA.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV: a header line of the row fields, one line per row, CRLF line ends; controls space-separated. */
export function rowsCsv(rows: readonly Row[]): string {
  const lines = [ROW_FIELDS.join(','), ...rows.map((row) => ROW_FIELDS.map((field) => cell(row[field])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
