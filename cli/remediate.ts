/**
 * `dbauth remediate`: runs one rule's runbook for one resource against a live account, through the local
 * Automation runner and the AWS SDK clients (credentials from the standard chain or --profile; the SDK
 * honours AWS_ENDPOINT_URL). The runbook itself decides: it refuses exempt, unsupported or busy
 * resources, ends early when nothing needs to change, and verifies the change.
 *
 * `--plan` runs the read and guard steps only. Every call whose operation does not start with Describe,
 * List or Get is refused before it is sent (PlanStopError), so a plan cannot change anything whatever the
 * runbook says; the plan reports the call the runbook would have made.
 */
import type { Command } from 'commander';
import { RDSClient } from '@aws-sdk/client-rds';
import { NeptuneClient } from '@aws-sdk/client-neptune';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { automateRunbook, failedStepExplanation, outcomeOf, runbookFor, runbooks } from '../remediations';
import type { Runbook } from '../remediations';
import type { AutomationResult, Clock, CommandSender } from '../remediations/runner';
import { partitionOf, retryingClientConfig } from '../rules/kit/clients';
import { DbauthError } from '../rules/kit';
import { useProfile } from './aws';
import { UsageError, explainAwsError, recordCalls } from './errors';
import { formatOption } from './output';
import { callerAccount, resolveRegions } from './scan';

export type RemediationOutcome = 'remediated' | 'scheduled' | 'already-compliant' | 'would-change' | 'refused' | 'failed';

/** An SDK v3 client (or anything with `send`) per SSM service name. */
export interface RemediationClients {
  rds: CommandSender;
  neptune: CommandSender;
  dms: CommandSender;
}

export interface PlannedCall {
  service: string;
  api: string;
  input: unknown;
}

export interface RemediateRequest {
  ruleId: string;
  resourceId: string;
  plan: boolean;
  clients: RemediationClients;
  accountId: string;
  region: string;
  /** Other runbook parameters, by name (AutomationAssumeRole defaults to the account's remediation role). */
  parameters?: Record<string, string>;
  clock?: Clock;
  pollIntervalSeconds?: number;
}

export interface RemediationReport {
  ruleId: string;
  resourceId: string;
  plan: boolean;
  outcome: RemediationOutcome;
  /** The steps that ran, in order. */
  steps: { name: string; status: string; message?: string; critical: boolean }[];
  failedStep?: string;
  /** For a refusal or failure: the failing step's description (why, what to do) and the error. */
  explanation?: string;
  failureMessage?: string;
  /** In a plan: the changes the runbook would have made, none of them sent. */
  wouldCall: PlannedCall[];
  outputs: Record<string, unknown>;
}

/** A call refused during a plan because it could change something. */
export class PlanStopError extends Error {
  constructor(readonly call: PlannedCall) {
    super(`plan: ${call.service} ${call.api} would change the resource; not sent`);
    this.name = 'PlanStopError';
  }
}

export class RemediateError extends DbauthError {}

const READ_ONLY = /^(Describe|List|Get)[A-Z]/;

/** The operation a SDK v3 command calls: `ModifyDBClusterCommand` → `ModifyDBCluster`. */
function operationOf(command: unknown): string {
  const name = (command as { constructor?: { name?: string } }).constructor?.name ?? '';
  return name.replace(/Command$/, '');
}

/** Wraps a client so that only read operations reach it; the others are recorded and refused. */
export function readOnlyClient(service: string, client: CommandSender, recorded: PlannedCall[]): CommandSender {
  return {
    send(command: never): Promise<unknown> {
      const api = operationOf(command);
      if (!READ_ONLY.test(api)) {
        const call = { service, api, input: (command as { input?: unknown }).input };
        recorded.push(call);
        return Promise.reject(new PlanStopError(call));
      }
      return client.send(command);
    },
  };
}

function remediationOutcome(result: AutomationResult, plan: boolean, wouldCall: readonly PlannedCall[]): RemediationOutcome {
  return plan && wouldCall.length > 0 ? 'would-change' : outcomeOf(result);
}

/**
 * Runs `runbook` with `clients` as a remediation runs it (automateRunbook), and reports it for the CLI. In a
 * plan the clients are wrapped read-only; a refused parameter is a usage error.
 */
