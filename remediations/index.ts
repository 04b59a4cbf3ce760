/**
 * The remediation runbooks: one SSM Automation document per fixable rule, `remediations/<rule-id>.yaml`.
 *
 * `runbooks` is what the CDK app turns into AWS::SSM::Document resources (content), remediation
 * configurations (RESOURCE_ID → resourceIdParameter) and the remediation role (apiCalls → iamAction);
 * `runRunbook` executes one against a simulated account, for tests and `dbauth demo --remediate`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SimulatedAccount } from '../sim/account';
import { iamActionFor, isAutomationService } from './services';
import type { AutomationService } from './services';
import { runAutomation, virtualClock } from './runner';
import type { AutomationDocument, AutomationResult, OutputType, RunnerOptions } from './runner';

export type RemediableRuleId =
  | 'neptune-cluster-iam-database-authentication'
  | 'rds-instance-iam-authentication-enabled'
  | 'rds-cluster-iam-authentication-enabled'
  | 'dms-neptune-iam-authorization-enabled'
  | 'neptune-cluster-cloudwatch-log-export-enabled'
  | 'neptune-cluster-snapshot-public-prohibited'
  | 'neptune-cluster-deletion-protection-enabled'
  | 'neptune-cluster-backup-retention-check'
  | 'neptune-cluster-copy-tags-to-snapshot-enabled';

export type RunbookResourceType = 'AWS::RDS::DBCluster' | 'AWS::RDS::DBInstance' | 'AWS::RDS::DBClusterSnapshot' | 'AWS::DMS::Endpoint';

export interface RunbookParameter {
  name: string;
  type: OutputType;
  default?: unknown;
  allowedPattern: string;
  description: string;
}

export interface RunbookApiCall {
  /** SSM's service name (boto3 client name). */
  service: AutomationService;
  api: string;
  /** The IAM action the remediation role needs for it (Neptune's API is authorized with `rds:`). */
  iamAction: string;
}

export interface Runbook {
  ruleId: RemediableRuleId;
  resourceType: RunbookResourceType;
  fileName: string;
  /** The SSM document name to create it under. */
  documentName: string;
  /** The parameter that receives the Config RESOURCE_ID. */
  resourceIdParameter: string;
  parameters: RunbookParameter[];
  content: AutomationDocument;
  text: string;
  apiCalls: RunbookApiCall[];
}

export class RunbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunbookError';
  }
}

const index: readonly { ruleId: RemediableRuleId; resourceType: RunbookResourceType; resourceIdParameter: string }[] = [
  { ruleId: 'neptune-cluster-iam-database-authentication', resourceType: 'AWS::RDS::DBCluster', resourceIdParameter: 'DbClusterResourceId' },
  { ruleId: 'rds-instance-iam-authentication-enabled', resourceType: 'AWS::RDS::DBInstance', resourceIdParameter: 'DbiResourceId' },
  { ruleId: 'rds-cluster-iam-authentication-enabled', resourceType: 'AWS::RDS::DBCluster', resourceIdParameter: 'DbClusterResourceId' },
  { ruleId: 'dms-neptune-iam-authorization-enabled', resourceType: 'AWS::DMS::Endpoint', resourceIdParameter: 'EndpointArnOrIdentifier' },
  { ruleId: 'neptune-cluster-cloudwatch-log-export-enabled', resourceType: 'AWS::RDS::DBCluster', resourceIdParameter: 'DbClusterResourceId' },
  {
    ruleId: 'neptune-cluster-snapshot-public-prohibited',
    resourceType: 'AWS::RDS::DBClusterSnapshot',
    resourceIdParameter: 'DbClusterSnapshotIdentifier',
  },
  { ruleId: 'neptune-cluster-deletion-protection-enabled', resourceType: 'AWS::RDS::DBCluster', resourceIdParameter: 'DbClusterResourceId' },
  { ruleId: 'neptune-cluster-backup-retention-check', resourceType: 'AWS::RDS::DBCluster', resourceIdParameter: 'DbClusterResourceId' },
  { ruleId: 'neptune-cluster-copy-tags-to-snapshot-enabled', resourceType: 'AWS::RDS::DBCluster', resourceIdParameter: 'DbClusterResourceId' },
];

/** The steps whose action calls an AWS API, in document order, each (service, api) once. */
function apiCallsOf(document: AutomationDocument, fileName: string): RunbookApiCall[] {
  const calls: RunbookApiCall[] = [];
  for (const step of document.mainSteps) {
    const service = step.inputs.Service;
    const api = step.inputs.Api;
    if (service === undefined && api === undefined) continue;
    if (typeof service !== 'string' || !isAutomationService(service) || typeof api !== 'string') {
      throw new RunbookError(`${fileName}: step ${step.name} calls an unknown service ${String(service)}`);
    }
    if (!calls.some((c) => c.service === service && c.api === api)) calls.push({ service, api, iamAction: iamActionFor(service, api) });
  }
  return calls;
}

