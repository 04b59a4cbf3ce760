/**
 * Least privilege, read from the synthesized templates: what each role may do and who may use it.
 * Scopes are checked against the resource types of the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html,
 * .../list_awsdatabasemigrationservice.html): db, cluster, cluster-snapshot, endpoint.
 */
import { ACTIONS_WITHOUT_RESOURCE_TYPES, remediationStatements } from '../../infra/permissions';
import { LAMBDA_ROLE_PATH, REMEDIATION_ROLE_PATH } from '../../infra/names';
import { loadRunbooks } from '../../infra/runbooks';
import type { DeploymentName, Json, PolicyStatementJson, Resource } from './synth';
import { DEPLOYMENTS, actionsOf, deployment, flatten, propertiesOf, resourcesOf, resourcesOfStatement, statementsOf, templatesOf } from './synth';

const ALL = Object.keys(DEPLOYMENTS) as DeploymentName[];
const WITH_REMEDIATION: DeploymentName[] = ['account', 'accountRegions', 'organization', 'organizationRegions', 'organizationAccountScope'];
const runbooks = loadRunbooks();

const REGION = String.raw`(?:<AWS::Region>|[a-z]{2}-[a-z]+-\d)`;
const OWN_RESOURCE_TYPE = new RegExp(String.raw`^arn:<AWS::Partition>:(?:rds|dms):${REGION}:<AWS::AccountId>:(?:db|cluster|cluster-snapshot|endpoint):\*$`);

const rolesOf = (template: Json, path: string): [string, Resource][] =>
  resourcesOf(template, 'AWS::IAM::Role').filter(([, role]) => propertiesOf(role)['Path'] === path);

const everyStatement = (name: DeploymentName): PolicyStatementJson[] =>
  templatesOf(deployment(name)).flatMap((template) =>
    [...resourcesOf(template, 'AWS::IAM::Role'), ...resourcesOf(template, 'AWS::IAM::Policy')].flatMap(([, resource]) => statementsOf(resource)),
  );

/** The runbook whose document defaults AutomationAssumeRole to the role. */
function runbookOfRole(template: Json, roleId: string) {
  const documents = resourcesOf(template, 'AWS::SSM::Document').filter(([, document]) => {
    const parameters = (propertiesOf(document)['Content'] as { parameters: Record<string, { default?: unknown }> }).parameters;
    return flatten(parameters['AutomationAssumeRole']?.default) === `<${roleId}.Arn>`;
  });
  expect(documents).toHaveLength(1);
  return runbooks.find((runbook) => runbook.documentName === propertiesOf(documents[0]![1])['Name'])!;
}

describe.each(ALL)('%s', (name) => {
  it('never allows iam:PassRole on * or on every role, and only to DMS for the configured role names', () => {
    for (const statement of everyStatement(name).filter((s) => actionsOf(s).some((a) => a === 'iam:PassRole' || a === 'iam:*' || a === '*'))) {
      expect(actionsOf(statement)).toEqual(['iam:PassRole']);
      for (const resource of resourcesOfStatement(statement)) {
        expect(resource).not.toBe('*');
        expect(resource).not.toMatch(/:role\/\*$/);
        expect(resource).toBe('arn:<AWS::Partition>:iam::<AWS::AccountId>:role/dms-*');
      }
      expect(statement.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'dms.amazonaws.com' } });
    }
  });

  it('grants * only for actions IAM cannot scope, and everything else on the resource type in its own account and region', () => {
    for (const statement of everyStatement(name)) {
      const actions = actionsOf(statement);
      if (actions.some((a) => /^(rds|dms|config|sqs|logs):/.test(a)) === false) continue;
      for (const resource of resourcesOfStatement(statement)) {
        if (resource === '*') expect(actions.filter((a) => !ACTIONS_WITHOUT_RESOURCE_TYPES.has(a))).toEqual([]);
        else if (/^arn:<AWS::Partition>:(rds|dms):/.test(resource)) expect(resource).toMatch(OWN_RESOURCE_TYPE);
        else if (/:config:/.test(resource)) expect(resource).toMatch(new RegExp(String.raw`^arn:<AWS::Partition>:config:${REGION}:<AWS::AccountId>:config-rule/\*$`));
      }
    }
  });

  it('gives the rule Lambdas read-only roles: no change, no role to assume', () => {
    for (const template of templatesOf(deployment(name))) {
      for (const [, role] of rolesOf(template, LAMBDA_ROLE_PATH)) {
        const actions = statementsOf(role).flatMap(actionsOf);
        expect(actions.filter((a) => /^(rds|dms):(Modify|Create|Delete|Add|Remove)/.test(a) || a.startsWith('sts:') || a.startsWith('iam:'))).toEqual([]);
        expect(JSON.stringify(propertiesOf(role)['AssumeRolePolicyDocument'])).toContain('lambda.amazonaws.com');
      }
    }
  });
});

