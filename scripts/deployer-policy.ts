/**
 * `npm run deployer-policy [-- --dir cdk.out]`: the IAM policies a deployment needs, derived from what `cdk synth`
 * wrote. It reads every CloudFormation template in the folder (stacks, assets, and the templates inside
 * stack sets' TemplateBody), collects their resource types, and maps each type to the API actions
 * CloudFormation calls to create, update, read and delete it. A type it has no actions for is an error, so the
 * policy can never silently lag the templates.
 *
 * Prints one JSON object: `deployer` (the person or pipeline running `cdk deploy`, which goes through the CDK
 * bootstrap roles) and `execution` (for `cdk bootstrap --cloudformation-execution-policies`, to narrow the
 * CloudFormation execution role from AdministratorAccess), and `memberAccounts` (what the stack sets create in
 * member accounts, for review: service-managed stack sets deploy with a role Organizations manages).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The actions CloudFormation's handler for each resource type calls (create, read, update, delete, tags). */
export const ACTIONS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'AWS::CDK::Metadata': [],
  'AWS::IAM::Role': [
    'iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRoleDescription',
    'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies',
    'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:TagRole', 'iam:UntagRole', 'iam:ListRoleTags',
  ],
  'AWS::IAM::Policy': ['iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy'],
  'AWS::IAM::ManagedPolicy': [
    'iam:CreatePolicy', 'iam:DeletePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion',
    'iam:ListPolicyVersions', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy',
  ],
  'AWS::Lambda::Function': [
    'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionCode',
    'lambda:UpdateFunctionConfiguration', 'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency', 'lambda:GetFunctionCodeSigningConfig',
    'lambda:GetRuntimeManagementConfig', 'lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags', 'iam:PassRole', 's3:GetObject', 's3:GetObjectVersion',
  ],
  'AWS::Lambda::Permission': ['lambda:AddPermission', 'lambda:RemovePermission', 'lambda:GetPolicy'],
  'AWS::Lambda::EventInvokeConfig': [
    'lambda:PutFunctionEventInvokeConfig', 'lambda:UpdateFunctionEventInvokeConfig', 'lambda:DeleteFunctionEventInvokeConfig', 'lambda:GetFunctionEventInvokeConfig',
  ],
  'AWS::Logs::LogGroup': [
    'logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:DescribeLogGroups', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy',
    'logs:AssociateKmsKey', 'logs:DisassociateKmsKey', 'logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource',
  ],
  'AWS::Config::ConfigRule': ['config:PutConfigRule', 'config:DeleteConfigRule', 'config:DescribeConfigRules', 'config:TagResource', 'config:UntagResource', 'config:ListTagsForResource'],
  'AWS::Config::RemediationConfiguration': ['config:PutRemediationConfigurations', 'config:DeleteRemediationConfiguration', 'config:DescribeRemediationConfigurations', 'iam:PassRole'],
  'AWS::Config::ConfigurationAggregator': [
    'config:PutConfigurationAggregator', 'config:DeleteConfigurationAggregator', 'config:DescribeConfigurationAggregators',
    'config:TagResource', 'config:UntagResource', 'config:ListTagsForResource', 'organizations:EnableAWSServiceAccess',
    'organizations:ListAWSServiceAccessForOrganization', 'organizations:DescribeOrganization', 'iam:PassRole',
  ],
  'AWS::Config::OrganizationConformancePack': [
    'config:PutOrganizationConformancePack', 'config:DeleteOrganizationConformancePack', 'config:DescribeOrganizationConformancePacks',
    'config:DescribeOrganizationConformancePackStatuses', 'config:GetOrganizationConformancePackDetailedStatus',
    'organizations:DescribeOrganization', 'organizations:ListAccounts', 'organizations:ListDelegatedAdministrators',
    'organizations:EnableAWSServiceAccess', 'organizations:ListAWSServiceAccessForOrganization', 'iam:CreateServiceLinkedRole', 's3:GetObject',
  ],
  'AWS::Config::ConformancePack': ['config:PutConformancePack', 'config:DeleteConformancePack', 'config:DescribeConformancePacks', 'config:DescribeConformancePackStatus', 's3:GetObject'],
  'AWS::SSM::Document': [
    'ssm:CreateDocument', 'ssm:DeleteDocument', 'ssm:UpdateDocument', 'ssm:UpdateDocumentDefaultVersion', 'ssm:DescribeDocument', 'ssm:GetDocument',
    'ssm:ListDocumentVersions', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:ListTagsForResource',
  ],
  'AWS::CloudFormation::StackSet': [
    'cloudformation:CreateStackSet', 'cloudformation:UpdateStackSet', 'cloudformation:DeleteStackSet', 'cloudformation:DescribeStackSet',
    'cloudformation:DescribeStackSetOperation', 'cloudformation:ListStackSetOperations', 'cloudformation:ListStackSetOperationResults',
    'cloudformation:CreateStackInstances', 'cloudformation:UpdateStackInstances', 'cloudformation:DeleteStackInstances',
    'cloudformation:ListStackInstances', 'cloudformation:DescribeStackInstance', 'cloudformation:TagResource', 'cloudformation:UntagResource',
    'organizations:DescribeOrganization', 'organizations:ListDelegatedAdministrators', 'organizations:ListAWSServiceAccessForOrganization', 's3:GetObject',
  ],
  'AWS::SQS::Queue': ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:TagQueue', 'sqs:UntagQueue', 'sqs:ListQueueTags'],
  'AWS::SQS::QueuePolicy': ['sqs:SetQueueAttributes', 'sqs:GetQueueAttributes'],
  'AWS::CloudWatch::Alarm': ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
  'AWS::SNS::Topic': ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource', 'sns:ListTagsForResource'],
  'AWS::SNS::TopicPolicy': ['sns:SetTopicAttributes', 'sns:GetTopicAttributes'],
  'AWS::Events::Rule': ['events:PutRule', 'events:DeleteRule', 'events:DescribeRule', 'events:PutTargets', 'events:RemoveTargets', 'events:ListTargetsByRule'],
};

