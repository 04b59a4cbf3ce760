import { Command, CommanderError } from 'commander';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { jsonLogger } from '../rules/kit/runtime';
import { resolveRegions, useProfile } from './aws';
import { EXIT, recordCalls } from './errors';
import { evaluateEvent, evaluationRows, evaluationsJson } from './evaluate';
import { registerPackCommand } from './pack';
import { registerRemediateCommand } from './remediate';
import { registerCheckCommand } from './check';
import { ruleSummaries, rulesTable } from './rules';
import { DEMO_ACCOUNT, demoJson, demoReport, runDemo } from './demo';
import type { Row, RowFormat } from './output';
import { commandLine, emit, formatOption, outputDirOption, parseStatusFilter, renderRows, statusOption } from './output';
import { ScanIncompleteError, scanAccount, scanExitCode } from './scan';
import { DEFAULT_AGGREGATOR, DEFAULT_PACK, needsAttention, organizationReport, organizationRows, organizationStatus } from './org-status';
import { importFindings } from './security-hub';
import { VERSION } from './version';
import { retryingClientConfig } from '../rules/kit/clients';

const EXIT_CODES = 'Exit 0 when nothing is NON_COMPLIANT, 1 when something is, 2 when no complete answer could be given (bad input, credentials, permissions, network, throttling, partial results).';

const program = new Command('dbauth')
  .description('AWS Config rules for database authentication (Neptune, RDS, Aurora, DMS): evaluate, demo, scan and deploy helpers.')
  .version(VERSION, '-V, --version', 'print the version')
  .showHelpAfterError('(run dbauth --help for usage)')
  .exitOverride();

interface OutputOptions {
  readonly format: string;
  readonly status: string;
  readonly outputDir?: string;
}

/** Prints rows in the chosen format (or writes them under --output-dir). Each command sets its own exit code. */
function printRows(rows: readonly Row[], options: OutputOptions, context: { command: string; title: string }): void {
  const statuses = parseStatusFilter(options.status);
  emit(renderRows(rows, options.format as RowFormat, { ...context, statuses }), { format: options.format, command: context.command.split(' ')[1] ?? 'report', outputDir: options.outputDir });
}

program
  .command('evaluate')
  .description(
    "Run a rule's Lambda handler on one Config rule event and print what it would put (nothing is sent). --format json (the default) prints the Evaluations; the other formats print report rows. Exit 0 when the event was judged, 2 when it could not be.",
  )
  .requiredOption('--rule <id>', 'rule id (see dbauth rules)')
  .requiredOption('--event <file>', 'Config rule event (JSON)')
  .option('--history <file>', 'GetResourceConfigHistory result that answers an oversized notification offline')
  .option('--profile <profile>', 'named profile, for events that read AWS (oversized without --history, scheduled)')
  .option('--verbose', "write the handler's structured log lines to stderr")
  .addOption(formatOption({ default: 'json' }))
  .addOption(statusOption())
  .addOption(outputDirOption())
  .action(async (options: { rule: string; event: string; history?: string; profile?: string; verbose?: boolean } & OutputOptions) => {
    await useProfile(options.profile);
    const result = await evaluateEvent({
      ...options,
      log: options.verbose ? { info: (m, f) => console.error(JSON.stringify({ message: m, ...f })), error: (m, f) => jsonLogger.error(m, f) } : undefined,
    });
    if (options.format === 'json') {
      const statuses = parseStatusFilter(options.status);
      const shown = result.evaluations.filter((e) => statuses.includes(e.ComplianceType as Row['compliance']));
      emit(`${evaluationsJson(shown)}\n`, { format: 'json', command: 'evaluate', outputDir: options.outputDir });
    } else {
      printRows(evaluationRows(options.rule, result), options, { command: commandLine(), title: `dbauth evaluate: ${options.rule}` });
    }
  });

program
  .command('rules')
  .description('List the rules of the pack: what each checks, its parameters and defaults, its controls and how it is fixed.')
  .addOption(formatOption({ formats: ['table', 'json'] }))
  .action((options: { format: string }) => {
    console.log(options.format === 'json' ? JSON.stringify(ruleSummaries(), null, 2) : rulesTable());
  });

program
  .command('demo')
  .description(
    'Run every rule over the built-in demo account (simulated, no AWS account needed); --remediate also runs the runbooks. ' +
      'Shows the summary and the NON_COMPLIANT rows; --status all shows every row. The formats are those of scan, so this shows what a scan writes.',
  )
  .option('--remediate', 'run the runbook of every non-compliant resource of a fixable rule, then judge again (before → after)')
  .addOption(formatOption())
  .addOption(statusOption('NON_COMPLIANT'))
  .addOption(outputDirOption())
  .action(async (options: { remediate?: boolean } & OutputOptions) => {
    const result = await runDemo({ remediate: options.remediate });
    const statuses = parseStatusFilter(options.status);
    if (options.format === 'table' || (options.format === 'json' && options.remediate)) {
      const text = options.format === 'json' ? `${JSON.stringify(demoJson(result, statuses), null, 2)}\n` : `${demoReport(result, statuses)}\n`;
      emit(text, { format: options.format, command: 'demo', outputDir: options.outputDir });
      return;
    }
    printRows(result.after ?? result.before, options, { command: commandLine(), title: `dbauth demo: account ${DEMO_ACCOUNT}, simulated` });
  });

