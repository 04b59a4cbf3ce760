/**
 * Least privilege, derived: what a rule's Lambda may call follows from its resource type (and collect
 * options), and what the remediation role may call follows from the runbooks' own API calls. This file is
 * the one place that knows which IAM actions those are and how each is scoped; the stacks, the member
 * account templates and the tests all read it.
 */
import type { CollectOptions } from '../rules/kit/collect';
import type { ResourceType } from '../rules/kit/resources';
import type { Rule } from '../rules/kit/rule';
import type { ArnScope } from './names';
import { REMEDIATION_ROLE_NAME, roleArn } from './names';

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
 * scoped to the account's resources of its service. (Service Authorization Reference, "Resource types"
 * column empty.) A statement on `*` with any other action is a finding of the infra tests.
 */
export const ACTIONS_WITHOUT_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'config:PutEvaluations',
  'config:GetResourceConfigHistory',
  'dms:DescribeEndpoints',
]);

/** Calls that pass an IAM role to a service (the role in the request), with the service it is passed to. */
export const PASSES_ROLE: Readonly<Record<string, string>> = {
  // NeptuneSettings.ServiceAccessRoleArn is sent back with the merged settings.
  'dms:ModifyEndpoint': 'dms.amazonaws.com',
};

export class UnscopedActionError extends Error {
  constructor(action: string) {
    super(`no resource scope is known for ${action}: add its service to infra/permissions.ts (resourcesOf)`);
    this.name = 'UnscopedActionError';
  }
}

/** The resources an action is granted on: `*` only when IAM allows nothing narrower. */
export function resourcesOf(action: string, scope: ArnScope): string[] {
  if (ACTIONS_WITHOUT_RESOURCE_TYPES.has(action)) return ['*'];
  const service = action.slice(0, action.indexOf(':'));
  const scoped: Record<string, string> = {
    rds: `arn:${scope.partition}:rds:*:${scope.account}:*`,
    dms: `arn:${scope.partition}:dms:*:${scope.account}:*`,
    config: `arn:${scope.partition}:config:*:${scope.account}:config-rule/*`,
  };
  const resource = scoped[service];
  if (resource === undefined) throw new UnscopedActionError(action);
  return [resource];
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

/** What a rule's code may do in an account: its Lambda role (account mode) or its execution role (member). */
export function ruleStatements(rule: Rule, scope: ArnScope): Statement[] {
  return scopedStatements('Rule', ruleActions(rule), scope);
}

/** A rule Lambda writes its logs to its own log group, in each region it runs in. */
export function logStatement(logGroupArns: readonly string[]): Statement {
  return { sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: logGroupArns.map((arn) => `${arn}:*`) };
}

/**
 * Organization mode: the Lambda may assume only the rule's execution role, and only in accounts of its own
 * organization (the role's account must belong to the organization of the Lambda's role).
 */
export function assumeExecutionRoleStatement(partition: string, roleName: string): Statement {
  return {
    sid: 'AssumeExecutionRoleInOrganization',
    actions: ['sts:AssumeRole'],
    resources: [`arn:${partition}:iam::*:role/${roleName}`],
    conditions: { StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } },
  };
}

/** An API call that a runbook step makes, with the IAM action that authorizes it (remediations/services.ts). */
export interface ApiCall {
  readonly iamAction: string;
}

/** Every IAM action the runbooks' steps call. */
export function runbookActions(runbooks: readonly { readonly apiCalls: readonly ApiCall[] }[]): string[] {
  return [...new Set(runbooks.flatMap((runbook) => runbook.apiCalls.map((call) => call.iamAction)))].sort();
}

/** The remediation role's statements: exactly the runbooks' calls, plus iam:PassRole where a call passes a role. */
export function remediationStatements(runbooks: readonly { readonly apiCalls: readonly ApiCall[] }[], scope: ArnScope): Statement[] {
  const actions = runbookActions(runbooks);
  const statements = scopedStatements('Runbook', actions, scope);
  const passedTo = [...new Set(actions.flatMap((action) => (PASSES_ROLE[action] ? [PASSES_ROLE[action]] : [])))].sort();
  if (passedTo.length > 0) {
    statements.push({
      sid: 'PassServiceRoleToService',
      actions: ['iam:PassRole'],
      resources: [`arn:${scope.partition}:iam::${scope.account}:role/*`],
      conditions: { StringEquals: { 'iam:PassedToService': passedTo.length === 1 ? passedTo[0]! : passedTo } },
    });
  }
  return statements;
}

/** SSM Automation (and only for executions in this account) may assume the remediation role. */
export function remediationTrust(scope: ArnScope): { readonly service: string; readonly conditions: NonNullable<Statement['conditions']> } {
  return {
    service: 'ssm.amazonaws.com',
    conditions: {
      StringEquals: { 'aws:SourceAccount': scope.account },
      ArnLike: { 'aws:SourceArn': `arn:${scope.partition}:ssm:*:${scope.account}:automation-execution/*` },
    },
  };
}

export const remediationRoleArn = (scope: ArnScope): string => roleArn(scope, REMEDIATION_ROLE_NAME);
