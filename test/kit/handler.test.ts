import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import type { Evaluation } from '@aws-sdk/client-config-service';
import type { DBCluster } from '@aws-sdk/client-rds';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { findRule } from '../../rules/catalog';
import { AssumeRoleError, MalformedItemError, PutEvaluationsError } from '../../rules/kit';
import type { Rule } from '../../rules/kit';
import { ClientFactory, STALE_ANNOTATION, makeRuleHandler, silentLogger } from '../../rules/kit/runtime';
import { SimulatedServiceError, serveFromMemory, simulatedCredentials } from '../../sim/transport';
import { loadEvent, loadJson, withItem, withParameters } from '../helpers/fixtures';

const config = mockClient(ConfigServiceClient);
const rds = mockClient(RDSClient);
const sts = mockClient(STSClient);

const neptuneIam = findRule('neptune-cluster-iam-database-authentication') as Rule;
const rdsInstanceIam = findRule('rds-instance-iam-authentication-enabled') as Rule;
const noSleep = () => Promise.resolve();

function handlerFor(rule: Rule, factory = new ClientFactory({ credentials: simulatedCredentials })) {
  return makeRuleHandler(rule, { factory, log: silentLogger, sleep: noSleep });
}

function putEvaluations(): Evaluation[] {
  return config.commandCalls(PutEvaluationsCommand).flatMap((call) => call.args[0].input.Evaluations ?? []);
}

beforeEach(() => {
  config.reset();
  rds.reset();
  sts.reset();
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
});

describe('change notifications', () => {
  it('puts exactly one evaluation, stamped with the item capture time, in test mode for the TESTMODE token', async () => {
    // Prepare
    const event = loadEvent('neptune-iam-off.json');
    // Act
    const result = await handlerFor(neptuneIam)(event);
    // Assess
    expect(result).toEqual({ mode: 'change', evaluations: 1, putCalls: 1 });
    const [call] = config.commandCalls(PutEvaluationsCommand);
    expect(call?.args[0].input).toMatchObject({ ResultToken: 'TESTMODE', TestMode: true });
    expect(putEvaluations()).toEqual([
      {
        ComplianceResourceType: 'AWS::RDS::DBCluster',
        ComplianceResourceId: 'cluster-NEPTUNELEGACYBBBBBBBBBBBBBB',
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'IAM database authentication is disabled on Neptune cluster graph-legacy: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --enable-iam-database-authentication --apply-immediately',
        OrderingTimestamp: new Date('2022-02-21T18:42:15.271Z'),
      },
    ]);
  });

  it('sends a real result token without test mode', async () => {
    await handlerFor(neptuneIam)({ ...loadEvent('neptune-iam-on.json'), resultToken: 'token-123' });
    expect(config.commandCalls(PutEvaluationsCommand)[0]?.args[0].input).toMatchObject({ ResultToken: 'token-123', TestMode: false });
  });

  it.each([
    ['deleted resource', 'rds-deleted.json', (_: Record<string, unknown>) => undefined, 'resource deleted: nothing left to evaluate'],
    ['resource that left the scope', 'rds-left-scope.json', (_: Record<string, unknown>) => undefined, 'the resource left the scope of this rule'],
    [
      'resource type no longer recorded',
      'rds-postgres-iam-off.json',
      (item: Record<string, unknown>) => {
        item['configurationItemStatus'] = 'ResourceNotRecorded';
        item['configuration'] = null;
      },
      'Config does not record this resource type here: nothing to evaluate from this item',
    ],
  ])('reports a %s NOT_APPLICABLE', async (_name, fixture, edit, annotation) => {
    await handlerFor(rdsInstanceIam)(withItem(loadEvent(fixture), edit));
    expect(putEvaluations()).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'db-KOCU7UR74VM3AC4R3H2UXX7PE4', ComplianceType: 'NOT_APPLICABLE', Annotation: annotation }),
    ]);
  });

  it('reports an exempted resource NOT_APPLICABLE with the reason from its tag, under a configurable tag key', async () => {
    const tagged = withItem(loadEvent('rds-postgres-iam-off.json'), (item) => {
      item['tags'] = { 'security:exception': 'legacy app, ticket SEC-42' };
    });
    await handlerFor(rdsInstanceIam)(withParameters(tagged, { ExemptionTagKey: 'security:exception' }));
    expect(putEvaluations()[0]).toMatchObject({ ComplianceType: 'NOT_APPLICABLE', Annotation: 'exempt: legacy app, ticket SEC-42' });
  });

  it('fails the invocation with a named error, and puts nothing, for a malformed item', async () => {
    const broken = withItem(loadEvent('neptune-iam-off.json'), (item) => {
      (item['configuration'] as Record<string, unknown>)['iamdatabaseAuthenticationEnabled'] = 'yes';
    });
    const failure = handlerFor(neptuneIam)(broken);
    await expect(failure).rejects.toBeInstanceOf(MalformedItemError);
    await expect(failure).rejects.toThrow(
      'malformed configuration item at configurationItem.configuration.iamdatabaseAuthenticationEnabled: expected true or false, got the string "yes"',
    );
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });
});

