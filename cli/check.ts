import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CheckParameters } from '../rules/adapters';
import { checkExitCode, checkResources } from '../rules/adapters';
import type { Rule } from '../rules/kit';
import { parseParameters } from '../rules/kit';
import type { CheckRow } from './check-format';
import { checkCsv, checkHtml, checkJson, checkSummary, checkTable, parseCheckStatus, rowsOf } from './check-format';
import type { CheckStatus } from '../rules/adapters';
import type { CheckInput } from './check-input';
import { readCheckPaths } from './check-input';
import { toSarif } from './check-sarif';
import { FileError, UsageError } from './errors';
import { commandLine, describeFileError, emit, formatOption, outputDirOption } from './output';
import { selectRules } from './scan';
import { VERSION } from './version';

export interface CheckOptions {
  readonly rules?: string;
  /** "rule-id:Name=value" entries. */
  readonly parameters?: readonly string[];
  readonly exemptionTagKey?: string;
  readonly cwd?: string;
}

export interface CheckResult {
  readonly inputs: readonly CheckInput[];
  readonly rows: readonly CheckRow[];
  readonly rules: readonly Rule[];
}

/** Judges every template, plan and cloud assembly under `paths` with the catalog (or the chosen rules). */
export function runCheck(paths: readonly string[], options: CheckOptions = {}): CheckResult {
  const rules = selectRules(options.rules);
  const parameters = parseCheckParameters(rules, options.parameters ?? [], options.exemptionTagKey);
  const inputs = readCheckPaths(paths, options.cwd);
  const rows = inputs.flatMap((input) => rowsOf(input, checkResources(input.resources, rules, parameters)));
  return { inputs, rows, rules };
}

/** `--parameter neptune-cluster-backup-retention-check:minimumBackupRetentionPeriod=14`, parsed as Config would. */
export function parseCheckParameters(rules: readonly Rule[], entries: readonly string[], exemptionTagKey?: string): CheckParameters {
  const raw = new Map<string, Record<string, string>>();
  for (const entry of entries) {
    const match = /^([a-z0-9-]+):([A-Za-z][\w]*)=(.*)$/s.exec(entry);
    if (!match) throw new UsageError(`--parameter ${JSON.stringify(entry)}: expected rule-id:Name=value`);
    const [, ruleId = '', name = '', value = ''] = match;
    if (!rules.some((rule) => rule.id === ruleId)) throw new UsageError(`--parameter ${entry}: ${ruleId} is not a rule being checked`);
    raw.set(ruleId, { ...(raw.get(ruleId) ?? {}), [name]: value });
  }
  const parsed: Record<string, unknown> = {};
  for (const [ruleId, values] of raw) {
    const rule = rules.find((r) => r.id === ruleId) as Rule;
    try {
      parsed[ruleId] = parseParameters(rule.parameters, values).rule;
    } catch (error) {
      throw new UsageError(`--parameter for ${ruleId}: ${(error as Error).message}`, { cause: error });
    }
  }
  const key = exemptionTagKey?.trim();
  if (exemptionTagKey !== undefined && !key) throw new UsageError('--exemption-tag-key must not be empty');
  return { rules: parsed, ...(key ? { exemptionTagKey: key } : {}) };
}

/** The row formats of every command that prints results, but ASFF (findings of deployed resources), and SARIF. */
export const CHECK_FORMATS = ['table', 'json', 'csv', 'html', 'sarif'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface FormatCheckOptions {
  readonly strict?: boolean;
  readonly statuses?: readonly CheckStatus[];
  /** The HTML report's heading and what produced it: "dbauth check cdk.out --format html". */
  readonly title?: string;
  readonly command?: string;
  readonly now?: Date;
}

/**
 * The report in `format`. `statuses` picks the rows of the table, JSON, CSV and HTML (the table's default leaves
 * out the not-applicable verdicts; the others default to every row); SARIF reports what needs attention.
 */
export function formatCheck(result: CheckResult, format: CheckFormat, options: FormatCheckOptions = {}): string {
  const { statuses } = options;
  const rows = statuses ? result.rows.filter((row) => statuses.includes(row.status)) : result.rows;
  switch (format) {
    case 'table':
      return checkTable(result.inputs, result.rows, statuses ? { statuses } : {});
    case 'json':
      return checkJson(rows);
    case 'csv':
      return checkCsv(rows);
    case 'html':
      return checkHtml(rows, { title: options.title ?? 'dbauth check', command: options.command ?? 'dbauth check', generatedAt: options.now ?? new Date() });
    case 'sarif':
      return JSON.stringify(toSarif(result.rows, { rules: result.rules, strict: options.strict, toolVersion: VERSION }), null, 2);
  }
}

interface CommandOptions {
  format: CheckFormat;
  strict?: boolean;
  all?: boolean;
  status?: string;
  rules?: string;
  parameter?: string[];
  exemptionTagKey?: string;
  output?: string;
  outputDir?: string;
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description(
      'Judge CloudFormation templates (JSON or YAML), CDK cloud assemblies (cdk.out) and Terraform plans (terraform show -json) before deploy, ' +
        'with the same rules as the Config rules. Exit 0 when nothing is non-compliant, 1 when something is (or, with --strict, cannot be judged before deploy), 2 for unreadable input.',
    )
    .argument('<path...>', 'template or plan files, folders of them, or a cdk.out folder')
    .addOption(formatOption({ formats: CHECK_FORMATS }))
    .option('--strict', 'count a resource that cannot be judged before deploy (a value set at deploy) as non-compliant')
    .option('--status <list>', 'rows to show: all, or a comma-separated list of NON_COMPLIANT, UNKNOWN_BEFORE_DEPLOY, COMPLIANT, NOT_APPLICABLE (table default: all but NOT_APPLICABLE; json, csv and html: all; the table summary counts every row)')
    .option('--all', 'the same as --status all')
    .option('--rules <ids>', 'comma-separated rule ids to run (default: all)')
    .option('--parameter <rule:Name=value>', 'a rule parameter, as the Config rule takes it (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--exemption-tag-key <key>', 'tag key that exempts a resource (default dbauth:exempt)')
    .option('--output <file>', 'write the report to this file instead of stdout')
    .addOption(outputDirOption().conflicts('output'))
    .action((paths: string[], options: CommandOptions) => {
      const statuses = options.all ? parseCheckStatus('all') : options.status !== undefined ? parseCheckStatus(options.status) : undefined;
      const result = runCheck(paths, { rules: options.rules, parameters: options.parameter, exemptionTagKey: options.exemptionTagKey });
      const now = new Date();
      const report = formatCheck(result, options.format, {
        strict: options.strict,
        ...(statuses ? { statuses } : {}),
        title: `dbauth check: ${paths.join(', ')}`,
        command: commandLine(),
        now,
      });
      if (options.outputDir !== undefined) {
        emit(report.endsWith('\n') ? report : `${report}\n`, { format: options.format, command: 'check', outputDir: options.outputDir, now });
        console.error(`dbauth: ${checkSummary(result.inputs, result.rows)}`);
      } else if (options.output) {
        try {
          writeFileSync(options.output, report.endsWith('\n') ? report : `${report}\n`);
        } catch (error) {
          throw new FileError(`cannot write ${options.output}: ${describeFileError(error)}`, { cause: error });
        }
        console.error(`dbauth: ${checkSummary(result.inputs, result.rows)} (written to ${options.output})`);
      } else {
        console.log(report);
      }
      process.exitCode = checkExitCode(result.rows, options.strict);
    });
}
