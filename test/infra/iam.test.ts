/**
 * Least privilege over every IAM policy the pack deploys: the CDK stacks of both modes and the member
 * accounts' roles template. The expectations per resource type are stated here independently of
 * infra/permissions.ts: they are what rules/kit/collect.ts and the runtime call.
 */
import { CATALOG } from '../../rules/catalog';
import type { ResourceType } from '../../rules/kit/resources';
import { memberRolesTemplate } from '../../infra/member-templates';
import { REMEDIATION_ROLE_NAME, executionRoleName, lambdaRoleName } from '../../infra/names';
import { ACTIONS_WITHOUT_RESOURCE_TYPES } from '../../infra/permissions';
import { loadRunbooks } from '../../infra/runbooks';
import type { PolicyStatementJson } from './synth';
import { actionsOf, cleanUp, propertiesOf, resourcesIn, roleStatements, rolesByName, synthesize } from './synth';

type Json = Record<string, unknown>;

const RUNTIME = ['config:GetComplianceDetailsByConfigRule', 'config:GetResourceConfigHistory', 'config:PutEvaluations'];
const DESCRIBE: Record<ResourceType, string[]> = {
  'AWS::RDS::DBInstance': ['rds:DescribeDBInstances'],
  'AWS::RDS::DBCluster': ['rds:DescribeDBClusters'],
  'AWS::RDS::DBClusterSnapshot': ['rds:DescribeDBClusterSnapshots'],
  'AWS::DMS::Endpoint': ['dms:DescribeEndpoints', 'dms:ListTagsForResource'],
};
const expectedRuleActions = (rule: (typeof CATALOG)[number]): string[] =>
  [...RUNTIME, ...DESCRIBE[rule.kind.type], ...(rule.collect?.snapshotAttributes ? ['rds:DescribeDBClusterSnapshotAttributes'] : [])].sort();

let account: Record<string, Json>;
let accountTwoRegions: Record<string, Json>[];
let organization: Record<string, Json>[];
let memberRoles: Record<string, Json>;

beforeAll(() => {
  account = synthesize().templates[0]!.toJSON()['Resources'] as Record<string, Json>;
  accountTwoRegions = synthesize({ regions: 'us-east-1,eu-west-1' }).templates.map((t) => t.toJSON()['Resources'] as Record<string, Json>);
  organization = synthesize({ mode: 'organization', regions: 'us-east-1,eu-west-1' }).templates.map((t) => t.toJSON()['Resources'] as Record<string, Json>);
  memberRoles = memberRolesTemplate(CATALOG, loadRunbooks()).Resources;
});
afterAll(cleanUp);

/** Every policy statement of a set of resources, with where it is. */
function statementsOf(resources: Record<string, Json>): { where: string; statement: PolicyStatementJson }[] {
  const found: { where: string; statement: PolicyStatementJson }[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (resource['Type'] === 'AWS::IAM::Role') for (const statement of roleStatements(resource)) found.push({ where: id, statement });
    if (resource['Type'] === 'AWS::IAM::Policy' || resource['Type'] === 'AWS::IAM::ManagedPolicy') {
      for (const statement of (propertiesOf(resource)['PolicyDocument'] as { Statement: PolicyStatementJson[] }).Statement) found.push({ where: id, statement });
    }
  }
  return found;
}

const everyTemplate = (): [string, Record<string, Json>][] => [
  ['account', account],
  ...accountTwoRegions.map((t, i): [string, Record<string, Json>] => [`account region ${i}`, t]),
  ...organization.map((t, i): [string, Record<string, Json>] => [`organization region ${i}`, t]),
  ['member roles', memberRoles],
];

describe('every IAM statement is scoped', () => {
  it('allows no wildcard action', () => {
    for (const [name, resources] of everyTemplate()) {
      for (const { where, statement } of statementsOf(resources)) {
        for (const action of actionsOf(statement)) expect(`${name} ${where} ${action}`).not.toMatch(/\*/);
      }
    }
  });

  it('grants on * only actions for which IAM defines no resource type', () => {
    // The whole list, stated here: adding to it needs a reason in infra/permissions.ts.
    expect([...ACTIONS_WITHOUT_RESOURCE_TYPES].sort()).toEqual(['config:GetResourceConfigHistory', 'config:PutEvaluations', 'dms:DescribeEndpoints']);
    let unscoped = 0;
    for (const [, resources] of everyTemplate()) {
      for (const { statement } of statementsOf(resources)) {
        if (!resourcesIn(statement).includes('*')) continue;
        unscoped++;
        expect(statement.Condition).toBeUndefined();
        for (const action of actionsOf(statement)) expect(ACTIONS_WITHOUT_RESOURCE_TYPES).toContain(action);
      }
    }
    expect(unscoped).toBeGreaterThan(0);
  });

  it('uses no managed policy but the aggregator\'s, and never the AWSConfigRulesExecutionRole wildcard set', () => {
    for (const [name, resources] of everyTemplate()) {
      expect(JSON.stringify(resources)).not.toContain('AWSConfigRulesExecutionRole');
      for (const [id, resource] of Object.entries(resources)) {
        if (resource['Type'] !== 'AWS::IAM::Role' || propertiesOf(resource)['ManagedPolicyArns'] === undefined) continue;
        expect(`${name} ${id}`).toMatch(/AggregatorRole/);
      }
    }
  });
});

