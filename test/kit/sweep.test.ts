import { readFileSync } from 'node:fs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { Evaluation } from '@aws-sdk/client-config-service';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { DBCluster } from '@aws-sdk/client-rds';
import { RDSClient } from '@aws-sdk/client-rds';
import fc from 'fast-check';
import { findRule } from '../../rules/catalog';
import type { Rule } from '../../rules/kit';
import { InvalidContinuationError, InvalidSettingError, SweepIncompleteError } from '../../rules/kit';
import type { HandlerOptions } from '../../rules/kit/runtime';
import { ClientFactory, STALE_ANNOTATION, isStale, makeRuleHandler, silentLogger } from '../../rules/kit/runtime';
import { SimulatedConfigService } from '../../sim/config-service';
import { SimulatedFunction } from '../../sim/lambda-service';
import { syntheticCluster, syntheticEstate } from '../../sim/synthetic-estate';
import { Network, SimulatedServiceError, VirtualClock, simulatedCredentials } from '../../sim/transport';
import { loadJson } from '../helpers/fixtures';

/**
 * Resumable sweeps through the real handler and SDK clients, against a simulated account, Config and
 * Lambda: cut anywhere, a sweep ends with the same evaluations as one run through in one invocation.
 */
const ACCOUNT = '123456789012';
const RULE_NAME = 'dbauth-neptune-cluster-iam-database-authentication';
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:dbauth-neptune-cluster-iam-database-authentication`;
const rule = findRule('neptune-cluster-iam-database-authentication') as Rule;
const BEFORE = new Date('2025-06-01T12:00:00.000Z');
const scheduledEvent = () => ({ ...loadJson('scheduled.event.json'), configRuleName: RULE_NAME, resultToken: RULE_NAME });

interface Setup {
  readonly clusters: number;
  /** Earlier results of clusters that no longer exist. */
  readonly gone: number;
  readonly extraClusters?: readonly DBCluster[];
  /** Clusters whose earlier results Config holds (an earlier sweep). */
  readonly reportedBefore?: number;
  readonly refuse?: (evaluation: Evaluation) => boolean;
  readonly failAttributesOf?: string;
  /** Called on every Describe or GetComplianceDetails page request (the simulated time moves here). */
  readonly onPage?: () => void;
}

function world(setup: Setup) {
  const account = syntheticEstate({ clusters: setup.clusters, instances: 0, snapshots: 0, endpoints: 0 }, { accountId: ACCOUNT });
  for (const cluster of setup.extraClusters ?? []) account.addCluster(cluster);
  let time = 0;
  const clock = { now: () => time, advance: (ms: number) => (time += ms) };
  const config = new SimulatedConfigService({ refuse: setup.refuse });
  const history: Evaluation[] = [
    ...Array.from({ length: setup.reportedBefore ?? setup.clusters }, (_, i) => syntheticCluster(i)).map((c) => ({
      ComplianceResourceType: 'AWS::RDS::DBCluster',
      ComplianceResourceId: c.DbClusterResourceId,
      ComplianceType: 'NON_COMPLIANT' as const,
      OrderingTimestamp: BEFORE,
    })),
    ...Array.from({ length: setup.gone }, (_, i) => ({
      ComplianceResourceType: 'AWS::RDS::DBCluster',
      ComplianceResourceId: `cluster-GONE${String(i).padStart(22, '0')}`,
      ComplianceType: i % 2 === 0 ? ('COMPLIANT' as const) : ('NON_COMPLIANT' as const),
      OrderingTimestamp: BEFORE,
    })),
  ];
  const put = config.handlers()['PutEvaluations'] as (input: Record<string, unknown>) => unknown;
  for (let i = 0; i < history.length; i += 100) put({ ResultToken: RULE_NAME, Evaluations: history.slice(i, i + 100) });
  const fn = new SimulatedFunction(FUNCTION_ARN, clock, 300_000);
  let calls = 0;
  const count = (client: object) => {
    (client as RDSClient).middlewareStack.add(
      (next, context) => async (args) => {
        calls++;
        const operation = context.commandName ?? '';
        if (operation === 'DescribeDBClustersCommand' || operation === 'GetComplianceDetailsByConfigRuleCommand') setup.onPage?.();
        if (operation === 'DescribeDBClusterSnapshotAttributesCommand' && (args.input as { DBClusterSnapshotIdentifier?: string }).DBClusterSnapshotIdentifier === setup.failAttributesOf) {
          throw new SimulatedServiceError('InternalFailure', 'simulated: this call always fails', 500);
        }
        return next(args);
      },
      { step: 'initialize', name: 'countCalls', priority: 'high' },
    );
  };
  const factory = new ClientFactory({
    credentials: simulatedCredentials,
    maxAttempts: 2,
    configure: (client) => {
      count(client);
      if (client instanceof ConfigServiceClient) serveAll(client, config.handlers());
      else if (client instanceof LambdaClient) serveAll(client, fn.handlers());
      else account.serve(client);
    },
  });
  return { account, config, fn, clock, factory, calls: () => calls };
}

function serveAll(client: object, handlers: ReturnType<SimulatedConfigService['handlers']>) {
  (client as RDSClient).middlewareStack.add(
    (_next, context) => async (args) => {
      const handler = handlers[(context.commandName ?? '').replace(/Command$/, '')];
      if (!handler) throw new SimulatedServiceError('InvalidAction', `not simulated: ${context.commandName}`);
      const output = ((await handler(args.input as Record<string, unknown>)) ?? {});
      return { output: { $metadata: {}, ...output }, response: {} };
    },
    { step: 'deserialize', name: 'serveAll', priority: 'high' },
  );
}

const handlerOptions = (w: ReturnType<typeof world>, extra: Partial<HandlerOptions> = {}): HandlerOptions => ({
  factory: w.factory,
  log: silentLogger,
  sleep: () => Promise.resolve(),
  budget: { marginShare: 0, reserveMs: 0 },
  ...extra,
});

/** Config's final results of the rule, in a comparable form. */
const finalResults = (w: ReturnType<typeof world>) =>
  w.config
    .evaluations(RULE_NAME)
    .map((e) => `${e.ComplianceResourceId} ${e.ComplianceType} ${e.OrderingTimestamp?.toISOString()} ${e.Annotation}`)
    .sort();

describe('a sweep across invocations', () => {
  it('ends with the same evaluations wherever it is cut, at the floor plus at most two calls a cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 420 }), fc.integer({ min: 0, max: 150 }), fc.uniqueArray(fc.integer({ min: 1, max: 14 }), { maxLength: 6 }), async (clusters, gone, cuts) => {
        const whole = world({ clusters, gone });
        const [single] = await whole.fn.run(makeRuleHandler(rule, handlerOptions(whole)), scheduledEvent());
        expect(single?.error).toBeUndefined();

        // Each cut makes the time run out during that page request (counted across inventory and clean-up).
        let pages = 0;
        const cutWorld = world({
          clusters,
          gone,
          onPage: () => {
            pages++;
            cutWorld.clock.advance(cuts.includes(pages) ? 300_000 : 1);
          },
        });
        const runs = await cutWorld.fn.run(makeRuleHandler(rule, handlerOptions(cutWorld)), scheduledEvent());

        expect(runs.map((r) => r.error)).toEqual(runs.map(() => undefined));
        expect(finalResults(cutWorld)).toEqual(finalResults(whole));
        expect(cutWorld.calls()).toBeLessThanOrEqual(whole.calls() + 2 * (runs.length - 1));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('marks the results of vanished resources NOT_APPLICABLE, stamped with the sweep start, and keeps the rest', async () => {
    const w = world({ clusters: 250, gone: 30 });
    await w.fn.run(makeRuleHandler(rule, handlerOptions(w)), scheduledEvent());
    const results = w.config.evaluations(RULE_NAME);
    const gone = results.filter((e) => e.ComplianceResourceId?.startsWith('cluster-GONE'));
    expect(gone).toHaveLength(30);
    expect(gone.every((e) => e.ComplianceType === 'NOT_APPLICABLE' && e.Annotation === STALE_ANNOTATION)).toBe(true);
    expect(results.every((e) => e.OrderingTimestamp?.toISOString() === '2025-06-02T12:00:00.000Z')).toBe(true);
    expect(results).toHaveLength(280);
  });

  it('hands on with a small continuation through an asynchronous invoke of its own function', async () => {
    let pages = 0;
    const w = world({ clusters: 300, gone: 0, onPage: () => w.clock.advance(++pages === 2 ? 300_000 : 1) });
    const runs = await w.fn.run(makeRuleHandler(rule, handlerOptions(w)), scheduledEvent());
    expect(runs).toHaveLength(2);
    expect(runs[0]?.result).toMatchObject({
      mode: 'scheduled',
      evaluations: 200,
      continuation: { rule: rule.id, resourceType: 'AWS::RDS::DBCluster', phase: 'inventory', sweepStart: '2025-06-02T12:00:00.000Z', invocation: 2, evaluated: 200 },
    });
    expect(JSON.stringify((runs[0]?.result as { continuation: unknown }).continuation).length).toBeLessThan(400);
    expect(runs[1]?.result).toMatchObject({ evaluations: 100 });
  });

  it('refuses a continuation that this runtime did not write', async () => {
    const w = world({ clusters: 1, gone: 0 });
    const forged = { ...scheduledEvent(), dbauthContinuation: { rule: rule.id, resourceType: 'AWS::RDS::DBCluster', phase: 'everything', sweepStart: '2025-06-02T12:00:00.000Z' } };
    await expect(makeRuleHandler(rule, handlerOptions(w))(forged)).rejects.toThrow(InvalidContinuationError);
    await expect(makeRuleHandler(rule, handlerOptions(w))(forged)).rejects.toThrow('malformed event at event.dbauthContinuation: phase "everything" is not inventory or cleanup');
  });
});

describe('isStale: the timestamps of an EvaluationResult', () => {
  // GetComplianceDetailsByConfigRule returns EvaluationResult with EvaluationResultIdentifier.OrderingTimestamp,
  // ResultRecordedTime and ConfigRuleInvokedTime (Config's API model, aws-sdk apis/config-2014-11-12).
  const model = JSON.parse(readFileSync(require.resolve('aws-sdk/apis/config-2014-11-12.min.json'), 'utf8')) as { operations: Record<string, { output: { members: Record<string, { shape: string }> } }>; shapes: Record<string, { member?: { members: Record<string, { shape?: string }> }; members?: Record<string, unknown> }> };
  it('reads fields that Config’s model names', () => {
    const list = model.shapes[model.operations['GetComplianceDetailsByConfigRule']?.output.members['EvaluationResults']?.shape as string];
    const result = list?.member?.members ?? {};
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['EvaluationResultIdentifier', 'ResultRecordedTime']));
    expect(Object.keys(model.shapes[result['EvaluationResultIdentifier']?.shape as string]?.members ?? {})).toContain('OrderingTimestamp');
  });

  it.each([
    ['older ordering timestamp', { EvaluationResultIdentifier: { OrderingTimestamp: new Date('2025-06-02T11:59:59Z') } }, true],
    ['same second, stored with less precision', { EvaluationResultIdentifier: { OrderingTimestamp: new Date('2025-06-02T12:00:00Z') } }, false],
    ['newer (a change notification since)', { EvaluationResultIdentifier: { OrderingTimestamp: new Date('2025-06-02T12:05:00Z') } }, false],
    ['no ordering timestamp, recorded before', { ResultRecordedTime: new Date('2025-06-01T00:00:00Z') }, true],
    ['no time at all', {}, false],
  ])('%s', (_name, result, stale) => {
    expect(isStale(result, '2025-06-02T12:00:00.400Z')).toBe(stale);
  });
});

describe('failure isolation', () => {
  const broken: DBCluster = { ...syntheticCluster(5000), IAMDatabaseAuthenticationEnabled: 'yes' as unknown as boolean };

  it('puts every other resource when one cannot be decoded, keeps its earlier result, and fails at the end naming it', async () => {
    const w = world({ clusters: 250, gone: 10, extraClusters: [broken] });
    await w.config.handlers()['PutEvaluations']?.({
      ResultToken: RULE_NAME,
      Evaluations: [{ ComplianceResourceType: 'AWS::RDS::DBCluster', ComplianceResourceId: broken.DbClusterResourceId, ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: BEFORE }],
    });
    const [run] = await w.fn.run(makeRuleHandler(rule, handlerOptions(w)), scheduledEvent());
    expect(run?.error).toBeInstanceOf(SweepIncompleteError);
    expect((run?.error as Error).message).toBe(
      `sweep of ${rule.id}: 1 resource(s) could not be judged or put, 260 evaluation(s) put (first: ${broken.DbClusterResourceId}: malformed configuration item at DBCluster.IAMDatabaseAuthenticationEnabled: expected true or false, got the string "yes")`,
    );
    const results = w.config.evaluations(RULE_NAME);
    expect(results.filter((e) => e.OrderingTimestamp?.getTime() === new Date('2025-06-02T12:00:00.000Z').getTime())).toHaveLength(260);
    // Not called gone: its earlier result stays as it was.
    expect(results.find((e) => e.ComplianceResourceId === broken.DbClusterResourceId)).toMatchObject({ ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: BEFORE });
  });

  it('records an evaluation Config keeps refusing as a failure and puts the others', async () => {
    const refused = syntheticCluster(7).DbClusterResourceId;
    const w = world({ clusters: 120, gone: 0, refuse: (e) => e.ComplianceResourceId === refused });
    const [run] = await w.fn.run(makeRuleHandler(rule, handlerOptions(w)), scheduledEvent());
    expect(run?.error).toBeInstanceOf(SweepIncompleteError);
    expect((run?.error as Error).message).toContain(`1 resource(s) could not be judged or put, 119 evaluation(s) put (first: ${refused}: Config kept refusing its evaluation (FailedEvaluations))`);
  });

  it('records a snapshot whose sharing cannot be read, and judges the rest', async () => {
    const snapshotRule = findRule('neptune-cluster-snapshot-public-prohibited') as Rule;
    const w = world({ clusters: 0, gone: 0, failAttributesOf: 'snapshot-4' });
    for (let i = 0; i < 12; i++) {
      w.account.addClusterSnapshot({ DBClusterSnapshotIdentifier: `snapshot-${i}`, Engine: i % 3 === 2 ? 'aurora-mysql' : 'neptune', SnapshotType: 'manual' });
    }
    const [run] = await w.fn.run(makeRuleHandler(snapshotRule, handlerOptions(w, { concurrency: 3 })), scheduledEvent());
    expect((run?.error as Error).message).toBe(`sweep of ${snapshotRule.id}: 1 resource(s) could not be judged or put, 11 evaluation(s) put (first: snapshot-4: simulated: this call always fails)`);
    const attributeCalls = w.account.calls.filter((c) => c.operation === 'DescribeDBClusterSnapshotAttributes').map((c) => c.input['DBClusterSnapshotIdentifier']);
    // Aurora's snapshots are not judged by a Neptune rule: their sharing is never read.
    expect(new Set(attributeCalls)).toEqual(new Set(['snapshot-0', 'snapshot-1', 'snapshot-3', 'snapshot-6', 'snapshot-7', 'snapshot-9', 'snapshot-10']));
  });
});

describe('bounded concurrency', () => {
  const snapshotRule = findRule('neptune-cluster-snapshot-public-prohibited') as Rule;

  it.each([1, 3, 8])('keeps at most %i sharing reads in flight (DBAUTH_SWEEP_CONCURRENCY)', async (limit) => {
    const w = world({ clusters: 0, gone: 0 });
    for (let i = 0; i < 40; i++) w.account.addClusterSnapshot({ DBClusterSnapshotIdentifier: `snapshot-${i}`, Engine: 'neptune', SnapshotType: 'manual' });
    const clock = new VirtualClock();
    let inFlight = 0;
    let most = 0;
    const network = new Network({ clock, latencyMs: 100, throttleEvery: 0 });
    const factory = new ClientFactory({
      credentials: simulatedCredentials,
      configure: (client) => {
        if (client instanceof RDSClient) {
          network.install(client);
          client.middlewareStack.add(
            (next, context) => async (args) => {
              if (context.commandName !== 'DescribeDBClusterSnapshotAttributesCommand') return next(args);
              most = Math.max(most, ++inFlight);
              try {
                return await next(args);
              } finally {
                inFlight--;
              }
            },
            { step: 'initialize', name: 'inFlight', priority: 'high' },
          );
          w.account.serve(client);
        } else if (client instanceof ConfigServiceClient) {
          serveAll(client, w.config.handlers());
        }
      },
    });
    process.env['DBAUTH_SWEEP_CONCURRENCY'] = String(limit);
    try {
      await makeRuleHandler(snapshotRule, { factory, log: silentLogger, sleep: (ms) => clock.sleep(ms) })(scheduledEvent());
    } finally {
      delete process.env['DBAUTH_SWEEP_CONCURRENCY'];
    }
    expect(most).toBe(limit);
    // 40 reads of 100 ms, `limit` at a time, besides the Describe call: simulated time shows the overlap.
    expect(clock.now()).toBe(100 + Math.ceil(40 / limit) * 100);
  });

  it('refuses a concurrency setting outside 1–50 with a named error', async () => {
    const w = world({ clusters: 1, gone: 0 });
    process.env['DBAUTH_SWEEP_CONCURRENCY'] = '0';
    try {
      const failure = makeRuleHandler(snapshotRule, { factory: w.factory, log: silentLogger })(scheduledEvent());
      await expect(failure).rejects.toBeInstanceOf(InvalidSettingError);
      await expect(failure).rejects.toThrow('invalid setting DBAUTH_SWEEP_CONCURRENCY: "0" is not a whole number from 1 to 50');
    } finally {
      delete process.env['DBAUTH_SWEEP_CONCURRENCY'];
    }
  });
});