describe.each(WITH_REMEDIATION)('%s, remediation roles', (name) => {
  it('has one role per runbook, allowed the Modify call of that runbook only', () => {
    for (const template of templatesOf(deployment(name))) {
      const roles = rolesOf(template, REMEDIATION_ROLE_PATH);
      if (resourcesOf(template, 'AWS::SSM::Document').length === 0) {
        expect(roles).toEqual([]);
        continue;
      }
      expect(roles).toHaveLength(runbooks.length);
      const seen = new Set<string>();
      for (const [roleId, role] of roles) {
        const runbook = runbookOfRole(template, roleId);
        seen.add(runbook.ruleId);
        const allowed = statementsOf(role).flatMap(actionsOf);
        const calls = runbook.apiCalls.map((call) => call.iamAction);
        expect(allowed.filter((a) => a !== 'iam:PassRole').sort()).toEqual([...new Set(calls)].sort());
        const modify = allowed.filter((a) => /:Modify/.test(a));
        expect(modify).toHaveLength(1);
        expect(calls).toContain(modify[0]);
      }
      expect(seen.size).toBe(runbooks.length);
    }
  });

  it('lets only SSM Automation executions of its own account and region assume a remediation role', () => {
    for (const template of templatesOf(deployment(name))) {
      for (const [, role] of rolesOf(template, REMEDIATION_ROLE_PATH)) {
        const [statement] = (propertiesOf(role)['AssumeRolePolicyDocument'] as { Statement: (PolicyStatementJson & { Principal: unknown })[] }).Statement;
        expect(statement!.Principal).toEqual({ Service: 'ssm.amazonaws.com' });
        expect(statement!.Condition!['StringEquals']).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
        expect(flatten((statement!.Condition!['ArnLike'] as Json)['aws:SourceArn'])).toMatch(
          new RegExp(String.raw`^arn:<AWS::Partition>:ssm:${REGION}:<AWS::AccountId>:automation-execution/\*$`),
        );
      }
    }
  });
});

describe.each<DeploymentName>(['accountNoRemediation', 'organizationNoRemediation'])('%s', (name) => {
  it('deploys no remediation role, document or configuration anywhere', () => {
    const d = deployment(name);
    for (const template of templatesOf(d)) {
      expect(rolesOf(template, REMEDIATION_ROLE_PATH)).toEqual([]);
      expect(resourcesOf(template, 'AWS::SSM::Document')).toEqual([]);
      expect(resourcesOf(template, 'AWS::Config::RemediationConfiguration')).toEqual([]);
      expect(JSON.stringify(template)).not.toContain('RemediationConfiguration');
    }
  });
});

it("makes the aggregator's role trust AWS Config of this account only", () => {
  const template = deployment('organization').stacks.find((s) => resourcesOf(s.template, 'AWS::Config::ConfigurationAggregator').length > 0)!.template;
  const [[, aggregator]] = resourcesOf(template, 'AWS::Config::ConfigurationAggregator') as [[string, Resource]];
  const roleId = ((propertiesOf(aggregator)['OrganizationAggregationSource'] as Json)['RoleArn'] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const role = resourcesOf(template, 'AWS::IAM::Role').find(([id]) => id === roleId)![1];
  expect((propertiesOf(role)['AssumeRolePolicyDocument'] as { Statement: unknown[] }).Statement).toEqual([
    {
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    },
  ]);
});

it('takes the DMS service role pattern from the context', () => {
  const dms = runbooks.find((r) => r.apiCalls.some((c) => c.iamAction === 'dms:ModifyEndpoint'))!;
  const statements = remediationStatements(dms, { partition: 'aws', account: '123456789012', region: 'eu-west-1' }, 'neptune-load-*');
  expect(statements.find((s) => s.actions.includes('iam:PassRole'))).toEqual({
    sid: 'PassServiceRoleToService',
    actions: ['iam:PassRole'],
    resources: ['arn:aws:iam::123456789012:role/neptune-load-*'],
    conditions: { StringEquals: { 'iam:PassedToService': 'dms.amazonaws.com' } },
  });
  expect(statements.flatMap((s) => s.resources).filter((r) => r.startsWith('arn:aws:dms'))).toEqual(['arn:aws:dms:eu-west-1:123456789012:endpoint:*']);
});
