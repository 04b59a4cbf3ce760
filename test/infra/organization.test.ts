import { parse } from 'yaml';
import { CATALOG } from '../../rules/catalog';
import { memberRolesTemplate, memberRunbooksTemplate } from '../../infra/member-templates';
import {
  AGGREGATOR_NAME,
  CONFORMANCE_PACK_NAME,
  MEMBER_ROLES_STACK_SET_NAME,
  MEMBER_RUNBOOKS_STACK_SET_NAME,
  REMEDIATION_ROLE_NAME,
  executionRoleName,
  lambdaRoleName,
} from '../../infra/names';
import { MAX_PACK_TEMPLATE_BYTES } from '../../infra/pack-template';
import { loadRunbooks } from '../../infra/runbooks';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import type { Synthesized } from './synth';
import { actionsOf, cleanUp, flatten, propertiesOf, resourcesIn, resourcesOf, roleStatements, synthesize } from './synth';

const fixable = CATALOG.filter((rule) => rule.fix.runbook);
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const ACCOUNT = '123456789012';

afterAll(cleanUp);

type Json = Record<string, unknown>;
interface PackResource {
  Type: string;
  DependsOn?: string[];
  Properties: Json;
}

/** The pack's template body with the function ARNs CloudFormation would put in, parsed. */
function packOf(template: Template, region: string, partition = 'aws'): { text: string; resources: Record<string, PackResource>; pack: Json } {
  const [[, pack]] = resourcesOf(template, 'AWS::Config::OrganizationConformancePack') as [[string, Json]];
  const functions = template.toJSON()['Resources'] as Record<string, Json>;
  const text = flatten(propertiesOf(pack)['TemplateBody'], (logicalId) => {
    const fn = functions[logicalId];
    if (fn?.['Type'] !== 'AWS::Lambda::Function') throw new Error(`${logicalId} is not a function of this stack`);
    return `arn:${partition}:lambda:${region}:${ACCOUNT}:function:${String(propertiesOf(fn)['FunctionName'])}`;
  });
  return { text, resources: (parse(text) as { Resources: Record<string, PackResource> }).Resources, pack };
}

const stackSets = (template: Template): Map<string, [string, Json]> =>
  new Map(resourcesOf(template, 'AWS::CloudFormation::StackSet').map(([id, s]) => [String(propertiesOf(s)['StackSetName']), [id, s]]));

