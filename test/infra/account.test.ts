/** Account mode: Config rules on the account's Lambdas, and remediations that run as their runbook's own role. */
import { proactiveSupport } from '../../rules/adapters/proactive';
import { CATALOG } from '../../rules/catalog';
import { loadRunbooks } from '../../infra/runbooks';
import type { Json } from './synth';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deployment, flatten, propertiesOf, resourcesOf, synthesizeDeployment } from './synth';

const runbooks = loadRunbooks();

describe.each(['account', 'accountRegions'] as const)('%s', (name) => {
  it('has a stack per region, each with every rule on its own Lambda, named with the prefix', () => {
    const d = deployment(name);
    expect(d.stacks.map((s) => s.name)).toEqual(name === 'account' ? ['DbAuthConfigRules'] : ['DbAuthConfigRules-us-east-1', 'DbAuthConfigRules-eu-west-1']);
    for (const { template } of d.stacks) {
      const functions = new Map(resourcesOf(template, 'AWS::Lambda::Function').map(([id, fn]) => [id, propertiesOf(fn)['FunctionName']]));
      const rules = resourcesOf(template, 'AWS::Config::ConfigRule');
      expect(rules.map(([, rule]) => propertiesOf(rule)['ConfigRuleName'])).toEqual(CATALOG.map((rule) => `dbauth-${rule.id}`));
      for (const [, rule] of rules) {
        const source = propertiesOf(rule)['Source'] as { SourceIdentifier: { 'Fn::GetAtt': [string, string] } };
        const fnId = source.SourceIdentifier['Fn::GetAtt'][0];
        expect(functions.get(fnId)).toBe(`dbauth-${String(propertiesOf(rule)['ConfigRuleName']).slice('dbauth-'.length)}`);
        // Config checks at creation that it may invoke the function.
        expect(JSON.stringify(rule)).toMatch(/"DependsOn":\[[^\]]*ConfigInvoke/);
      }
    }
  });

  it("remediates through each runbook's document, as that runbook's own role", () => {
    for (const { template } of deployment(name).stacks) {
      const documents = new Map(resourcesOf(template, 'AWS::SSM::Document').map(([id, doc]) => [propertiesOf(doc)['Name'] as string, { id, doc }]));
      const remediations = resourcesOf(template, 'AWS::Config::RemediationConfiguration');
      expect(remediations).toHaveLength(runbooks.length);
      for (const [, remediation] of remediations) {
        const properties = propertiesOf(remediation);
        const document = documents.get(properties['TargetId'] as string)!;
        expect(document).toBeDefined();
        const role = ((properties['Parameters'] as Json)['AutomationAssumeRole'] as { StaticValue: { Values: unknown[] } }).StaticValue.Values[0];
        const defaultRole = ((propertiesOf(document.doc)['Content'] as Json)['parameters'] as Record<string, { default: unknown }>)['AutomationAssumeRole']!.default;
        expect(flatten(role)).toBe(flatten(defaultRole));
        expect(properties['Automatic']).toBe(name === 'accountRegions');
      }
    }
  });
});

it('deploys only the chosen rules', () => {
  const dir = mkdtempSync(`${tmpdir()}/dbauth-infra-`);
  try {
    const d = synthesizeDeployment({ rules: 'rds-instance-iam-authentication-enabled,neptune-cluster-encrypted', rulePrefix: 'sec-' }, dir);
    const template = d.stacks[0]!.template;
    expect(resourcesOf(template, 'AWS::Config::ConfigRule').map(([, r]) => propertiesOf(r)['ConfigRuleName'])).toEqual([
      'sec-neptune-cluster-encrypted',
      'sec-rds-instance-iam-authentication-enabled',
    ].sort((a, b) => CATALOG.findIndex((r) => a.endsWith(r.id)) - CATALOG.findIndex((r) => b.endsWith(r.id))));
    expect(resourcesOf(template, 'AWS::SSM::Document')).toHaveLength(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('proactive evaluation (-c proactive=true)', () => {
  const evaluationModes = (name: 'account' | 'accountRegions') =>
    new Map(
      resourcesOf(deployment(name).stacks[0]!.template, 'AWS::Config::ConfigRule').map(([, rule]) => [
        String(propertiesOf(rule)['ConfigRuleName']).slice('dbauth-'.length),
        propertiesOf(rule)['EvaluationModes'],
      ]),
    );

  it('gives the rules that can judge a proposed resource both modes, and the others detective only', () => {
    // EvaluationModes of AWS::Config::ConfigRule: a list of {Mode: DETECTIVE | PROACTIVE} (cfn-lint checks
    // the synthesized template against CloudFormation's schema: scripts/cfn-lint.mjs).
    const modes = evaluationModes('accountRegions');
    const proactive = [...modes].filter(([, value]) => value !== undefined).map(([id]) => id);
    expect(proactive).toEqual(CATALOG.filter((rule) => proactiveSupport(rule).supported).map((rule) => rule.id));
    for (const id of proactive) expect(modes.get(id)).toEqual([{ Mode: 'DETECTIVE' }, { Mode: 'PROACTIVE' }]);
    // Snapshots have no CloudFormation type; Multi-AZ is judged from the instances, not one cluster.
    expect(proactive).not.toContain('neptune-cluster-snapshot-encrypted');
    expect(proactive).not.toContain('neptune-cluster-multi-az-enabled');
    expect(proactive).toEqual(expect.arrayContaining(['neptune-cluster-iam-database-authentication', 'rds-cluster-iam-authentication-enabled', 'dms-neptune-iam-authorization-enabled']));
  });

  it('leaves every rule to Config\'s default (detective) without the setting', () => {
    expect([...evaluationModes('account').values()].every((value) => value === undefined)).toBe(true);
  });
});
