/**
 * The names of everything the pack deploys. They are fixed (not generated) because other accounts and
 * regions refer to them as strings: a member account's execution role trusts the admin account's Lambda
 * role by name, a conformance pack names Lambda ARNs and runbook documents, and a regional stack uses the
 * roles that another region's stack created. IAM roles are global; everything else is regional.
 */
export const PREFIX = 'dbauth';

/** The rule Lambda of a rule (the same name in every region). */
export const functionName = (ruleId: string): string => `${PREFIX}-${ruleId}`;
export const logGroupName = (ruleId: string): string => `/aws/lambda/${functionName(ruleId)}`;
/** The role the rule's Lambda runs as (account or admin account; once, all regions). */
export const lambdaRoleName = (ruleId: string): string => `${PREFIX}-rule-${ruleId}`;
/** The role the rule's Lambda assumes in a member account (organization mode). */
export const executionRoleName = (ruleId: string): string => `${PREFIX}-exec-${ruleId}`;
/** The role SSM Automation assumes to run the runbooks. */
export const REMEDIATION_ROLE_NAME = `${PREFIX}-remediation`;
/** `dbauth org-status` reads the pack and the aggregator under these names by default. */
export const CONFORMANCE_PACK_NAME = PREFIX;
export const MEMBER_ROLES_STACK_SET_NAME = `${PREFIX}-member-roles`;
export const MEMBER_RUNBOOKS_STACK_SET_NAME = `${PREFIX}-member-runbooks`;
export const AGGREGATOR_NAME = `${PREFIX}-organization`;

/** Where an ARN lives. Values may be literal or CloudFormation tokens/`${AWS::...}` placeholders. */
export interface ArnScope {
  readonly partition: string;
  readonly account: string;
}

export const roleArn = (scope: ArnScope, roleName: string): string => `arn:${scope.partition}:iam::${scope.account}:role/${roleName}`;

export const functionArn = (scope: ArnScope, region: string, ruleId: string): string =>
  `arn:${scope.partition}:lambda:${region}:${scope.account}:function:${functionName(ruleId)}`;

/** CloudFormation logical id from a kebab-case name: `neptune-cluster-encrypted` → `NeptuneClusterEncrypted`. */
export const logicalId = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