describe('organization mode, default context', () => {
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthesize({ mode: 'organization' });
  });

  it('is one environment-agnostic stack with the Lambdas, the pack, the member stack sets and the aggregator', () => {
    expect(synthesized.stacks).toHaveLength(1);
    const template = synthesized.templates[0]!;
    template.resourceCountIs('AWS::Lambda::Function', CATALOG.length);
    template.resourceCountIs('AWS::Config::OrganizationConformancePack', 1);
    template.resourceCountIs('AWS::CloudFormation::StackSet', 2);
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    template.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      ConfigurationAggregatorName: AGGREGATOR_NAME,
      OrganizationAggregationSource: { AllAwsRegions: true },
    });
  });

  it('asks for the deployment targets at deploy time when the context names none', () => {
    const template = synthesized.templates[0]!;
    template.hasParameter('OrganizationalUnitIds', { Type: 'CommaDelimitedList' });
    for (const [, [, stackSet]] of stackSets(template)) {
      expect(propertiesOf(stackSet)).toMatchObject({
        PermissionModel: 'SERVICE_MANAGED',
        CallAs: 'DELEGATED_ADMIN',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: { Ref: 'OrganizationalUnitIds' } } }],
      });
    }
  });

  it('generates the pack from the catalog: every rule on its Lambda, assuming its execution role, within the size limit', () => {
    const { text, resources, pack } = packOf(synthesized.templates[0]!, 'ap-southeast-2', 'aws-us-gov');
    expect(propertiesOf(pack)['OrganizationConformancePackName']).toBe(CONFORMANCE_PACK_NAME);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_PACK_TEMPLATE_BYTES);
    expect(text).not.toMatch(/Account-Id|<AWS::|\$\{/);
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Config::ConfigRule');
    expect(rules.map((r) => r.Properties['ConfigRuleName'])).toEqual(CATALOG.map((rule) => rule.id));
    for (const rule of CATALOG) {
      const { Properties } = rules.find((r) => r.Properties['ConfigRuleName'] === rule.id)!;
      expect(Properties['Scope']).toEqual({ ComplianceResourceTypes: [rule.kind.type] });
      expect(Properties['Source']).toMatchObject({
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: `arn:aws-us-gov:lambda:ap-southeast-2:${ACCOUNT}:function:dbauth-${rule.id}`,
      });
      expect((Properties['InputParameters'] as Json)['ExecutionRoleName']).toBe(executionRoleName(rule.id));
    }
  });

  it('remediates with the member accounts\' runbooks, passing only the resource id (the documents default the role)', () => {
    const { resources } = packOf(synthesized.templates[0]!, 'us-east-1');
    const remediations = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Config::RemediationConfiguration');
    expect(remediations).toHaveLength(fixable.length);
    for (const rule of fixable) {
      const runbook = loadRunbooks().find((r) => r.ruleId === rule.id)!;
      const [, remediation] = remediations.find(([, r]) => r.Properties['ConfigRuleName'] === rule.id)!;
      expect(remediation.Properties).toMatchObject({ TargetType: 'SSM_DOCUMENT', TargetId: runbook.documentName, Automatic: false });
      const parameters = remediation.Properties['Parameters'] as Record<string, Json>;
      expect(parameters[runbook.resourceIdParameter]).toEqual({ ResourceValue: { Value: 'RESOURCE_ID' } });
      // No role ARN: a pack cannot resolve one per account. Other values are literals taken from the rule's parameters.
      expect(parameters).not.toHaveProperty('AutomationAssumeRole');
      for (const [name, value] of Object.entries(parameters)) {
        if (name !== runbook.resourceIdParameter) expect(value).toEqual({ StaticValue: { Values: [expect.any(String)] } });
      }
      const ruleLogicalId = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Config::ConfigRule' && r.Properties['ConfigRuleName'] === rule.id)![0];
      expect(remediation.DependsOn).toEqual([ruleLogicalId]);
    }
  });

  it('lets only conformance-pack rules of Config invoke the Lambdas (a permission cannot name an organization)', () => {
    for (const [, permission] of resourcesOf(synthesized.templates[0]!, 'AWS::Lambda::Permission')) {
      const properties = propertiesOf(permission);
      expect(properties['Principal']).toBe('config.amazonaws.com');
      expect(properties['SourceAccount']).toBeUndefined();
      expect(flatten(properties['SourceArn'])).toBe(
        'arn:<AWS::Partition>:config:<AWS::Region>:*:config-rule/aws-service-rule/config-conforms.amazonaws.com/*',
      );
    }
  });

  it('lets each Lambda assume only its execution role, in accounts of the organization, and read nothing itself', () => {
    const template = synthesized.templates[0]!;
    for (const rule of CATALOG) {
      const [, role] = resourcesOf(template, 'AWS::IAM::Role').find(([, r]) => propertiesOf(r)['RoleName'] === lambdaRoleName(rule.id))!;
      const statements = roleStatements(role);
      expect(statements.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'sts:AssumeRole']);
      const assume = statements.find((s) => actionsOf(s).includes('sts:AssumeRole'))!;
      expect(resourcesIn(assume)).toEqual([`arn:<AWS::Partition>:iam::*:role/${executionRoleName(rule.id)}`]);
      expect(assume.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } });
    }
  });

  it('gives every member account an execution role per rule that trusts only that rule\'s Lambda role, and the remediation role', () => {
    const template = synthesized.templates[0]!;
    const [, roles] = stackSets(template).get(MEMBER_ROLES_STACK_SET_NAME)!;
    const body = JSON.parse(propertiesOf(roles)['TemplateBody'] as string) as { Resources: Record<string, Json> };
    expect(body).toEqual(JSON.parse(JSON.stringify(memberRolesTemplate(CATALOG, loadRunbooks()))));
    expect(propertiesOf(roles)['Parameters']).toEqual([{ ParameterKey: 'AdminAccountId', ParameterValue: { Ref: 'AWS::AccountId' } }]);
    const byName = new Map(Object.values(body.Resources).map((r) => [propertiesOf(r)['RoleName'], r]));
    expect(byName.size).toBe(CATALOG.length + 1);
    for (const rule of CATALOG) {
      const role = byName.get(executionRoleName(rule.id))!;
      const trust = (propertiesOf(role)['AssumeRolePolicyDocument'] as { Statement: Json[] }).Statement;
      expect(trust).toEqual([
        {
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AdminAccountId}:root' } },
          Action: 'sts:AssumeRole',
          Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AdminAccountId}:role/${lambdaRoleName(rule.id)}` } } },
        },
      ]);
    }
    expect(byName.has(REMEDIATION_ROLE_NAME)).toBe(true);
  });

  it('gives every member account the runbooks, defaulting AutomationAssumeRole to its own remediation role', () => {
    const template = memberRunbooksTemplate(CATALOG, loadRunbooks());
    const documents = Object.values(template.Resources);
    expect(documents).toHaveLength(fixable.length);
    for (const document of documents) {
      expect(document.Type).toBe('AWS::SSM::Document');
      const content = document.Properties['Content'] as { parameters: Record<string, { default: unknown }> };
      expect(content.parameters['AutomationAssumeRole']!.default).toEqual({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${REMEDIATION_ROLE_NAME}` });
    }
    expect(loadRunbooks().map((r) => r.documentName).sort()).toEqual(documents.map((d) => d.Properties['Name']).sort());
    // Too large for a TemplateBody: staged as a file asset.
    const [, runbooks] = stackSets(synthesized.templates[0]!).get(MEMBER_RUNBOOKS_STACK_SET_NAME)!;
    expect(Buffer.byteLength(JSON.stringify(template))).toBeGreaterThan(MAX_PACK_TEMPLATE_BYTES);
    expect(flatten(propertiesOf(runbooks)['TemplateURL'])).toMatch(
      /^https:\/\/s3\.\$\{AWS::Region\}\.\$\{AWS::URLSuffix\}\/cdk-[a-z0-9]+-assets-\$\{AWS::AccountId\}-\$\{AWS::Region\}\/[0-9a-f]{64}\.json$/,
    );
  });
});