function loadRunbook(entry: (typeof index)[number]): Runbook {
  const fileName = `${entry.ruleId}.yaml`;
  const text = readFileSync(join(__dirname, fileName), 'utf8');
  const content = parse(text) as AutomationDocument;
  const parameters: RunbookParameter[] = Object.entries(content.parameters ?? {}).map(([name, definition]) => {
    if (definition.allowedPattern === undefined) throw new RunbookError(`${fileName}: parameter ${name} has no allowedPattern`);
    return {
      name,
      type: definition.type,
      ...(definition.default !== undefined ? { default: definition.default } : {}),
      allowedPattern: definition.allowedPattern,
      description: definition.description ?? '',
    };
  });
  if (!parameters.some((p) => p.name === entry.resourceIdParameter)) {
    throw new RunbookError(`${fileName}: no parameter ${entry.resourceIdParameter}`);
  }
  return {
    ...entry,
    fileName,
    documentName: `DbAuth-${entry.ruleId}`,
    parameters,
    content,
    text,
    apiCalls: apiCallsOf(content, fileName),
  };
}

export const runbooks: readonly Runbook[] = index.map(loadRunbook);

export function runbookFor(ruleId: string): Runbook | undefined {
  return runbooks.find((r) => r.ruleId === ruleId);
}

// ---- running a runbook against a simulated account -------------------------------------------------

/**
 * What a run came to, from the steps it ran: every runbook ends in ReportRemediated, ReportScheduled or
 * ReportAlreadyCompliant when it succeeds, and refuses in an Assert or Refuse step before changing anything.
 */
export type RunbookOutcome = 'remediated' | 'scheduled' | 'already-compliant' | 'refused' | 'failed';

export interface RunbookRun extends AutomationResult {
  ruleId: RemediableRuleId;
  resourceId: string;
  outcome: RunbookOutcome;
  /** The description of the step that failed: for a refusal, why and what to do. */
  explanation?: string;
}

export interface RunRunbookParameters {
  resourceId: string;
  AutomationAssumeRole?: string;
  [parameter: string]: unknown;
}

function outcomeOf(result: AutomationResult): RunbookOutcome {
  const succeeded = (name: string): boolean => result.stepResults.some((s) => s.name === name && s.status === 'Success');
  if (result.status === 'Success') {
    if (succeeded('ReportRemediated')) return 'remediated';
    if (succeeded('ReportScheduled')) return 'scheduled';
    if (succeeded('ReportAlreadyCompliant')) return 'already-compliant';
    return 'failed';
  }
  const failed = result.failedStep ?? '';
  return failed.startsWith('Refuse') || failed.startsWith('Assert') ? 'refused' : 'failed';
}

/**
 * Runs the runbook of `ruleId` for one resource of `account`, through the account's SDK clients, on a
 * virtual clock (waits are instant). Invalid parameters are a failed run that says which, as SSM refuses
 * to start such an execution.
 */
export async function runRunbook(
  ruleId: string,
  parameters: RunRunbookParameters,
  account: SimulatedAccount,
  options: Partial<Pick<RunnerOptions, 'clock' | 'pollIntervalSeconds'>> = {},
): Promise<RunbookRun> {
  const runbook = runbookFor(ruleId);
  if (!runbook) throw new RunbookError(`no runbook for rule ${ruleId}`);
  const { resourceId, ...rest } = parameters;
  const given: Record<string, unknown> = {
    AutomationAssumeRole: `arn:${account.partition}:iam::${account.accountId}:role/dbauth-remediation`,
    ...rest,
    [runbook.resourceIdParameter]: resourceId,
  };
  const base = { ruleId: runbook.ruleId, resourceId };
  let result: AutomationResult;
  try {
    result = await runAutomation(runbook.content, given, {
      clients: { rds: account.rdsClient(), neptune: account.neptuneClient(), dms: account.dmsClient() },
      clock: options.clock ?? virtualClock(),
      pollIntervalSeconds: options.pollIntervalSeconds ?? 10,
      globals: { accountId: account.accountId, region: account.region, partition: account.partition },
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'AutomationParameterError') {
      return { ...base, status: 'Failed', outputs: {}, stepResults: [], failureMessage: error.message, outcome: 'refused' };
    }
    throw error;
  }
  const explanation = result.failedStep ? runbook.content.mainSteps.find((s) => s.name === result.failedStep)?.description : undefined;
  return { ...base, ...result, outcome: outcomeOf(result), ...(explanation ? { explanation: explanation.trim() } : {}) };
}