describe('rule roles', () => {
  it('let each account-mode Lambda call only Config and the Describe calls of its resource type, besides its logs', () => {
    const roles = rolesByName(account);
    for (const rule of CATALOG) {
      const statements = roleStatements(roles.get(lambdaRoleName(rule.id))!);
      const actions = statements.flatMap(actionsOf).filter((action) => !action.startsWith('logs:'));
      expect(actions.sort()).toEqual(expectedRuleActions(rule));
    }
  });

  it('give each member execution role the same actions as the account-mode Lambda role', () => {
    const accountRoles = rolesByName(account);
    const members = rolesByName(memberRoles);
    for (const rule of CATALOG) {
      const actions = roleStatements(members.get(executionRoleName(rule.id))!).flatMap(actionsOf).sort();
      expect(actions).toEqual(expectedRuleActions(rule));
      const accountActions = roleStatements(accountRoles.get(lambdaRoleName(rule.id))!)
        .flatMap(actionsOf)
        .filter((action) => !action.startsWith('logs:'))
        .sort();
      expect(actions).toEqual(accountActions);
    }
  });

  it("scope every resource to the role's own account (or, to assume, the organization)", () => {
    for (const [, resources] of everyTemplate()) {
      for (const { statement } of statementsOf(resources)) {
        for (const resource of resourcesIn(statement)) {
          if (resource === '*') continue;
          if (resource.startsWith('arn:<AWS::Partition>:iam::*:role/')) {
            expect(statement.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } });
            continue;
          }
          expect(resource).toMatch(/^arn:(<AWS::Partition>|\$\{AWS::Partition\}):[a-z-]+:(<AWS::Region>|[a-z0-9-]*|\*):(<AWS::AccountId>|\$\{AWS::AccountId\}):/);
        }
      }
    }
  });
});

describe('the remediation role', () => {
  const remediationActions = (roles: Map<string, Json>) => roleStatements(roles.get(REMEDIATION_ROLE_NAME)!).flatMap(actionsOf);

  it('allows every API call that a runbook step makes (account stack and member accounts)', () => {
    for (const roles of [rolesByName(account), rolesByName(memberRoles)]) {
      const allowed = remediationActions(roles);
      for (const runbook of loadRunbooks()) {
        for (const call of runbook.apiCalls) expect(`${runbook.ruleId}: ${call.iamAction}`).toBe(`${runbook.ruleId}: ${allowed.find((a) => a === call.iamAction) ?? 'not allowed'}`);
      }
    }
  });

  it('allows nothing else but passing the DMS service role to DMS', () => {
    const called = new Set(loadRunbooks().flatMap((runbook) => runbook.apiCalls.map((call) => call.iamAction)));
    for (const roles of [rolesByName(account), rolesByName(memberRoles)]) {
      const statements = roleStatements(roles.get(REMEDIATION_ROLE_NAME)!);
      for (const statement of statements) {
        for (const action of actionsOf(statement)) {
          if (action === 'iam:PassRole') {
            expect(actionsOf(statement)).toEqual(['iam:PassRole']);
            expect(statement.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'dms.amazonaws.com' } });
          } else {
            expect(called).toContain(action);
          }
        }
      }
      expect(statements.flatMap(actionsOf)).toContain('iam:PassRole');
    }
  });

  it('is assumed only by SSM Automation executions of its own account', () => {
    const role = rolesByName(account).get(REMEDIATION_ROLE_NAME)!;
    const [trust] = (propertiesOf(role)['AssumeRolePolicyDocument'] as { Statement: Json[] }).Statement;
    expect(trust).toMatchObject({
      Principal: { Service: 'ssm.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': expect.anything() } },
    });
  });
});