describe('organization mode, three regions', () => {
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthesize({
      mode: 'organization',
      regions: REGIONS.join(','),
      organizationalUnits: 'r-ab12,ou-ab12-11111111',
      excludedAccounts: '111111111111,222222222222',
    });
  });

  it('is a stack per region, each with a Lambda per rule and a pack', () => {
    expect(synthesized.stacks.map((stack) => stack.region)).toEqual(REGIONS);
    for (const template of synthesized.templates) {
      template.resourceCountIs('AWS::Lambda::Function', CATALOG.length);
      template.resourceCountIs('AWS::Config::OrganizationConformancePack', 1);
    }
  });

  it("points each region's pack only at that region's Lambdas", () => {
    synthesized.templates.forEach((template, index) => {
      const region = REGIONS[index]!;
      const { resources } = packOf(template, region);
      const sources = Object.values(resources)
        .filter((r) => r.Type === 'AWS::Config::ConfigRule')
        .map((r) => (r.Properties['Source'] as { SourceIdentifier: string }).SourceIdentifier);
      expect(sources).toHaveLength(CATALOG.length);
      for (const source of sources) expect(source).toMatch(new RegExp(`^arn:aws:lambda:${region}:${ACCOUNT}:function:dbauth-`));
    });
  });

  it('creates the member roles in exactly one region and the runbooks in all three, once (first stack)', () => {
    const [first, ...others] = synthesized.templates;
    const sets = stackSets(first!);
    const regionsOf = (name: string) => (propertiesOf(sets.get(name)![1])['StackInstancesGroup'] as { Regions: string[] }[])[0]!.Regions;
    expect(regionsOf(MEMBER_ROLES_STACK_SET_NAME)).toEqual(['us-east-1']);
    expect(regionsOf(MEMBER_RUNBOOKS_STACK_SET_NAME)).toEqual(REGIONS);
    for (const template of others) {
      template.resourceCountIs('AWS::CloudFormation::StackSet', 0);
      template.resourceCountIs('AWS::IAM::Role', 0);
    }
    // The Lambda roles (and the aggregator's) exist once, in the first region.
    first!.resourceCountIs('AWS::IAM::Role', CATALOG.length + 1);
  });

  it('has the stack sets in place before each pack', () => {
    const [first] = synthesized.templates;
    const [, pack] = resourcesOf(first!, 'AWS::Config::OrganizationConformancePack')[0]!;
    const setIds = [...stackSets(first!).values()].map(([id]) => id);
    expect(pack['DependsOn']).toEqual(expect.arrayContaining(setIds));
    // ...and the Lambdas' permissions (the functions themselves through the ARNs in the body).
    const permissionIds = resourcesOf(first!, 'AWS::Lambda::Permission').map(([id]) => id);
    expect(pack['DependsOn']).toEqual(expect.arrayContaining(permissionIds));
    // The other regions deploy after the first region's stack, stack sets included.
    for (const stack of synthesized.stacks.slice(1)) expect(stack.dependencies).toEqual([synthesized.stacks[0]]);
  });

  it('targets the organizational units from context, leaving out the excluded accounts everywhere', () => {
    for (const [, [, stackSet]] of stackSets(synthesized.templates[0]!)) {
      expect((propertiesOf(stackSet)['StackInstancesGroup'] as Json[])[0]!['DeploymentTargets']).toEqual({
        OrganizationalUnitIds: ['r-ab12', 'ou-ab12-11111111'],
        AccountFilterType: 'DIFFERENCE',
        Accounts: ['111111111111', '222222222222'],
      });
    }
    for (const template of synthesized.templates) {
      template.hasResourceProperties('AWS::Config::OrganizationConformancePack', { ExcludedAccounts: ['111111111111', '222222222222'] });
      expect(template.findParameters('OrganizationalUnitIds')).toEqual({});
    }
  });

  it('aggregates the organization in the listed regions, once, with its own role', () => {
    synthesized.templates[0]!.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      ConfigurationAggregatorName: AGGREGATOR_NAME,
      OrganizationAggregationSource: { AwsRegions: REGIONS, RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AggregatorRole'), 'Arn'] } },
    });
    for (const template of synthesized.templates.slice(1)) template.resourceCountIs('AWS::Config::ConfigurationAggregator', 0);
  });
});
