import { Command, CommanderError, Option } from 'commander';
import { DbauthError } from '../rules/kit';
import { jsonLogger } from '../rules/kit/runtime';
import { UsageError } from './errors';
import { evaluateEventFile, evaluationsJson } from './evaluate';
import { registerPackCommand } from './pack';
import { registerRemediateCommand } from './remediate';
import { registerCheckCommand } from './check';
import { ruleSummaries, rulesTable } from './rules';
import { toAsff } from './asff';
import { demoJson, demoReport, runDemo } from './demo';
import { complianceReport, rowsJson } from './report';
import { resolveRegions, scanAccount, scanExitCode } from './scan';
import { DEFAULT_AGGREGATOR, DEFAULT_PACK, needsAttention, organizationReport, organizationStatus } from './org-status';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';

const program = new Command('dbauth')
  .description('AWS Config rules for database authentication (Neptune, RDS, Aurora, DMS): evaluate, demo, scan and deploy helpers.')
  .showHelpAfterError('(run dbauth --help for usage)')
  .exitOverride();

const formatOption = (choices: string[] = ['table', 'json']) => new Option('--format <format>', 'output format').choices(choices).default('table');

program
  .command('evaluate')
  .description('Run a rule\'s Lambda handler on one Config rule event and print the evaluations it would put (nothing is sent).')
  .requiredOption('--rule <id>', 'rule id (see dbauth rules)')
  .requiredOption('--event <file>', 'Config rule event (JSON)')
  .option('--history <file>', 'GetResourceConfigHistory result that answers an oversized notification offline')
  .option('--profile <profile>', 'named profile, for events that read AWS (oversized without --history, scheduled)')
  .option('--verbose', 'write the handler\'s structured log lines to stderr')
  .action(async (options: { rule: string; event: string; history?: string; profile?: string; verbose?: boolean }) => {
    if (options.profile) process.env['AWS_PROFILE'] = options.profile;
    const evaluations = await evaluateEventFile({
      ...options,
      log: options.verbose ? { info: (m, f) => console.error(JSON.stringify({ message: m, ...f })), error: (m, f) => jsonLogger.error(m, f) } : undefined,
    });
    console.log(evaluationsJson(evaluations));
  });

program
  .command('rules')
  .description('List the rules of the pack.')
  .addOption(formatOption())
  .action((options: { format: string }) => {
    console.log(options.format === 'json' ? JSON.stringify(ruleSummaries(), null, 2) : rulesTable());
  });

program
  .command('demo')
  .description('Run every rule over the built-in demo account (simulated, no AWS account needed); --remediate also runs the runbooks.')
  .option('--remediate', 'run the runbook of every non-compliant resource of a fixable rule, then judge again (before → after)')
  .addOption(formatOption())
  .action(async (options: { remediate?: boolean; format: string }) => {
    const result = await runDemo({ remediate: options.remediate });
    console.log(options.format === 'json' ? JSON.stringify(demoJson(result), null, 2) : demoReport(result));
  });

program
  .command('scan')
  .description(
    'Judge a live account with the whole catalog, through the read-only Describe APIs. Exit 0 when nothing is non-compliant, 1 when something is, 2 on usage or credential errors.',
  )
  .option('--region <region...>', 'region(s) to scan, space- or comma-separated (default: AWS_REGION)')
  .option('--profile <profile>', 'named profile of the shared AWS config and credentials files')
  .option('--rules <ids>', 'comma-separated rule ids to run (default: all)')
  .addOption(formatOption(['table', 'json', 'asff']))
  .option('--quiet', 'no progress on stderr')
  .action(async (options: { region?: string[]; profile?: string; rules?: string; format: string; quiet?: boolean }) => {
    if (options.profile) process.env['AWS_PROFILE'] = options.profile;
    const regions = resolveRegions(options.region ?? []);
    const rows = await scanAccount({
      regions,
      rules: options.rules,
      onProgress: options.quiet ? undefined : (message) => console.error(`dbauth: ${message}`),
    });
    if (options.format === 'json') console.log(JSON.stringify(rowsJson(rows), null, 2));
    else if (options.format === 'asff') console.log(JSON.stringify(toAsff(rows), null, 2));
    else console.log(complianceReport(rows, { showRegion: regions.length > 1 }));
    process.exitCode = scanExitCode(rows);
  });

program
  .command('org-status')
  .description(
    "The organization's view, from the Config delegated-administrator account: the pack's deployment in each member account, rule compliance per account and region, and the non-compliant resources. Exit 1 when a deployment failed or a resource is non-compliant.",
  )
  .option('--region <region>', 'region of the aggregator and the organization conformance pack (default: AWS_REGION)')
  .option('--profile <profile>', 'named profile of the shared AWS config and credentials files')
  .option('--aggregator <name>', 'configuration aggregator name', DEFAULT_AGGREGATOR)
  .option('--pack <name>', 'organization conformance pack name', DEFAULT_PACK)
  .addOption(formatOption())
  .option('--quiet', 'no progress on stderr')
  .action(async (options: { region?: string; profile?: string; aggregator: string; pack: string; format: string; quiet?: boolean }) => {
    if (options.profile) process.env['AWS_PROFILE'] = options.profile;
    const [region] = resolveRegions(options.region ? [options.region] : []);
    const status = await organizationStatus(new ConfigServiceClient({ region, retryMode: 'adaptive', maxAttempts: 6 }), {
      aggregator: options.aggregator,
      pack: options.pack,
      onProgress: options.quiet ? undefined : (message) => console.error(`dbauth: ${message}`),
    });
    console.log(options.format === 'json' ? JSON.stringify(status, null, 2) : organizationReport(status));
    if (needsAttention(status)) process.exitCode = 1;
  });

registerPackCommand(program);
registerRemediateCommand(program);
registerCheckCommand(program);

async function main(argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`dbauth: ${message.split('\n')[0]}`);
    if (error instanceof UsageError || error instanceof DbauthError) return 2;
    return 1;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
