/**
 * The output layer of every command that prints results: rows (see `Row`), a --status filter, the formats,
 * and --output-dir. Commands build rows; this module decides nothing about where they came from.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import { FileError } from '../errors';
import { toAsff } from './asff';
import { rowsCsv, toCsv } from './csv';
import { rowsHtml } from './html';
import { rowsJson } from './json';
import type { Compliance, Row } from './row';
import { describeFilter, filterRows } from './status';
import { rowsTable } from './table';

export type { Compliance, Row, Severity, Summary } from './row';
export { ROW_FIELDS, displayName, summarize, whereOf } from './row';
export { filterRows, parseStatusFilter, parseStatusList, StatusFilterError } from './status';
export { toRow, fixOf } from './from-rule';
export type { JudgedResource, Where } from './from-rule';
export { CONTROLS, controlTitle } from './controls';
export type { Control } from './controls';
export { toAsff } from './asff';
export type { AsffFinding } from './asff';
export { rowsCsv, rowsHtml, rowsJson, rowsTable, toCsv };
export type { CsvValue } from './csv';
export { controlSummary, escapeHtml, reportHtml } from './html';
export type { HtmlColumn, HtmlOptions, HtmlReport, HtmlStatus, HtmlSummary } from './html';
export { table } from './table-text';

export const ROW_FORMATS = ['table', 'json', 'csv', 'html', 'asff'] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

const EXTENSIONS: Readonly<Record<string, string>> = { table: 'txt', json: 'json', csv: 'csv', html: 'html', asff: 'json', sarif: 'sarif' };

export interface RenderContext {
  /** For the report's heading: "dbauth scan --region us-east-1". */
  readonly command: string;
  readonly title: string;
  /** The statuses to show; the table's summary still counts every row. */
  readonly statuses: readonly Compliance[];
  readonly now?: Date;
}

/** The rows in one format, filtered by --status first (the table's summary still counts every row). */
export function renderRows(rows: readonly Row[], format: RowFormat, context: RenderContext): string {
  const shown = filterRows(rows, context.statuses);
  const now = context.now ?? new Date();
  switch (format) {
    case 'table':
      return `${rowsTable(shown, { allRows: rows, note: `Showing ${describeFilter(context.statuses)}.` })}\n`;
    case 'json':
      return `${JSON.stringify(rowsJson(shown), null, 2)}\n`;
    case 'csv':
      return rowsCsv(shown);
    case 'html':
      return rowsHtml(shown, { title: context.title, command: context.command, generatedAt: now });
    case 'asff':
      return `${JSON.stringify(toAsff(shown, now), null, 2)}\n`;
  }
}

/** `--format`: the row formats for every command that prints rows, unless a command has rows of its own (check). */
export function formatOption(options: { formats?: readonly string[]; default?: string } = {}): Option {
  return new Option('--format <format>', 'output format').choices(options.formats ?? ROW_FORMATS).default(options.default ?? 'table');
}

export function statusOption(defaultValue = 'all'): Option {
  return new Option(
    '--status <list>',
    `rows to show: all, or a comma-separated list of NON_COMPLIANT, COMPLIANT, NOT_APPLICABLE (the table's summary counts every row)`,
  ).default(defaultValue);
}

export function outputDirOption(): Option {
  return new Option('--output-dir <dir>', 'write the output to a timestamped file in this folder (created if missing) instead of stdout');
}

/** The command line as typed, for a report's heading: "dbauth scan --region us-east-1". */
export function commandLine(argv: readonly string[] = process.argv): string {
  return ['dbauth', ...argv.slice(2)].join(' ');
}

/** `dbauth-scan-20260102T030405Z.html`: sorts by time; one report a command and second. */
export function reportFileName(command: string, format: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `dbauth-${command}-${stamp}.${EXTENSIONS[format] ?? 'txt'}`;
}

/**
 * Prints the text, or writes it to a timestamped file under `outputDir` and says where on stderr. Returns
 * the file's path when one was written.
 */
export function emit(text: string, options: { format: string; command: string; outputDir?: string; now?: Date }): string | undefined {
  if (options.outputDir === undefined) {
    process.stdout.write(text);
    return undefined;
  }
  const path = join(options.outputDir, reportFileName(options.command, options.format, options.now ?? new Date()));
  try {
    mkdirSync(options.outputDir, { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new FileError(`cannot write the report to ${path}: ${describeFileError(error)}`, { cause: error });
  }
  console.error(`dbauth: wrote ${path}`);
  return path;
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'a file of that name is in the way',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/** An fs error in words: "no such file or folder", not ENOENT. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && FILE_ERRORS[code]) ?? (error instanceof Error ? error.message : String(error));
}
