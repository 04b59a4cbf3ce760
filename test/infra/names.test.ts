/**
 * Every name the pack gives stays within AWS's limits for the longest rule id and the longest prefix the
 * settings accept, read from the synthesized templates and checked against the limits as AWS documents
 * them (numbers written here, not taken from the product's naming code).
 */
import { parse } from 'yaml';
import { CATALOG } from '../../rules/catalog';
import type { Json } from './synth';
import { DEPLOYMENTS, deployment, flatten, propertiesOf, resourcesOf, templatesOf } from './synth';

/** Limits, each from the API reference of the service. */
const LIMITS = {
  // https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html: "function name ... limited to 64 characters"
  'AWS::Lambda::Function.FunctionName': 64,
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html: RoleName, maximum length of 64
  'AWS::IAM::Role.RoleName': 64,
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html: Path, maximum length of 512
  'AWS::IAM::Role.Path': 512,
  // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html: Name, pattern ^[a-zA-Z0-9_\-.]{3,128}$
  'AWS::SSM::Document.Name': 128,
  // https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html: ConfigRuleName, maximum length of 128
  'AWS::Config::ConfigRule.ConfigRuleName': 128,
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html: "A queue name can have up to 80 characters"
  'AWS::SQS::Queue.QueueName': 80,
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html: AlarmName, maximum length of 255
  'AWS::CloudWatch::Alarm.AlarmName': 255,
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html: logGroupName, maximum length of 512
  'AWS::Logs::LogGroup.LogGroupName': 512,
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html: StackSetName, maximum length of 128
  'AWS::CloudFormation::StackSet.StackSetName': 128,
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConformancePack.html: maximum length of 128
  'AWS::Config::OrganizationConformancePack.OrganizationConformancePackName': 128,
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConformancePack.html: ConformancePackName, maximum length of 256
  'AWS::Config::ConformancePack.ConformancePackName': 256,
} as const;

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html: 3 to 63 characters. */
const BUCKET_NAME_LIMIT = 63;
/** The longest region names there are (14 characters), and an account id. */
const LONGEST_REGION = 'ap-southeast-5';
const ACCOUNT = '123456789012';

const LONGEST_ID = Math.max(...CATALOG.map((rule) => rule.id.length));

/** Every named thing in a template, with the limit of its kind; pack bodies' rule names too. */
function namesIn(template: Json): { kind: string; name: string; limit: number }[] {
  const found: { kind: string; name: string; limit: number }[] = [];
  for (const [kind, limit] of Object.entries(LIMITS)) {
    const [type, property] = kind.split('.') as [string, string];
    for (const [, resource] of resourcesOf(template, type)) {
      const value = propertiesOf(resource)[property];
      if (value !== undefined) found.push({ kind, name: flatten(value), limit });
    }
  }
  const bodies = [...resourcesOf(template, 'AWS::Config::OrganizationConformancePack'), ...resourcesOf(template, 'AWS::Config::ConformancePack')].map(([, pack]) =>
    flatten(propertiesOf(pack)['TemplateBody']),
  );
  for (const body of bodies) {
    for (const resource of Object.values((parse(body) as { Resources: Record<string, { Type: string; Properties: Json }> }).Resources)) {
      if (resource.Type === 'AWS::Config::ConfigRule') found.push({ kind: 'pack rule', name: String(resource.Properties['ConfigRuleName']), limit: 128 });
    }
  }
  return found;
}

describe('with the longest prefix the settings accept', () => {
  const prefix = DEPLOYMENTS.longestNames.rulePrefix;

  it('names the rules, Lambdas, queue and alarms with the prefix, within their limits', () => {
    const names = templatesOf(deployment('longestNames')).flatMap(namesIn);
    const longestFunction = names.filter((n) => n.kind === 'AWS::Lambda::Function.FunctionName').map((n) => n.name.length);
    expect(Math.max(...longestFunction)).toBe(prefix.length + LONGEST_ID);
    expect(names.filter((n) => n.kind === 'pack rule')).toHaveLength(CATALOG.length);
    for (const { kind, name, limit } of names) {
      expect({ kind, name, length: name.length <= limit }).toEqual({ kind, name, length: true });
    }
  });

  it('lets CloudFormation name the roles (unique per account and region) under the dbauth paths', () => {
    for (const template of templatesOf(deployment('longestNames'))) {
      for (const [, role] of resourcesOf(template, 'AWS::IAM::Role')) expect(propertiesOf(role)['RoleName']).toBeUndefined();
    }
  });

  it('keeps the code bucket name within the S3 limit in the longest region', () => {
    const [stack] = deployment('organization').stacks;
    const [[, bucket]] = resourcesOf(stack!.template, 'AWS::S3::Bucket') as [[string, { Properties: Json; Type: string }]];
    const name = flatten(propertiesOf(bucket)['BucketName']).replace('<AWS::AccountId>', ACCOUNT).replace('<AWS::Region>', LONGEST_REGION);
    expect(name).toMatch(/^[a-z0-9][a-z0-9.-]+[a-z0-9]$/);
    expect(name.length).toBeLessThanOrEqual(BUCKET_NAME_LIMIT);
  });
});

describe.each(['account', 'organizationAccountScope', 'organizationRegions'] as const)('%s', (name) => {
  it('names no Config rule after its rule id (the name of the AWS managed rule)', () => {
    const ruleNames = templatesOf(deployment(name))
      .flatMap(namesIn)
      .filter((n) => n.kind === 'pack rule' || n.kind === 'AWS::Config::ConfigRule.ConfigRuleName')
      .map((n) => n.name);
    expect(ruleNames.length).toBeGreaterThanOrEqual(CATALOG.length);
    for (const ruleName of ruleNames) {
      expect(CATALOG.map((rule) => rule.id)).not.toContain(ruleName);
      expect(ruleName).toMatch(/^dbauth-/);
    }
  });
});
