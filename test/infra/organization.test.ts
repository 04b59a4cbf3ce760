/**
 * Organization mode: the code buckets, the member stack set and the conformance pack, in the order they
 * must deploy, and each member's rules pointing at that member's own Lambdas.
 */
import { parse } from 'yaml';
import { CATALOG } from '../../rules/catalog';
import { CODE_ACCOUNT_PARAMETER, CODE_KEY_PARAMETER } from '../../infra/member';
import { AGGREGATOR_NAME, CONFORMANCE_PACK_NAME, MEMBER_STACK_SET_NAME } from '../../infra/names';
import { MAX_PACK_TEMPLATE_BYTES } from '../../infra/pack-template';
import { loadRunbooks } from '../../infra/runbooks';
import type { Json, Resource, SynthesizedStack } from './synth';
import { ORGANIZATION_ID, deployment, flatten, propertiesOf, resourcesIn, resourcesOf } from './synth';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const only = (template: Json, type: string): [string, Resource] => {
  const found = resourcesOf(template, type);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const stackNamed = (stacks: readonly SynthesizedStack[], name: string): SynthesizedStack => stacks.find((s) => s.name === name)!;

interface PackRule {
  Type: string;
  Properties: { ConfigRuleName: string; Source: { SourceIdentifier: unknown }; InputParameters?: Record<string, unknown> };
}

describe('organization mode, three regions', () => {
  const d = () => deployment('organizationRegions');

  it('deploys the code buckets, then the stack set, then the packs of the other regions', () => {
    const stacks = d().stacks;
    expect(stacks.map((s) => s.name)).toEqual([
      'DbAuthOrganization-code-eu-west-1',
      'DbAuthOrganization-code-ap-southeast-2',
      'DbAuthOrganization-us-east-1',
      'DbAuthOrganization-pack-eu-west-1',
      'DbAuthOrganization-pack-ap-southeast-2',
    ]);
    expect([...stackNamed(stacks, 'DbAuthOrganization-us-east-1').dependencies].sort()).toEqual(['DbAuthOrganization-code-ap-southeast-2', 'DbAuthOrganization-code-eu-west-1']);
    for (const region of REGIONS.slice(1)) expect(stackNamed(stacks, `DbAuthOrganization-pack-${region}`).dependencies).toEqual(['DbAuthOrganization-us-east-1']);
  });

  it('keeps the rule code in a bucket per region that only accounts of the organization may read', () => {
    for (const stack of d().stacks.filter((s) => !s.name.includes('-pack-'))) {
      const [bucketId, bucket] = only(stack.template, 'AWS::S3::Bucket');
      expect(flatten(propertiesOf(bucket)['BucketName'])).toBe(`dbauth-code-<AWS::AccountId>-${stack.region}`);
      expect(propertiesOf(bucket)['PublicAccessBlockConfiguration']).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
      const [, policy] = only(stack.template, 'AWS::S3::BucketPolicy');
      const statements = (propertiesOf(policy)['PolicyDocument'] as { Statement: Json[] }).Statement;
      const reads = statements.filter((s) => s['Effect'] === 'Allow');
      expect(reads).toEqual([
        {
          Sid: 'OrganizationReadsRuleCode',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
        },
      ]);
      const [, copy] = only(stack.template, 'Custom::CDKBucketDeployment');
      expect(propertiesOf(copy)).toMatchObject({ DestinationBucketName: { Ref: bucketId }, Extract: false, Prune: false, RetainOnDelete: true });
    }
  });

  it('deploys the member template to every region of the OUs through a service-managed, auto-deploying stack set, a few accounts at a time', () => {
    const primary = stackNamed(d().stacks, 'DbAuthOrganization-us-east-1').template;
    const [, stackSet] = only(primary, 'AWS::CloudFormation::StackSet');
    const [copyId] = only(primary, 'Custom::CDKBucketDeployment');
    const properties = propertiesOf(stackSet);
    expect(properties).toMatchObject({
      StackSetName: MEMBER_STACK_SET_NAME,
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      ManagedExecution: { Active: true },
      Capabilities: ['CAPABILITY_IAM'],
      OperationPreferences: { RegionConcurrencyType: 'SEQUENTIAL', MaxConcurrentPercentage: 10, FailureTolerancePercentage: 0 },
      StackInstancesGroup: [
        {
          Regions: REGIONS,
          DeploymentTargets: { OrganizationalUnitIds: ['r-ab12', 'ou-ab12-34cd56ef'], AccountFilterType: 'DIFFERENCE', Accounts: ['111111111111'] },
        },
      ],
      Parameters: [
        { ParameterKey: CODE_ACCOUNT_PARAMETER, ParameterValue: { Ref: 'AWS::AccountId' } },
        { ParameterKey: CODE_KEY_PARAMETER, ParameterValue: { 'Fn::Select': [0, { 'Fn::GetAtt': [copyId, 'SourceObjectKeys'] }] } },
      ],
    });
    expect((properties['OperationPreferences'] as Json)['MaxConcurrentPercentage']).toBeLessThan(100);
    expect(flatten(properties['TemplateURL'])).toMatch(/^https:\/\/s3\.us-east-1\.\$\{AWS::URLSuffix\}\/cdk-[a-z0-9]+-assets-\$\{AWS::AccountId\}-us-east-1\/[0-9a-f]{64}\.json$/);
    expect(properties['TemplateBody']).toBeUndefined();
  });

  it("creates each region's organization conformance pack after the stack set, as text no outer stack resolves", () => {
    const stacks = d().stacks;
    const primary = stackNamed(stacks, 'DbAuthOrganization-us-east-1').template;
    const [stackSetId] = only(primary, 'AWS::CloudFormation::StackSet');
    const bodies = new Set<unknown>();
    for (const stack of stacks.filter((s) => !s.name.includes('-code-'))) {
      const [, pack] = only(stack.template, 'AWS::Config::OrganizationConformancePack');
      if (stack === stackNamed(stacks, 'DbAuthOrganization-us-east-1')) expect(pack.DependsOn).toContain(stackSetId);
      expect(propertiesOf(pack)).toMatchObject({ OrganizationConformancePackName: CONFORMANCE_PACK_NAME, ExcludedAccounts: ['111111111111'] });
      expect(typeof propertiesOf(pack)['TemplateBody']).toBe('string');
      bodies.add(propertiesOf(pack)['TemplateBody']);
    }
    expect(bodies.size).toBe(1);
    const body = [...bodies][0] as string;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_PACK_TEMPLATE_BYTES);
    const rules = Object.values((parse(body) as { Resources: Record<string, PackRule> }).Resources).filter((r) => r.Type === 'AWS::Config::ConfigRule');
    // Each member's rule calls the function of the same name that the member template creates in that member.
    const memberFunctions = resourcesOf(d().member!, 'AWS::Lambda::Function').map(([, fn]) => propertiesOf(fn)['FunctionName'] as string);
    expect(rules.map((r) => r.Properties.Source.SourceIdentifier)).toEqual(
      memberFunctions.map((name) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}` })),
    );
    for (const rule of rules) expect(rule.Properties.InputParameters ?? {}).not.toHaveProperty('ExecutionRoleName');
  });

  it('keeps the aggregator over the deployed regions', () => {
    const primary = stackNamed(d().stacks, 'DbAuthOrganization-us-east-1').template;
    const [, aggregator] = only(primary, 'AWS::Config::ConfigurationAggregator');
    expect(propertiesOf(aggregator)).toMatchObject({ ConfigurationAggregatorName: AGGREGATOR_NAME, OrganizationAggregationSource: { AwsRegions: REGIONS } });
  });

  it('keeps the member template within the size CloudFormation takes from S3', () => {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html: template body in S3, 1 MB.
    expect(Buffer.byteLength(JSON.stringify(d().member, null, 1))).toBeLessThan(1_048_576);
  });

  it('gives the member template what it needs from the stack set, and nothing a member lacks', () => {
    const member = d().member!;
    expect(Object.keys(member['Parameters'] as Json).sort()).toEqual([CODE_ACCOUNT_PARAMETER, CODE_KEY_PARAMETER]);
    // Members are not CDK-bootstrapped: no bootstrap version rule, no CDK metadata.
    expect(member['Rules']).toBeUndefined();
    expect(resourcesOf(member, 'AWS::CDK::Metadata')).toEqual([]);
    for (const [, fn] of resourcesOf(member, 'AWS::Lambda::Function')) {
      expect(propertiesOf(fn)['Code']).toEqual({
        S3Bucket: { 'Fn::Join': ['-', ['dbauth-code', { Ref: CODE_ACCOUNT_PARAMETER }, { Ref: 'AWS::Region' }]] },
        S3Key: { Ref: CODE_KEY_PARAMETER },
      });
    }
    expect(resourcesOf(member, 'AWS::SSM::Document')).toHaveLength(loadRunbooks().length);
    expect(resourcesOf(member, 'AWS::Config::ConformancePack')).toEqual([]);
  });
});

describe('organization mode, default context', () => {
  it('asks for the organization and the deployment targets at deploy time', () => {
    const [stack] = deployment('organization').stacks;
    expect(deployment('organization').stacks).toHaveLength(1);
    const parameters = stack!.template['Parameters'] as Json;
    expect(parameters['OrganizationId']).toMatchObject({ Type: 'String', AllowedPattern: '^o-[a-z0-9]{10,32}$' });
    expect(parameters['OrganizationalUnitIds']).toMatchObject({ Type: 'CommaDelimitedList' });
    const [, stackSet] = only(stack!.template, 'AWS::CloudFormation::StackSet');
    expect(propertiesOf(stackSet)['StackInstancesGroup']).toEqual([
      { Regions: [{ Ref: 'AWS::Region' }], DeploymentTargets: { OrganizationalUnitIds: { Ref: 'OrganizationalUnitIds' } } },
    ]);
  });
});

describe('organization mode, packScope=account', () => {
  const d = () => deployment('organizationAccountScope');

  it('creates no organization conformance pack: each member gets the pack from the stack set', () => {
    for (const stack of d().stacks) expect(resourcesOf(stack.template, 'AWS::Config::OrganizationConformancePack')).toEqual([]);
    expect(d().stacks.map((s) => s.name)).toEqual(['DbAuthOrganization-code-eu-west-1', 'DbAuthOrganization-us-east-1']);
  });

  it("puts the pack in the member template, resolved by CloudFormation in the member account, after the Lambdas' permissions and the runbooks", () => {
    const member = d().member!;
    const [, pack] = only(member, 'AWS::Config::ConformancePack');
    expect(propertiesOf(pack)['ConformancePackName']).toBe(CONFORMANCE_PACK_NAME);
    const body = (propertiesOf(pack)['TemplateBody'] as { 'Fn::Sub': string })['Fn::Sub'];
    expect(typeof body).toBe('string');
    const resolved = body.replace(/\$\{AWS::Partition\}/g, 'aws').replace(/\$\{AWS::Region\}/g, 'eu-west-1').replace(/\$\{AWS::AccountId\}/g, '222233334444');
    expect(resolved).not.toContain('${');
    const rules = Object.values((parse(resolved) as { Resources: Record<string, PackRule> }).Resources).filter((r) => r.Type === 'AWS::Config::ConfigRule');
    expect(rules.map((r) => r.Properties.Source.SourceIdentifier)).toEqual(CATALOG.map((rule) => `arn:aws:lambda:eu-west-1:222233334444:function:dbauth-${rule.id}`));
    const needed = [...resourcesOf(member, 'AWS::Lambda::Permission'), ...resourcesOf(member, 'AWS::SSM::Document')].map(([id]) => id);
    expect([pack.DependsOn].flat().sort()).toEqual(needed.sort());
    expect(Object.keys(resourcesIn(member))).toEqual(expect.arrayContaining(needed));
  });
});
