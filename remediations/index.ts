/**
 * The remediation runbooks: one SSM Automation document per fixable rule, `remediations/<document>.yaml`.
 *
 * The catalog owns the list: a rule whose `fix.runbook` names a document has that runbook, whose
 * `resourceIdParameter` takes the Config RESOURCE_ID. `runbooks` is what the CDK app turns into
 * AWS::SSM::Document resources, remediation configurations and the remediation role (apiCalls → iamAction);
 * `runRunbook` executes one through any SDK clients the caller gives (a factory), for tests, the demo and
 * the CLI. Nothing here knows where the clients send their calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CATALOG } from '../rules/catalog';
import type { RunbookFix } from '../rules/kit/rule';
import { iamActionFor, isAutomationService } from './services';
import type { AutomationService } from './services';
import { realClock, runAutomation, validateDocument, virtualClock } from './runner';
import type { AutomationDocument, AutomationResult, ClientFactory, OutputType, RunnerOptions } from './runner';

/** The id of a rule that has a runbook (any catalog rule whose fix names one). */
export type RemediableRuleId = string;

export type RunbookResourceType = string;

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

interface RegistryEntry {
  ruleId: string;
  resourceType: string;
  fix: RunbookFix;
}

/** Every rule of the catalog whose fix is a runbook: the one list of fixable rules. */
export function fixableRules(): RegistryEntry[] {
  return CATALOG.flatMap((rule) => (rule.fix.runbook ? [{ ruleId: rule.id, resourceType: rule.kind.type, fix: rule.fix.runbook }] : []));
}

/** A parameter's allowed values as a pattern (an Integer parameter takes allowedValues, not allowedPattern). */
function patternOf(name: string, fileName: string, allowedPattern: string | undefined, allowedValues: unknown[] | undefined): string {
  if (allowedPattern !== undefined) return allowedPattern;
  if (allowedValues && allowedValues.length > 0) return `^(?:${allowedValues.map((v) => String(v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
  throw new RunbookError(`${fileName}: parameter ${name} has neither allowedPattern nor allowedValues`);
}

function loadRunbook(entry: RegistryEntry): Runbook {
  const fileName = `${entry.fix.document}.yaml`;
  const text = readFileSync(join(__dirname, fileName), 'utf8');
  let content: AutomationDocument;
  try {
    content = validateDocument(parse(text));
  } catch (error) {
    throw new RunbookError(`${fileName}: ${(error as Error).message}`);
  }
  const parameters: RunbookParameter[] = Object.entries(content.parameters ?? {}).map(([name, definition]) => ({
    name,
    type: definition.type,
    ...(definition.default !== undefined ? { default: definition.default } : {}),
    allowedPattern: patternOf(name, fileName, definition.allowedPattern, definition.allowedValues),
    description: definition.description ?? '',
  }));
  if (!parameters.some((p) => p.name === entry.fix.resourceIdParameter)) {
    throw new RunbookError(`${fileName}: no parameter ${entry.fix.resourceIdParameter}`);
  }
  return {
    ruleId: entry.ruleId,
    resourceType: entry.resourceType,
    resourceIdParameter: entry.fix.resourceIdParameter,
    fileName,
    documentName: `DbAuth-${entry.fix.document}`,
    parameters,
    content,
    text,
    apiCalls: apiCallsOf(content, fileName),
  };
}

export const runbooks: readonly Runbook[] = fixableRules().map(loadRunbook);

export function runbookFor(ruleId: string): Runbook | undefined {
  return runbooks.find((r) => r.ruleId === ruleId);
}

// ---- running a runbook ----------------------------------------------------------------------------

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

/** Where a run sends its calls: the clients (by SSM service name) and the account it is in. */
export interface RunbookTarget extends Partial<Pick<RunnerOptions, 'clock' | 'pollIntervalSeconds' | 'scriptEngine' | 'beforeStep'>> {
  clientFor: ClientFactory;
  accountId: string;
  region: string;
  partition?: string;
}

/** What a run came to, from the report step that succeeded or the guard that refused. */
export function outcomeOf(result: AutomationResult): RunbookOutcome {
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
 * Runs the runbook of `ruleId` for one resource through the target's clients, on a virtual clock unless
 * one is given (waits are instant). Invalid parameters are a refused run that says which, as SSM refuses
 * to start such an execution.
 */
export async function runRunbook(ruleId: string, parameters: RunRunbookParameters, target: RunbookTarget): Promise<RunbookRun> {
  const runbook = runbookFor(ruleId);
  if (!runbook) throw new RunbookError(`no runbook for rule ${ruleId}`);
  const { resourceId, ...rest } = parameters;
  const base = { ruleId: runbook.ruleId, resourceId };
  let result: AutomationResult;
  try {
    result = await automateRunbook(runbook, resourceId, rest, { ...target, clock: target.clock ?? virtualClock() });
  } catch (error) {
    if (error instanceof Error && error.name === 'AutomationParameterError') {
      return { ...base, status: 'Failed', outputs: {}, stepResults: [], failureMessage: error.message, outcome: 'refused' };
    }
    throw error;
  }
  const explanation = failedStepExplanation(runbook, result);
  return { ...base, ...result, outcome: outcomeOf(result), ...(explanation ? { explanation } : {}) };
}

/**
 * One runbook's document run for one resource, as a Config remediation starts it: the deployed remediation
 * role by default (the caller's parameters may name another), the resource id into the runbook's id
 * parameter, and the account, region and partition as the automation's globals (partition `aws` unless
 * the target says). An invalid parameter throws the runner's AutomationParameterError.
 */
export function automateRunbook(runbook: Runbook, resourceId: string, parameters: Readonly<Record<string, unknown>>, target: RunbookTarget): Promise<AutomationResult> {
  const partition = target.partition ?? 'aws';
  const given: Record<string, unknown> = {
    AutomationAssumeRole: `arn:${partition}:iam::${target.accountId}:role/dbauth-remediation`,
    ...parameters,
    [runbook.resourceIdParameter]: resourceId,
  };
  return runAutomation(runbook.content, given, {
    clientFor: target.clientFor,
    clock: target.clock ?? realClock,
    pollIntervalSeconds: target.pollIntervalSeconds ?? 10,
    globals: { accountId: target.accountId, region: target.region, partition },
    ...(target.scriptEngine ? { scriptEngine: target.scriptEngine } : {}),
    ...(target.beforeStep ? { beforeStep: target.beforeStep } : {}),
  });
}

/** The description of the step a run stopped at: what the refusal means, as the runbook's author wrote it. */
export function failedStepExplanation(runbook: Runbook, result: AutomationResult): string | undefined {
  const step = result.failedStep ? runbook.content.mainSteps.find((s) => s.name === result.failedStep) : undefined;
  return step?.description?.trim() || undefined;
}
