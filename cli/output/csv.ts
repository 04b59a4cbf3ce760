import type { Row } from './row';
import { ROW_FIELDS } from './row';

/**
 * A spreadsheet may run a cell that starts with one of these as a formula (CSV injection): such cells get a
 * leading apostrophe. Tag values (exemption reasons) are free text that anyone who may tag a database writes,
 * and a checked template's file names and values are whatever its author wrote.
 */
const FORMULA = /^[=+\-@\t\r]/;

/** A cell's value: text, a list (space-separated), or nothing (an empty cell). */
export type CsvValue = string | readonly string[] | undefined;

function cell(value: CsvValue): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : value.join(' ');
  const safe = FORMULA.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV: a header line, one line per record, CRLF line ends; formula-like cells defused. */
export function toCsv(header: readonly string[], records: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...records].map((record) => record.map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The rows with a column per row field; controls space-separated. */
export function rowsCsv(rows: readonly Row[]): string {
  return toCsv(
    ROW_FIELDS,
    rows.map((row) => ROW_FIELDS.map((field) => row[field])),
  );
}
