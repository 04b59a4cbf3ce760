/**
 * Least privilege, derived: what a rule's Lambda may call follows from its resource type (and collect
 * options), and what the remediation role may call follows from the runbooks' own API calls. This file is
 * the one place that knows which IAM actions those are and how each is scoped; the stacks, the member
 * template and the tests all read it.
 */
import type { CollectOptions } from '../rules/kit/collect';
import type { ResourceType } from '../rules/kit/resources';
import type { Rule } from '../rules/kit/rule';
import type { ArnScope } from './names';

/** An IAM statement as plain data, rendered by CDK (iam.PolicyStatement) or into a raw template. */
export interface Statement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** The Describe calls of each resource type's periodic sweep (rules/kit/collect.ts), as IAM actions. */
export const READ_ACTIONS: Readonly<Record<ResourceType, readonly string[]>> = {
  'AWS::RDS::DBInstance': ['rds:DescribeDBInstances'],
  'AWS::RDS::DBCluster': ['rds:DescribeDBClusters'],
  'AWS::RDS::DBClusterSnapshot': ['rds:DescribeDBClusterSnapshots'],
  // DescribeEndpoints carries no tags: the sweep reads them with one ListTagsForResource a page.
  'AWS::DMS::Endpoint': ['dms:DescribeEndpoints', 'dms:ListTagsForResource'],
};

/** Calls a rule's collect options add to its sweep. */
export const COLLECT_ACTIONS: Readonly<Record<keyof CollectOptions, readonly string[]>> = {
  snapshotAttributes: ['rds:DescribeDBClusterSnapshotAttributes'],
};

/** The runtime's own Config calls (rules/kit/handler.ts, sweep.ts, evaluations.ts), the same for every rule. */
export const CONFIG_ACTIONS = ['config:PutEvaluations', 'config:GetResourceConfigHistory', 'config:GetComplianceDetailsByConfigRule'] as const;

/**
 * Actions for which IAM defines no resource type: they can only be granted on `*`. Every other action is
 * scoped to the resource type it acts on, in the stack's own account and region. (Service Authorization
 * Reference, "Resource types" column.) A statement on `*` with any other action is a finding of the infra tests.
 */
export const ACTIONS_WITHOUT_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'config:PutEvaluations',
  'config:GetResourceConfigHistory',
  'dms:DescribeEndpoints',
]);

/**
 * The resource types (ARN resource part before the id) each action is authorized on, from the Service
 * Authorization Reference: Amazon RDS (db, cluster, cluster-snapshot), AWS DMS (endpoint), AWS Config
 * (config-rule). Neptune's management API is authorized as RDS.
 */
export const RESOURCE_TYPES_OF_ACTION: Readonly<Record<string, { readonly service: string; readonly types: readonly string[] }>> = {
  'rds:DescribeDBInstances': { service: 'rds', types: ['db'] },
  'rds:ModifyDBInstance': { service: 'rds', types: ['db'] },
  'rds:DescribeDBClusters': { service: 'rds', types: ['cluster'] },
  'rds:ModifyDBCluster': { service: 'rds', types: ['cluster'] },
  'rds:DescribeDBClusterSnapshots': { service: 'rds', types: ['cluster', 'cluster-snapshot'] },
  'rds:DescribeDBClusterSnapshotAttributes': { service: 'rds', types: ['cluster-snapshot'] },
  'rds:ModifyDBClusterSnapshotAttribute': { service: 'rds', types: ['cluster-snapshot'] },
  'dms:ModifyEndpoint': { service: 'dms', types: ['endpoint'] },
  'dms:ListTagsForResource': { service: 'dms', types: ['endpoint'] },
  'config:GetComplianceDetailsByConfigRule': { service: 'config', types: ['config-rule'] },
};

/** Calls that pass an IAM role to a service (the role in the request), with the service it is passed to. */
export const PASSES_ROLE: Readonly<Record<string, string>> = {
  // NeptuneSettings.ServiceAccessRoleArn is sent back with the merged settings.
  'dms:ModifyEndpoint': 'dms.amazonaws.com',
};

export class UnscopedActionError extends Error {
  constructor(action: string) {
    super(`no resource scope is known for ${action}: add it to RESOURCE_TYPES_OF_ACTION in infra/permissions.ts`);
    this.name = 'UnscopedActionError';
  }
}

/** The ARN of every resource of a type in the scope's account and region (RDS and DMS: `type:id`; Config: `type/id`). */
function resourceTypeArn(service: string, type: string, scope: ArnScope): string {
  const separator = service === 'config' ? '/' : ':';
  return `arn:${scope.partition}:${service}:${scope.region}:${scope.account}:${type}${separator}*`;
}

