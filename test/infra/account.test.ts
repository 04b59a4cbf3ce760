import { Match } from 'aws-cdk-lib/assertions';
import { CATALOG } from '../../rules/catalog';
import { REMEDIATION_ROLE_NAME, functionName, lambdaRoleName, logGroupName } from '../../infra/names';
import { loadRunbooks } from '../../infra/runbooks';
import type { Synthesized } from './synth';
import { cleanUp, flatten, propertiesOf, resourcesOf, synthesize } from './synth';

const fixable = CATALOG.filter((rule) => rule.fix.runbook);
const runbookOf = (ruleId: string) => loadRunbooks().find((runbook) => runbook.ruleId === ruleId)!;
const CHANGE = ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification'];

afterAll(cleanUp);

/** The Config rule of a rule id, with the function it calls. */
function configRule(synthesized: Synthesized, ruleId: string, index = 0) {
  const template = synthesized.templates[index]!;
  const [, rule] = resourcesOf(template, 'AWS::Config::ConfigRule').find(([, r]) => propertiesOf(r)['ConfigRuleName'] === ruleId)!;
  const source = propertiesOf(rule)['Source'] as { SourceIdentifier: { 'Fn::GetAtt': [string, string] }; SourceDetails: Record<string, string>[] };
  const functionId = source.SourceIdentifier['Fn::GetAtt'][0];
  const fn = template.toJSON()['Resources'][functionId];
  return { rule, properties: propertiesOf(rule), source, fn, functionProperties: propertiesOf(fn) };
}

