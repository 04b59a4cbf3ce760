/**
 * The names of everything the pack deploys. Config rules, Lambdas, alarms and queues carry the rule
 * prefix (default `dbauth-`, `-c rulePrefix=`) so that no name collides with an AWS managed rule or
 * another deployment. IAM roles are not named: CloudFormation names them (within IAM's limit) under the
 * paths below, one set per account and region, so the SCP in docs/ can protect them by path.
 */
export const DEFAULT_RULE_PREFIX = 'dbauth-';
/** Letters, digits and hyphens, starting with a letter: valid in every name it prefixes. */
export const RULE_PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,15}$/;
export const MAX_RULE_PREFIX_LENGTH = 16;

/** IAM paths of the rule Lambdas' roles and of the remediation roles (docs/scp-protect-dbauth.json). */
export const LAMBDA_ROLE_PATH = '/dbauth/';
export const REMEDIATION_ROLE_PATH = '/dbauth-remediation/';

/** `dbauth org-status` reads the pack and the aggregator under these names by default. */
export const CONFORMANCE_PACK_NAME = 'dbauth';
export const AGGREGATOR_NAME = 'dbauth-organization';
export const MEMBER_STACK_SET_NAME = 'dbauth-members';

/** The rule's AWS Config rule (in account mode; a conformance pack adds its own suffix). */
export const configRuleName = (prefix: string, ruleId: string): string => `${prefix}${ruleId}`;
/** The rule's Lambda (the same name in every account and region). */
export const functionName = (prefix: string, ruleId: string): string => `${prefix}${ruleId}`;
export const logGroupName = (prefix: string, ruleId: string): string => `/aws/lambda/${functionName(prefix, ruleId)}`;
export const errorAlarmName = (prefix: string, ruleId: string): string => `${functionName(prefix, ruleId)}-errors`;
/** The on-failure destination of every rule Lambda of an account and region. */
export const failureQueueName = (prefix: string): string => `${prefix}rule-failures`;
export const failureQueueAlarmName = (prefix: string): string => `${failureQueueName(prefix)}-not-empty`;

/** The bucket in each region of the admin account that member accounts read the Lambda code from. */
export const CODE_BUCKET_PREFIX = 'dbauth-code';
export const codeBucketName = (account: string, region: string): string => `${CODE_BUCKET_PREFIX}-${account}-${region}`;

/** Where an ARN lives. Values may be literal or CloudFormation tokens/`${AWS::...}` placeholders. */
export interface ArnScope {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
}

export const functionArn = (scope: ArnScope, prefix: string, ruleId: string): string =>
  `arn:${scope.partition}:lambda:${scope.region}:${scope.account}:function:${functionName(prefix, ruleId)}`;

/** The rules a conformance pack creates are service-linked rules of AWS Config's conformance-pack service. */
export const conformancePackRuleArns = (scope: ArnScope): string =>
  `arn:${scope.partition}:config:${scope.region}:${scope.account}:config-rule/aws-service-rule/config-conforms.amazonaws.com/*`;

/** CloudFormation logical id from a kebab-case name: `neptune-cluster-encrypted` → `NeptuneClusterEncrypted`. */
export const logicalId = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