/** The resources an action is granted on: `*` only when IAM allows nothing narrower. */
export function resourcesOf(action: string, scope: ArnScope): string[] {
  if (ACTIONS_WITHOUT_RESOURCE_TYPES.has(action)) return ['*'];
  const known = RESOURCE_TYPES_OF_ACTION[action];
  if (!known) throw new UnscopedActionError(action);
  return known.types.map((type) => resourceTypeArn(known.service, type, scope));
}

/** Groups actions by the resources they are granted on: one statement per scope. */
export function scopedStatements(sidPrefix: string, actions: Iterable<string>, scope: ArnScope): Statement[] {
  const byResource = new Map<string, { actions: string[]; resources: string[] }>();
  for (const action of [...new Set(actions)].sort()) {
    const resources = resourcesOf(action, scope);
    const key = resources.join(' ');
    const entry = byResource.get(key) ?? { actions: [], resources };
    entry.actions.push(action);
    byResource.set(key, entry);
  }
  return [...byResource.values()].map((entry, index) => ({
    sid: `${sidPrefix}${entry.resources.includes('*') ? 'Unscoped' : index}`.replace(/[^A-Za-z0-9]/g, ''),
    actions: entry.actions,
    resources: entry.resources,
  }));
}

/** Every IAM action a rule's code calls: Config, plus the Describe calls of its resource type. */
export function ruleActions(rule: Rule): string[] {
  const collect = Object.entries(rule.collect ?? {})
    .filter(([, on]) => on === true)
    .flatMap(([option]) => COLLECT_ACTIONS[option as keyof CollectOptions] ?? []);
  return [...new Set([...CONFIG_ACTIONS, ...READ_ACTIONS[rule.kind.type], ...collect])];
}

/** What a rule's Lambda may read and report in its own account and region. */
export function ruleStatements(rule: Rule, scope: ArnScope): Statement[] {
  return scopedStatements('Rule', ruleActions(rule), scope);
}

/** A rule Lambda writes its logs to its own log group. */
export function logStatement(logGroupArn: string): Statement {
  return { sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroupArn}:*`] };
}

/**
 * A periodic sweep that runs short of time hands the rest to an asynchronous invocation of its own function
 * (rules/kit/sweep.ts): only that function, by its name, so the role does not depend on the function.
 */
export function continueSweepStatement(functionArn: string): Statement {
  return { sid: 'ContinueOwnSweep', actions: ['lambda:InvokeFunction'], resources: [functionArn] };
}

/** A rule Lambda's failed events go to the failure queue of its account and region. */
export function failureQueueStatement(queueArn: string): Statement {
  return { sid: 'SendFailedEvents', actions: ['sqs:SendMessage'], resources: [queueArn] };
}

/** An API call that a runbook step makes, with the IAM action that authorizes it (remediations/services.ts). */
export interface ApiCall {
  readonly iamAction: string;
}

/** Every IAM action a runbook's steps call. */
export function runbookActions(runbook: { readonly apiCalls: readonly ApiCall[] }): string[] {
  return [...new Set(runbook.apiCalls.map((call) => call.iamAction))].sort();
}

/**
 * The statements of one runbook's remediation role: exactly its calls on its resource type in this account
 * and region, plus iam:PassRole where a call passes a role, only to that service and only for roles whose
 * name matches `passRolePattern`.
 */
export function remediationStatements(runbook: { readonly apiCalls: readonly ApiCall[] }, scope: ArnScope, passRolePattern: string): Statement[] {
  const actions = runbookActions(runbook);
  const statements = scopedStatements('Runbook', actions, scope);
  const passedTo = [...new Set(actions.flatMap((action) => (PASSES_ROLE[action] ? [PASSES_ROLE[action]] : [])))].sort();
  if (passedTo.length > 0) {
    statements.push({
      sid: 'PassServiceRoleToService',
      actions: ['iam:PassRole'],
      resources: [`arn:${scope.partition}:iam::${scope.account}:role/${passRolePattern}`],
      conditions: { StringEquals: { 'iam:PassedToService': passedTo.length === 1 ? passedTo[0]! : passedTo } },
    });
  }
  return statements;
}

/** SSM Automation, and only for executions of this account and region, may assume a remediation role. */
export function remediationTrust(scope: ArnScope): { readonly service: string; readonly conditions: NonNullable<Statement['conditions']> } {
  return {
    service: 'ssm.amazonaws.com',
    conditions: {
      StringEquals: { 'aws:SourceAccount': scope.account },
      ArnLike: { 'aws:SourceArn': `arn:${scope.partition}:ssm:${scope.region}:${scope.account}:automation-execution/*` },
    },
  };
}