describe('account mode, default context (one environment-agnostic stack)', () => {
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthesize();
  });

  it('is one stack without a fixed account or region', () => {
    expect(synthesized.stacks).toHaveLength(1);
    expect(synthesized.stacks[0]!.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('has a change-triggered Config rule for every rule of the catalog, oversized items included, no periodic run', () => {
    const template = synthesized.templates[0]!;
    template.resourceCountIs('AWS::Config::ConfigRule', CATALOG.length);
    for (const rule of CATALOG) {
      const { properties, source } = configRule(synthesized, rule.id);
      expect(properties['Scope']).toEqual({ ComplianceResourceTypes: [rule.kind.type] });
      expect(source).toMatchObject({ Owner: 'CUSTOM_LAMBDA' });
      expect(source.SourceDetails.map((d) => d.MessageType)).toEqual(CHANGE);
    }
  });

  // The full catalog of DESIGN.md §3: fourteen checks.
  it('deploys the fourteen checks', () => {
    expect(CATALOG).toHaveLength(14);
    synthesized.templates[0]!.resourceCountIs('AWS::Config::ConfigRule', 14);
    synthesized.templates[0]!.resourceCountIs('AWS::Lambda::Function', 14);
  });

  it("points each rule at its own function: the one bundle, Node 22, run with the rule's id", () => {
    synthesized.templates[0]!.resourceCountIs('AWS::Lambda::Function', CATALOG.length);
    for (const rule of CATALOG) {
      const { functionProperties } = configRule(synthesized, rule.id);
      expect(functionProperties).toMatchObject({
        FunctionName: functionName(rule.id),
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Environment: { Variables: { DBAUTH_RULE_ID: rule.id } },
      });
      const [roleId] = (functionProperties['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(propertiesOf(synthesized.templates[0]!.toJSON()['Resources'][roleId])['RoleName']).toBe(lambdaRoleName(rule.id));
    }
    const codes = new Set(resourcesOf(synthesized.templates[0]!, 'AWS::Lambda::Function').map(([, fn]) => JSON.stringify(propertiesOf(fn)['Code'])));
    expect(codes.size).toBe(1);
  });

  it('gives every function its own log group with a retention', () => {
    const template = synthesized.templates[0]!;
    for (const rule of CATALOG) {
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: logGroupName(rule.id), RetentionInDays: 365 });
    }
    for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
      expect(propertiesOf(fn)['LoggingConfig']).toEqual({ LogGroup: { Ref: expect.any(String) } });
    }
  });

  it('lets Config of this account, and only it, invoke the functions; each rule waits for that permission', () => {
    const template = synthesized.templates[0]!;
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission');
    expect(permissions).toHaveLength(CATALOG.length);
    for (const [, permission] of permissions) {
      expect(propertiesOf(permission)).toMatchObject({ Principal: 'config.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } });
    }
    for (const [, rule] of resourcesOf(template, 'AWS::Config::ConfigRule')) {
      const [dependency] = rule['DependsOn'] as string[];
      expect(permissions.map(([id]) => id)).toContain(dependency);
    }
  });

  it("passes parameter defaults, and no runtime parameter that the account doesn't need", () => {
    expect(configRule(synthesized, 'rds-instance-iam-authentication-enabled').properties['InputParameters']).toEqual({ engines: 'mysql,postgres,mariadb' });
    expect(configRule(synthesized, 'neptune-cluster-iam-database-authentication').properties['InputParameters']).toBeUndefined();
  });

  it('creates every runbook as an Automation document that defaults to the remediation role', () => {
    const template = synthesized.templates[0]!;
    template.resourceCountIs('AWS::SSM::Document', fixable.length);
    for (const rule of fixable) {
      const runbook = runbookOf(rule.id);
      const [, document] = resourcesOf(template, 'AWS::SSM::Document').find(([, d]) => propertiesOf(d)['Name'] === runbook.documentName)!;
      const content = propertiesOf(document)['Content'] as { schemaVersion: string; parameters: Record<string, { default?: unknown }>; mainSteps: unknown[] };
      expect(propertiesOf(document)['DocumentType']).toBe('Automation');
      expect(content.schemaVersion).toBe('0.3');
      expect(content.mainSteps).toEqual(runbook.content.mainSteps);
      expect(flatten(content.parameters['AutomationAssumeRole']!.default)).toBe(`arn:<AWS::Partition>:iam::<AWS::AccountId>:role/${REMEDIATION_ROLE_NAME}`);
    }
  });

  it("wires each fixable rule to its runbook: RESOURCE_ID into the runbook's id parameter, the remediation role, manual", () => {
    const template = synthesized.templates[0]!;
    const remediations = resourcesOf(template, 'AWS::Config::RemediationConfiguration');
    expect(remediations).toHaveLength(fixable.length);
    for (const rule of fixable) {
      const runbook = runbookOf(rule.id);
      const [, remediation] = remediations.find(([, r]) => propertiesOf(r)['ConfigRuleName'] === rule.id)!;
      const properties = propertiesOf(remediation);
      expect(properties).toMatchObject({ TargetType: 'SSM_DOCUMENT', TargetId: runbook.documentName, Automatic: false });
      expect(properties['MaximumAutomaticAttempts']).toBeUndefined();
      const parameters = properties['Parameters'] as Record<string, { ResourceValue?: unknown; StaticValue?: { Values: unknown[] } }>;
      expect(parameters[runbook.resourceIdParameter]).toEqual({ ResourceValue: { Value: 'RESOURCE_ID' } });
      expect(flatten(parameters['AutomationAssumeRole']!.StaticValue!.Values[0])).toBe(
        `arn:<AWS::Partition>:iam::<AWS::AccountId>:role/${REMEDIATION_ROLE_NAME}`,
      );
      // The document and the rule exist before the remediation is configured.
      const { rule: configRuleResource } = configRule(synthesized, rule.id);
      const ruleId = resourcesOf(template, 'AWS::Config::ConfigRule').find(([, r]) => r === configRuleResource)![0];
      const documentId = resourcesOf(template, 'AWS::SSM::Document').find(([, d]) => propertiesOf(d)['Name'] === runbook.documentName)![0];
      expect(remediation['DependsOn']).toEqual(expect.arrayContaining([ruleId, documentId]));
    }
    // Rules without a runbook get no remediation.
    for (const rule of CATALOG.filter((r) => !r.fix.runbook)) {
      expect(remediations.some(([, r]) => propertiesOf(r)['ConfigRuleName'] === rule.id)).toBe(false);
    }
  });
});

describe('account mode, with context', () => {
  it('runs the chosen rules periodically too, at the chosen frequency', () => {
    const periodic = ['dms-neptune-iam-authorization-enabled', 'neptune-cluster-snapshot-public-prohibited'];
    const synthesized = synthesize({ periodic: periodic.join(','), periodicFrequency: 'Six_Hours' });
    for (const rule of CATALOG) {
      const details = configRule(synthesized, rule.id).source.SourceDetails;
      if (periodic.includes(rule.id)) {
        expect(details).toContainEqual({ EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'Six_Hours' });
        expect(details.map((d) => d.MessageType)).toEqual([...CHANGE, 'ScheduledNotification']);
      } else {
        expect(details.map((d) => d.MessageType)).toEqual(CHANGE);
      }
    }
  });

  it('takes rule parameters and the exemption tag from context, and gives the runbooks the same values', () => {
    const synthesized = synthesize({
      parameters: JSON.stringify({
        'rds-instance-iam-authentication-enabled': { engines: 'mysql,postgres' },
        'neptune-cluster-backup-retention-check': { minimumBackupRetentionPeriod: '14' },
      }),
      exemptionTagKey: 'security:exempt',
      logRetentionDays: '30',
    });
    expect(configRule(synthesized, 'rds-instance-iam-authentication-enabled').properties['InputParameters']).toEqual({
      engines: 'mysql,postgres',
      ExemptionTagKey: 'security:exempt',
    });
    const template = synthesized.templates[0]!;
    template.hasResourceProperties('AWS::Config::RemediationConfiguration', {
      ConfigRuleName: 'neptune-cluster-backup-retention-check',
      Parameters: Match.objectLike({
        BackupRetentionPeriod: { StaticValue: { Values: ['14'] } },
        ExemptionTagKey: { StaticValue: { Values: ['security:exempt'] } },
      }),
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('remediates automatically, with retries and execution controls, when asked', () => {
    const synthesized = synthesize({ autoRemediate: 'true', remediationAttempts: '5' });
    synthesized.templates[0]!.allResourcesProperties('AWS::Config::RemediationConfiguration', {
      Automatic: true,
      MaximumAutomaticAttempts: 5,
      RetryAttemptSeconds: 600,
      ExecutionControls: { SsmControls: { ConcurrentExecutionRatePercentage: 10, ErrorPercentage: 10 } },
    });
  });

  it('remediates automatically only the rules named', () => {
    const synthesized = synthesize({ autoRemediate: 'neptune-cluster-deletion-protection-enabled' });
    for (const [, remediation] of resourcesOf(synthesized.templates[0]!, 'AWS::Config::RemediationConfiguration')) {
      const properties = propertiesOf(remediation);
      expect(properties['Automatic']).toBe(properties['ConfigRuleName'] === 'neptune-cluster-deletion-protection-enabled');
    }
  });
});

describe('account mode, two regions', () => {
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthesize({ regions: 'eu-west-1,us-east-1' });
  });

  it('is a stack per region, the second after the first', () => {
    expect(synthesized.stacks.map((stack) => stack.region)).toEqual(['eu-west-1', 'us-east-1']);
    expect(synthesized.stacks[1]!.dependencies).toEqual([synthesized.stacks[0]]);
  });

  it('creates the IAM roles once, in the first region', () => {
    const [first, second] = synthesized.templates;
    first!.resourceCountIs('AWS::IAM::Role', CATALOG.length + 1);
    second!.resourceCountIs('AWS::IAM::Role', 0);
    second!.resourceCountIs('AWS::IAM::Policy', 0);
    // The second region's functions run as the first region's roles, named, not referenced across regions.
    for (const [, fn] of resourcesOf(second!, 'AWS::Lambda::Function')) {
      const ruleId = (propertiesOf(fn)['Environment'] as { Variables: { DBAUTH_RULE_ID: string } }).Variables.DBAUTH_RULE_ID;
      expect(flatten(propertiesOf(fn)['Role'])).toBe(`arn:<AWS::Partition>:iam::<AWS::AccountId>:role/${lambdaRoleName(ruleId)}`);
    }
  });

  it('deploys the functions, rules, runbooks and remediations in both regions', () => {
    for (const template of synthesized.templates) {
      template.resourceCountIs('AWS::Lambda::Function', CATALOG.length);
      template.resourceCountIs('AWS::Logs::LogGroup', CATALOG.length);
      template.resourceCountIs('AWS::Lambda::Permission', CATALOG.length);
      template.resourceCountIs('AWS::Config::ConfigRule', CATALOG.length);
      template.resourceCountIs('AWS::SSM::Document', fixable.length);
      template.resourceCountIs('AWS::Config::RemediationConfiguration', fixable.length);
    }
  });

  it("lets each function role write to the function's log group in both regions", () => {
    const role = resourcesOf(synthesized.templates[0]!, 'AWS::IAM::Role').find(([, r]) => propertiesOf(r)['RoleName'] === lambdaRoleName(CATALOG[0]!.id))![1];
    const logs = (propertiesOf(role)['Policies'] as { PolicyDocument: { Statement: { Action: string[]; Resource: unknown[] }[] } }[])[0]!.PolicyDocument.Statement.find((s) =>
      [s.Action].flat().includes('logs:PutLogEvents'),
    )!;
    expect(logs.Resource.map((r) => flatten(r))).toEqual(
      ['eu-west-1', 'us-east-1'].map((region) => `arn:<AWS::Partition>:logs:${region}:<AWS::AccountId>:log-group:${logGroupName(CATALOG[0]!.id)}:*`),
    );
  });
});