/** Types with no actions map entry. */
export class UnknownResourceTypeError extends Error {
  constructor(readonly types: readonly string[]) {
    super(`no actions known for ${types.join(', ')}: add them to ACTIONS_BY_TYPE in scripts/deployer-policy.ts (from the type's CloudFormation registry schema, handlers.*.permissions)`);
    this.name = 'UnknownResourceTypeError';
  }
}

interface Template {
  readonly Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
}

/** Resource types of a template, and of the templates its stack sets carry inline. */
export function resourceTypes(template: Template): { own: Set<string>; stackSets: Set<string> } {
  const own = new Set<string>();
  const stackSets = new Set<string>();
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type) own.add(resource.Type);
    const body = resource.Type === 'AWS::CloudFormation::StackSet' ? resource.Properties?.['TemplateBody'] : undefined;
    if (typeof body === 'string') {
      const inner = resourceTypes(parse(body) as Template);
      for (const type of [...inner.own, ...inner.stackSets]) stackSets.add(type);
    }
  }
  return { own, stackSets };
}

function actionsOf(types: Iterable<string>): string[] {
  const list = [...types];
  const unknown = list.filter((type) => !(type in ACTIONS_BY_TYPE) && !type.startsWith('Custom::'));
  if (unknown.length > 0) throw new UnknownResourceTypeError(unknown.sort());
  return [...new Set(list.flatMap((type) => ACTIONS_BY_TYPE[type] ?? []))].sort();
}

const policy = (statements: object[]) => ({ Version: '2012-10-17', Statement: statements });

/** The policies for the templates of a `cdk synth` output folder. */
export function deployerPolicies(dir: string): { resourceTypes: string[]; deployer: object; execution: object; memberAccounts: { resourceTypes: string[]; actions: string[] } } {
  if (!existsSync(dir)) throw new Error(`no ${dir}: run npx cdk synth first (with the same -c options as the deployment)`);
  const own = new Set<string>();
  const members = new Set<string>();
  const files = readdirSync(dir).filter((name) => name.endsWith('.json') && !['manifest.json', 'tree.json'].includes(name));
  for (const file of files) {
    const template = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Template;
    if (!template.Resources) continue;
    const types = resourceTypes(template);
    // Asset templates (stack set TemplateURL targets) are member-account templates too.
    for (const type of types.own) (file.startsWith('asset.') ? members : own).add(type);
    for (const type of types.stackSets) members.add(type);
  }
  if (own.size === 0) throw new Error(`no CloudFormation templates in ${dir}`);
  return {
    resourceTypes: [...own].sort(),
    deployer: policy([
      {
        Sid: 'UseTheCdkBootstrapRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: 'arn:*:iam::*:role/cdk-*',
        Condition: { StringEquals: { 'iam:ResourceTag/aws-cdk:bootstrap-role': ['deploy', 'file-publishing', 'image-publishing', 'lookup'] } },
      },
    ]),
    execution: policy([{ Sid: 'CreateTheDbAuthResources', Effect: 'Allow', Action: actionsOf(own), Resource: '*' }]),
    memberAccounts: { resourceTypes: [...members].sort(), actions: actionsOf(members) },
  };
}

if (require.main === module) {
  const at = process.argv.indexOf('--dir');
  const dir = at > 0 ? (process.argv[at + 1] ?? 'cdk.out') : 'cdk.out';
  try {
    console.log(JSON.stringify(deployerPolicies(dir), null, 2));
  } catch (error) {
    console.error(`deployer-policy: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