export async function runRunbookWith(runbook: Runbook, request: RemediateRequest): Promise<RemediationReport> {
  const wouldCall: PlannedCall[] = [];
  const clients: Record<string, CommandSender> = { ...request.clients };
  if (request.plan) for (const [service, client] of Object.entries(clients)) clients[service] = readOnlyClient(service, client, wouldCall);
  let result: AutomationResult;
  try {
    result = await automateRunbook(runbook, request.resourceId, request.parameters ?? {}, {
      clientFor: (service) => clients[service],
      accountId: request.accountId,
      region: request.region,
      partition: partitionOf(request.region),
      ...(request.clock ? { clock: request.clock } : {}),
      ...(request.pollIntervalSeconds !== undefined ? { pollIntervalSeconds: request.pollIntervalSeconds } : {}),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'AutomationParameterError') throw new UsageError(error.message, { cause: error });
    throw error;
  }
  const explanation = failedStepExplanation(runbook, result);
  return {
    ruleId: runbook.ruleId,
    resourceId: request.resourceId,
    plan: request.plan,
    outcome: remediationOutcome(result, request.plan, wouldCall),
    steps: result.stepResults.map((s) => ({
      name: s.name,
      status: s.status,
      critical: runbook.content.mainSteps.find((step) => step.name === s.name)?.isCritical !== false,
      ...(s.failureMessage ? { message: s.failureMessage } : {}),
    })),
    ...(result.failedStep ? { failedStep: result.failedStep } : {}),
    ...(explanation ? { explanation } : {}),
    ...(result.failureMessage ? { failureMessage: result.failureMessage } : {}),
    wouldCall,
    outputs: result.outputs,
  };
}

export function remediableRuleIds(): string[] {
  return runbooks.map((r) => r.ruleId);
}

/** The runbook of a rule; a rule without one is a usage error that lists the fixable ones. */
function fixableRunbook(ruleId: string): Runbook {
  const runbook = runbookFor(ruleId);
  if (!runbook) throw new UsageError(`rule ${ruleId} has no runbook; the fixable rules are: ${remediableRuleIds().join(', ')}`);
  return runbook;
}

/** Runs the runbook of `request.ruleId`; an unknown rule is a usage error that lists the fixable ones. */
export async function remediate(request: RemediateRequest): Promise<RemediationReport> {
  return runRunbookWith(fixableRunbook(request.ruleId), request);
}

/** 0 remediated, scheduled, already compliant or (plan) would change; 1 refused; 2 failed. */
export function remediateExitCode(report: RemediationReport): 0 | 1 | 2 {
  if (report.outcome === 'refused') return 1;
  if (report.outcome === 'failed') return 2;
  return 0;
}

const OUTCOME_TEXT: Record<RemediationOutcome, string> = {
  remediated: 'remediated: the change was made and verified',
  scheduled: 'scheduled: the change is pending until the next maintenance window',
  'already-compliant': 'already compliant: nothing was changed',
  'would-change': 'plan: the runbook would make the change below (nothing was sent)',
  refused: 'refused: nothing was changed',
  failed: 'failed',
};

export function remediationText(report: RemediationReport): string {
  const lines = [`${report.ruleId} on ${report.resourceId}${report.plan ? ' (plan)' : ''}`];
  for (const step of report.steps) {
    const mark = step.status === 'Success' ? 'ok  ' : step.message?.includes('PlanStopError') ? 'stop' : step.critical ? 'FAIL' : 'fail';
    const note = step.status === 'Success' || !step.message ? '' : `: ${step.message}${step.critical ? '' : ' (not critical: the runbook goes on)'}`;
    lines.push(`  ${mark} ${step.name}${note}`);
  }
  lines.push(OUTCOME_TEXT[report.outcome]);
  for (const call of report.wouldCall) lines.push(`  would call ${call.service} ${call.api} ${JSON.stringify(call.input)}`);
  if (report.outcome === 'refused' || report.outcome === 'failed') {
    if (report.explanation) lines.push(`  why: ${report.explanation.replace(/\s+/g, ' ')}`);
    if (report.failureMessage) lines.push(`  ${report.failureMessage}`);
  }
  return lines.join('\n');
}

/** SDK clients for a live account (the standard credential chain; --profile is selected by useProfile), naming the failed call. */
export function liveClients(region: string): RemediationClients {
  const options = retryingClientConfig(region);
  const clients = { rds: new RDSClient(options), neptune: new NeptuneClient(options), dms: new DatabaseMigrationServiceClient(options) };
  Object.values(clients).forEach(recordCalls);
  return clients;
}

const PERMISSIONS = 'sts:GetCallerIdentity and the runbook\'s own actions (see the remediation role in the deployed stack)';

function parseParameters(list: readonly string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const item of list) {
    const match = /^([A-Za-z0-9]+)=(.*)$/s.exec(item);
    if (!match?.[1]) throw new UsageError(`--parameter takes Name=Value, got ${item}`);
    parameters[match[1]] = match[2] ?? '';
  }
  return parameters;
}

interface RemediateCommandOptions {
  rule: string;
  resource: string;
  region?: string;
  profile?: string;
  plan?: boolean;
  parameter?: string[];
  format: string;
}

export function registerRemediateCommand(program: Command): void {
  program
    .command('remediate')
    .description(
      "Run a rule's runbook for one resource against a live account, from this machine (the local Automation runner with your credentials, not SSM). Exit 0 when remediated or already compliant, 1 when the runbook refused, 2 on errors.",
    )
    .requiredOption('--rule <id>', `fixable rule id: ${remediableRuleIds().join(', ')}`)
    .requiredOption('--resource <id>', 'the resource id as AWS Config reports it (cluster-…, db-…, a snapshot identifier, an endpoint ARN)')
    .option('--region <region>', 'region of the resource (default: AWS_REGION)')
    .option('--profile <profile>', 'named profile of the shared AWS config and credentials files')
    .option('--plan', 'run only the read and guard steps and print what would change; no call other than Describe*, List* or Get* is sent')
    .option('--parameter <Name=Value...>', 'another runbook parameter, e.g. BackupRetentionPeriod=14 (repeatable)')
    .addOption(formatOption({ formats: ['table', 'json'] }))
    .action(async (options: RemediateCommandOptions) => {
      const [region] = resolveRegions(options.region ? [options.region] : []);
      if (region === undefined) throw new UsageError('no region: pass --region or set AWS_REGION');
      fixableRunbook(options.rule); // before any AWS call
      const parameters = parseParameters(options.parameter ?? []);
      await useProfile(options.profile);
      const accountId = await callerAccount(region, { configure: recordCalls }, PERMISSIONS);
      let report: RemediationReport;
      try {
        report = await remediate({
          ruleId: options.rule,
          resourceId: options.resource,
          plan: options.plan === true,
          clients: liveClients(region),
          accountId,
          region,
          parameters,
        });
      } catch (error) {
        const explained = explainAwsError(error, `in ${region}`, PERMISSIONS);
        if (explained instanceof DbauthError) throw explained;
        throw new RemediateError(explained instanceof Error ? explained.message : String(explained), { cause: error });
      }
      console.log(options.format === 'json' ? JSON.stringify(report, null, 2) : remediationText(report));
      process.exitCode = remediateExitCode(report);
    });
}
