import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import type { Evaluation } from '@aws-sdk/client-config-service';
import type { DBCluster } from '@aws-sdk/client-rds';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { findRule } from '../../rules/catalog';
import { MalformedItemError, PutEvaluationsError, StaleHistoryItemError, WrongAccountError } from '../../rules/kit';
import type { Rule } from '../../rules/kit';
import type { LogSink } from '../../rules/kit/runtime';
import { ClientFactory, STALE_ANNOTATION, containerClientFactory, makeRuleHandler, silentLogger } from '../../rules/kit/runtime';
import { SimulatedServiceError, serveFromMemory, simulatedCredentials } from '../../sim/transport';
import { loadEvent, loadJson, withItem, withParameters } from '../helpers/fixtures';

const config = mockClient(ConfigServiceClient);
const rds = mockClient(RDSClient);

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

  it('refuses a history item older than the notified one, so that a retry reads the newer item', async () => {
    // GetResourceConfigHistory lists items at or before laterTime, newest first: one older than the
    // notification means the notified item is not readable yet.
    // https://docs.aws.amazon.com/config/latest/APIReference/API_GetResourceConfigHistory.html
    const history = loadJson<{ configurationItems: Record<string, unknown>[] }>('oversized-aurora-cluster.history.json');
    (history.configurationItems[0] as Record<string, unknown>)['configurationItemCaptureTime'] = '2022-02-20T09:00:00.000Z';
    config.on(GetResourceConfigHistoryCommand).resolves(history);
    const failure = handlerFor(findRule('rds-cluster-iam-authentication-enabled') as Rule)(loadJson('oversized-aurora-cluster.event.json'));
    await expect(failure).rejects.toBeInstanceOf(StaleHistoryItemError);
    await expect(failure).rejects.toThrow(
      'the configuration history of cluster-test has its item of 2022-02-20T09:00:00.000Z, older than the notified item of 2022-02-21T18:42:15.271Z',
    );
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
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

  it('puts the whole inventory of 250 clusters in 3 calls (the stale mark in a fourth) and marks a result older than the sweep NOT_APPLICABLE', async () => {
    // Prepare: 3 Describe pages; Config holds the sweep's own result for one cluster (stamped with the
    // sweep's start) and an older one for a cluster that no longer exists.
    const clusters = Array.from({ length: 250 }, (_, i) => cluster(i, i % 2 === 0));
    rds
      .on(DescribeDBClustersCommand, { Marker: undefined })
      .resolves({ DBClusters: clusters.slice(0, 100), Marker: 'p2' })
      .on(DescribeDBClustersCommand, { Marker: 'p2' })
      .resolves({ DBClusters: clusters.slice(100, 200), Marker: 'p3' })
      .on(DescribeDBClustersCommand, { Marker: 'p3' })
      .resolves({ DBClusters: clusters.slice(200) });
    const result_ = (id: string, ordering: string) => ({
      EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceType: 'AWS::RDS::DBCluster', ResourceId: id }, OrderingTimestamp: new Date(ordering) },
    });
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: [result_('cluster-00000000000000000000000001', '2025-06-02T12:00:00.000Z'), result_('cluster-DELETEDDDDDDDDDDDDDDDDDDDDD', '2025-06-01T12:00:00.000Z')],
    });
    // Act
    const result = await handlerFor(neptuneIam)(loadJson('scheduled.event.json'));
    // Assess
    expect(result).toEqual({ mode: 'scheduled', evaluations: 251, putCalls: 4 });
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
    expect(config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations?.length)).toEqual([100, 100, 50, 1]);
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

  it('puts the whole batch again when FailedEvaluations name nothing that was sent, then fails', async () => {
    const foreign = { ComplianceResourceType: 'AWS::RDS::DBCluster', ComplianceResourceId: 'cluster-SOMETHINGELSE', ComplianceType: 'NON_COMPLIANT' as const, OrderingTimestamp: new Date() };
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [foreign] });
    const failure = handlerFor(neptuneIam)(loadEvent('neptune-iam-off.json'));
    await expect(failure).rejects.toBeInstanceOf(PutEvaluationsError);
    const sent = config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations?.map((e) => e.ComplianceResourceId));
    expect(sent).toEqual(Array(4).fill(['cluster-NEPTUNELEGACYBBBBBBBBBBBBBB']));
  });

  it('is done only once Config refuses nothing, even after a mismatched answer', async () => {
    const foreign = { ComplianceResourceType: 'AWS::RDS::DBCluster', ComplianceResourceId: 'cluster-SOMETHINGELSE', ComplianceType: 'NON_COMPLIANT' as const, OrderingTimestamp: new Date() };
    config.on(PutEvaluationsCommand).resolvesOnce({ FailedEvaluations: [foreign] }).resolves({ FailedEvaluations: [] });
    const result = await handlerFor(neptuneIam)(loadEvent('neptune-iam-off.json'));
    expect(result.putCalls).toBe(2);
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

describe('one account, warm clients', () => {
  it('builds its clients once per container: two events are put through the same client objects', async () => {
    const factory = new ClientFactory({ credentials: simulatedCredentials });
    const handler = handlerFor(rdsInstanceIam, factory);
    await handler(loadEvent('rds-postgres-iam-off.json'));
    await handler(loadEvent('rds-postgres-iam-on.json'));
    const [first, second] = config.commandCalls(PutEvaluationsCommand).map((call) => call.thisValue as ConfigServiceClient);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect(factory.constructed).toEqual({ config: 1, rds: 0, dms: 0, lambda: 0 });
  });

  it('shares one client factory across every handler of the container by default', async () => {
    const log = capturedLog();
    await makeRuleHandler(neptuneIam, { log, sleep: noSleep })(loadEvent('neptune-iam-on.json'));
    await makeRuleHandler(neptuneIam, { log, sleep: noSleep })(loadEvent('neptune-iam-off.json'));
    const clients = config.commandCalls(PutEvaluationsCommand).map((call) => call.thisValue as ConfigServiceClient);
    expect(clients).toHaveLength(2);
    expect(clients[1]).toBe(clients[0]);
    expect(containerClientFactory()).toBe(containerClientFactory());
  });

  it('puts with the credentials of the function itself, in the region of the item', async () => {
    await handlerFor(rdsInstanceIam)(loadEvent('rds-postgres-iam-off.json'));
    const client = config.commandCalls(PutEvaluationsCommand)[0]?.thisValue as ConfigServiceClient;
    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: simulatedCredentials.accessKeyId });
    expect(await client.config.region()).toBe('us-east-1');
  });

  it("refuses an event about another account than the function's own, and puts nothing", async () => {
    const context = { invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:dbauth-rds-instance-iam-authentication-enabled', getRemainingTimeInMillis: () => 300_000 };
    const failure = handlerFor(rdsInstanceIam)(loadEvent('rds-postgres-iam-off.json'), context);
    await expect(failure).rejects.toBeInstanceOf(WrongAccountError);
    await expect(failure).rejects.toThrow("the event is about account 644160558196, but this function's account is account 111122223333");
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });
});

describe('structured logs', () => {
  it('carry the rule, account, region and resource on every line', async () => {
    const log = capturedLog();
    await makeRuleHandler(rdsInstanceIam, { factory: new ClientFactory({ credentials: simulatedCredentials }), log, sleep: noSleep })(loadEvent('rds-postgres-iam-off.json'));
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'evaluation',
        rule: 'rds-instance-iam-authentication-enabled',
        account: '644160558196',
        region: 'us-east-1',
        resource: 'db-KOCU7UR74VM3AC4R3H2UXX7PE4',
        compliance: 'NON_COMPLIANT',
      }),
    ]);
  });

  it('name the resource of a failure', async () => {
    const log = capturedLog();
    const broken = withItem(loadEvent('neptune-iam-off.json'), (item) => {
      (item['configuration'] as Record<string, unknown>)['iamdatabaseAuthenticationEnabled'] = 'yes';
    });
    await expect(makeRuleHandler(neptuneIam, { log, sleep: noSleep })(broken)).rejects.toBeInstanceOf(MalformedItemError);
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        rule: 'neptune-cluster-iam-database-authentication',
        account: '123456789012',
        region: 'us-east-2',
        resource: 'cluster-NEPTUNELEGACYBBBBBBBBBBBBBB',
        error: 'MalformedItemError',
      }),
    ]);
  });
});

function capturedLog(): LogSink & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    info: (message, fields) => lines.push({ level: 'INFO', message, ...fields }),
    error: (message, fields) => lines.push({ level: 'ERROR', message, ...fields }),
  };
}