program
  .command('scan')
  .description(`Judge a live account with the whole catalog, through the read-only Describe APIs. ${EXIT_CODES}`)
  .option('--region <region...>', 'region(s) to scan, space- or comma-separated (default: AWS_REGION)')
  .option('--profile <profile>', 'named profile of the shared AWS config and credentials files')
  .option('--rules <ids>', 'comma-separated rule ids to run (default: all)')
  .addOption(formatOption())
  .addOption(statusOption())
  .addOption(outputDirOption())
  .option('--import-findings', 'also send the findings to Security Hub (BatchImportFindings, in each scanned region; NOT_APPLICABLE rows are not sent)')
  .option('--quiet', 'no progress on stderr')
  .action(
    async (options: { region?: string[]; profile?: string; rules?: string; quiet?: boolean; importFindings?: boolean } & OutputOptions) => {
      parseStatusFilter(options.status);
      const regions = resolveRegions(options.region ?? []);
      await useProfile(options.profile);
      const onProgress = options.quiet ? undefined : (message: string) => console.error(`dbauth: ${message}`);
      const context = { command: commandLine(), title: `dbauth scan: ${regions.join(', ')}` };
      let rows: Row[];
      try {
        rows = await scanAccount({ regions, rules: options.rules, onProgress });
      } catch (error) {
        // Print what was judged, then fail: a region that could not be read proves nothing.
        if (error instanceof ScanIncompleteError && error.rows.length > 0) printRows(error.rows, options, context);
        throw error;
      }
      printRows(rows, options, context);
      if (options.importFindings) await importFindings(rows, { onProgress, configure: recordCalls });
      process.exitCode = scanExitCode(rows);
    },
  );

program
  .command('org-status')
  .description(
    "The organization's view, from the Config delegated-administrator account: the pack's deployment in each member account, rule compliance per account and region, and the non-compliant resources. " +
      'The table shows all three; json the whole status; csv, html and asff the non-compliant resources as report rows. Exit 1 when a deployment failed or a resource is non-compliant, 2 when no complete answer could be given.',
  )
  .option('--region <region>', 'region of the aggregator and the organization conformance pack (default: AWS_REGION)')
  .option('--profile <profile>', 'named profile of the shared AWS config and credentials files')
  .option('--aggregator <name>', 'configuration aggregator name', DEFAULT_AGGREGATOR)
  .option('--pack <name>', 'organization conformance pack name', DEFAULT_PACK)
  .addOption(formatOption())
  .addOption(statusOption())
  .addOption(outputDirOption())
  .option('--quiet', 'no progress on stderr')
  .action(async (options: { region?: string; profile?: string; aggregator: string; pack: string; quiet?: boolean } & OutputOptions) => {
    parseStatusFilter(options.status);
    const [region] = resolveRegions(options.region ? [options.region] : []);
    await useProfile(options.profile);
    const config = new ConfigServiceClient(retryingClientConfig(region));
    recordCalls(config);
    const status = await organizationStatus(config, {
      aggregator: options.aggregator,
      pack: options.pack,
      region,
      onProgress: options.quiet ? undefined : (message) => console.error(`dbauth: ${message}`),
    });
    if (options.format === 'table' || options.format === 'json') {
      const text = options.format === 'json' ? JSON.stringify(status, null, 2) : organizationReport(status);
      emit(`${text}\n`, { format: options.format, command: 'org-status', outputDir: options.outputDir });
    } else {
      printRows(organizationRows(status), options, { command: commandLine(), title: `dbauth org-status: ${options.pack}` });
    }
    process.exitCode = needsAttention(status) ? EXIT.NON_COMPLIANT : EXIT.COMPLIANT;
  });

registerPackCommand(program);
registerRemediateCommand(program);
registerCheckCommand(program);

/** Runs the CLI; never lets an error end in exit 1, which means "something is NON_COMPLIANT". */
async function main(argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.COMPLIANT;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      return error.exitCode === 0 ? EXIT.COMPLIANT : EXIT.INCOMPLETE;
    }
    if (error instanceof ScanIncompleteError) {
      for (const failure of error.failures) console.error(`dbauth: ${oneLine(failure)}`);
    } else {
      console.error(`dbauth: ${oneLine(error)}`);
    }
    if (process.env['DBAUTH_DEBUG'] && error instanceof Error) console.error(error.stack);
    return EXIT.INCOMPLETE;
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