describe('oversized notifications', () => {
  it('reads the item from the configuration history and judges it', async () => {
    config.on(GetResourceConfigHistoryCommand).resolves(loadJson('oversized-aurora-cluster.history.json'));
    const rule = findRule('rds-cluster-iam-authentication-enabled') as Rule;
    await handlerFor(rule)(loadJson('oversized-aurora-cluster.event.json'));
    const [history] = config.commandCalls(GetResourceConfigHistoryCommand);
    expect(history?.args[0].input).toEqual({
      resourceType: 'AWS::RDS::DBCluster',
      resourceId: 'cluster-test',
      laterTime: new Date('2022-02-21T18:42:15.271Z'),
      limit: 1,
    });
    expect(putEvaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceId: 'cluster-test',
        ComplianceType: 'NON_COMPLIANT',
        OrderingTimestamp: new Date('2022-02-21T18:42:15.271Z'),
      }),
    ]);
  });

  it('names the resource when the history has no item for it', async () => {
    config.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [] });
    await expect(handlerFor(neptuneIam)(loadJson('oversized-aurora-cluster.event.json'))).rejects.toThrow(
      'no configuration item in the history of AWS::RDS::DBCluster cluster-test at 2022-02-21T18:42:15.271Z',
    );
  });
});

describe('scheduled notifications (periodic sweep)', () => {
  const cluster = (i: number, iam: boolean): DBCluster => ({
    DBClusterIdentifier: `graph-${i}`,
    DbClusterResourceId: `cluster-${String(i).padStart(26, '0')}`,
    Engine: i % 10 === 0 ? 'aurora-postgresql' : 'neptune',
    IAMDatabaseAuthenticationEnabled: iam,
    TagList: [],
  });

  it('puts the whole inventory of 250 clusters in 3 calls and marks a resource that is gone NOT_APPLICABLE', async () => {
    // Prepare: 3 Describe pages; Config remembers one cluster that no longer exists.
    const clusters = Array.from({ length: 250 }, (_, i) => cluster(i, i % 2 === 0));
    rds
      .on(DescribeDBClustersCommand, { Marker: undefined })
      .resolves({ DBClusters: clusters.slice(0, 100), Marker: 'p2' })
      .on(DescribeDBClustersCommand, { Marker: 'p2' })
      .resolves({ DBClusters: clusters.slice(100, 200), Marker: 'p3' })
      .on(DescribeDBClustersCommand, { Marker: 'p3' })
      .resolves({ DBClusters: clusters.slice(200) });
    const qualifier = (id: string) => ({ EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceType: 'AWS::RDS::DBCluster', ResourceId: id } } });
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: [qualifier('cluster-00000000000000000000000001'), qualifier('cluster-DELETEDDDDDDDDDDDDDDDDDDDDD')],
    });
    // Act
    const result = await handlerFor(neptuneIam)(loadJson('scheduled.event.json'));
    // Assess
    expect(result).toEqual({ mode: 'scheduled', evaluations: 251, putCalls: 3 });
    expect(rds.commandCalls(DescribeDBClustersCommand).map((c) => c.args[0].input)).toEqual([
      { MaxRecords: 100, Marker: undefined },
      { MaxRecords: 100, Marker: 'p2' },
      { MaxRecords: 100, Marker: 'p3' },
    ]);
    expect(config.commandCalls(GetComplianceDetailsByConfigRuleCommand)[0]?.args[0].input).toMatchObject({
      ConfigRuleName: 'rule-under-test',
      ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'],
    });
    const evaluations = putEvaluations();
    expect(config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations?.length)).toEqual([100, 100, 51]);
    expect(new Set(evaluations.map((e) => e.ComplianceResourceId)).size).toBe(251);
    expect(evaluations.every((e) => e.OrderingTimestamp?.toISOString() === '2025-06-02T12:00:00.000Z')).toBe(true);
    expect(evaluations.find((e) => e.ComplianceResourceId === 'cluster-DELETEDDDDDDDDDDDDDDDDDDDDD')).toMatchObject({
      ComplianceType: 'NOT_APPLICABLE',
      Annotation: STALE_ANNOTATION,
    });
    const counts = evaluations.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.ComplianceType ?? '?']: (acc[e.ComplianceType ?? '?'] ?? 0) + 1 }), {});
    // Every tenth cluster is Aurora (not applicable); of the Neptune ones, even indexes have IAM auth on.
    expect(counts).toEqual({ COMPLIANT: 100, NON_COMPLIANT: 125, NOT_APPLICABLE: 26 });
  });
});

describe('PutEvaluations failures', () => {
  it('puts again only the evaluations Config listed as failed', async () => {
    const event = loadEvent('neptune-iam-off.json');
    config
      .on(PutEvaluationsCommand)
      .resolvesOnce({ FailedEvaluations: [{ ComplianceResourceType: 'AWS::RDS::DBCluster', ComplianceResourceId: 'cluster-NEPTUNELEGACYBBBBBBBBBBBBBB', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date() }] })
      .resolves({ FailedEvaluations: [] });
    const result = await handlerFor(neptuneIam)(event);
    expect(result.putCalls).toBe(2);
  });

  it('raises a PutEvaluationsError naming the resources that kept failing', async () => {
    config.on(PutEvaluationsCommand).callsFake((input: { Evaluations: Evaluation[] }) => ({ FailedEvaluations: input.Evaluations }));
    const failure = handlerFor(neptuneIam)(loadEvent('neptune-iam-off.json'));
    await expect(failure).rejects.toBeInstanceOf(PutEvaluationsError);
    await expect(failure).rejects.toThrow('PutEvaluations failed for 1 evaluation(s): still failing after 3 retries (first: AWS::RDS::DBCluster cluster-NEPTUNELEGACYBBBBBBBBBBBBBB)');
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(4);
  });

  it('retries throttled calls through the SDK retry strategy', async () => {
    // aws-sdk-client-mock replaces send(), bypassing retries; the in-memory transport sits below them.
    config.restore();
    let attempts = 0;
    const factory = new ClientFactory({
      credentials: simulatedCredentials,
      configure: (client) => {
        if (client instanceof ConfigServiceClient) {
          serveFromMemory(client, {
            PutEvaluations: () => {
              attempts++;
              if (attempts <= 2) throw new SimulatedServiceError('ThrottlingException', 'Rate exceeded');
              return { FailedEvaluations: [] };
            },
          });
        }
      },
    });
    const result = await handlerFor(neptuneIam, factory)(loadEvent('neptune-iam-on.json'));
    expect(attempts).toBe(3);
    expect(result.putCalls).toBe(1);
  });
});

describe('cross-account execution role', () => {
  const expiration = new Date(Date.now() + 3600_000);
  const assumed = { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 'member-secret', SessionToken: 'member-token', Expiration: expiration };

  it('assumes the named role in the resource account and puts the evaluation with those credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: assumed });
    const event = withParameters(loadEvent('rds-postgres-iam-off.json'), { ExecutionRoleName: 'dbauth-execution' });
    await handlerFor(rdsInstanceIam)(event);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleArn: 'arn:aws:iam::644160558196:role/dbauth-execution',
      RoleSessionName: 'dbauth-config-rules',
    });
    const client = config.commandCalls(PutEvaluationsCommand)[0]?.thisValue as ConfigServiceClient;
    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAMEMBER', sessionToken: 'member-token' });
    expect(await client.config.region()).toBe('us-east-1');
  });

  it('reuses the credentials of each account until shortly before they expire', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: assumed });
    const handler = handlerFor(rdsInstanceIam);
    const event = withParameters(loadEvent('rds-postgres-iam-off.json'), { ExecutionRoleName: 'dbauth-execution' });
    for (let i = 0; i < 5; i++) await handler(event);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('assumes the role again once the cached credentials are about to expire', async () => {
    let now = Date.now();
    sts.on(AssumeRoleCommand).callsFake(() => ({ Credentials: { ...assumed, Expiration: new Date(now + 3600_000) } }));
    const factory = new ClientFactory({ credentials: simulatedCredentials, now: () => now });
    const handler = handlerFor(rdsInstanceIam, factory);
    const event = withParameters(loadEvent('rds-postgres-iam-off.json'), { ExecutionRoleName: 'dbauth-execution' });
    await handler(event);
    now += 54 * 60_000;
    await handler(event);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    now += 2 * 60_000;
    await handler(event);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    expect(factory.assumeRoleCalls).toBe(2);
  });

  it('names the role, the account and what to check when access is denied', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const event = withParameters(loadEvent('rds-postgres-iam-off.json'), { ExecutionRoleName: 'dbauth-execution' });
    const failure = handlerFor(rdsInstanceIam)(event);
    await expect(failure).rejects.toBeInstanceOf(AssumeRoleError);
    await expect(failure).rejects.toThrow(
      "cannot assume arn:aws:iam::644160558196:role/dbauth-execution in account 644160558196: access denied (User is not authorized to perform: sts:AssumeRole). Check that the role exists in that account, that its trust policy names this Lambda's role, and that this Lambda's role may call sts:AssumeRole on it",
    );
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });
});
