/**
 * The benchmark: prints a table of figures and, as its last line, one JSON object (see README).
 * Everything runs in this process against the simulated account, through the real SDK clients.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { scanAccount } from '../cli/scan';
import { findRule } from '../rules/catalog';
import type { Rule } from '../rules/kit';
import { judgeView, parseParameters } from '../rules/kit';
import { ClientFactory, STALE_ANNOTATION, makeRuleHandler, silentLogger } from '../rules/kit/runtime';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SimulatedConfigService } from '../sim/config-service';
import type { InvocationRecord } from '../sim/lambda-service';
import { SimulatedFunction } from '../sim/lambda-service';
import { syntheticCluster, syntheticEndpoint, syntheticEstate, syntheticInstance } from '../sim/synthetic-estate';
import type { SimulatedCall } from '../sim/transport';
import { Network, SimulatedServiceError, VirtualClock, VirtualRetryStrategy, serveFromMemory, simulatedCredentials } from '../sim/transport';
import { measureBundle } from './bundle';

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
const rule = (id: string) => findRule(id) as Rule;

const SWEEP = { clusters: 4_000, instances: 4_000, snapshots: 0, endpoints: 2_000 };
const SWEPT_RULES = [
  { rule: 'neptune-cluster-iam-database-authentication', resources: SWEEP.clusters, perPageCalls: 0 },
  { rule: 'rds-instance-iam-authentication-enabled', resources: SWEEP.instances, perPageCalls: 0 },
  // DescribeEndpoints carries no tags: one ListTagsForResource per page reads them for the exemption check.
  { rule: 'dms-neptune-iam-authorization-enabled', resources: SWEEP.endpoints, perPageCalls: 1 },
];
const GONE = 40;

/**
 * Periodic sweeps of 10,000 resources. Each rule sweeps once to give Config a history, GONE resources are
 * added to that history as if deleted since, and the measured sweep runs with fresh clients as a new
 * invocation would. The floor is the fewest calls such a sweep can make: Describe pages of 100 (and the
 * one tag call per DMS page), PutEvaluations of 100 for the inventory and the stale resources, and the
 * pages of 100 of earlier COMPLIANT / NON_COMPLIANT results that the clean-up must read.
 */
async function sweepBenchmark() {
  const account = syntheticEstate(SWEEP);
  const config = new SimulatedConfigService();
  const configCalls: SimulatedCall[][] = [];
  const newFactory = () =>
    new ClientFactory({
      credentials: simulatedCredentials,
      configure: (client) => (client instanceof ConfigServiceClient ? configCalls.push(serveFromMemory(client, config.handlers(), 'Config')) : account.serve(client)),
    });
  const history = newFactory();
  for (const { rule: id } of SWEPT_RULES) {
    await makeRuleHandler(rule(id), { factory: history, log: silentLogger })(scheduledAt(id, EARLIER));
    await config.handlers()['PutEvaluations']?.({
      ResultToken: id,
      Evaluations: Array.from({ length: GONE }, (_, i) => ({ ComplianceResourceType: rule(id).kind.type, ComplianceResourceId: `gone-${i}`, ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date(EARLIER) })),
    });
  }

  const accountCallsBefore = account.calls.length;
  configCalls.length = 0;
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = process.hrtime.bigint();
  const measured = newFactory();
  let evaluations = 0;
  for (const { rule: id } of SWEPT_RULES) {
    evaluations += (await makeRuleHandler(rule(id), { factory: measured, log: silentLogger })(scheduledAt(id, NOW))).evaluations;
  }
  const elapsed = ms(start);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const apiCalls = account.calls.length - accountCallsBefore + configCalls.reduce((n, calls) => n + calls.length, 0);
  const floor = SWEPT_RULES.reduce((sum, r) => sum + sweepFloor(config, r.rule, r.resources, r.perPageCalls * pages(r.resources)), 0);
  return { resources: SWEEP.clusters + SWEEP.instances + SWEEP.endpoints, evaluations, apiCalls, floor, ms: elapsed, peakMb: (peak - baseline) / 1024 / 1024 };
}

const EARLIER = '2025-06-01T12:00:00.000Z';
const NOW = '2025-06-02T12:00:00.000Z';

/** A scheduled notification of rule `id` at `time`, with a result token that the simulated Config files under the rule. */
function scheduledAt(id: string, time: string): Record<string, unknown> {
  const event = readFixture('scheduled.event.json');
  const invoking = JSON.parse(event['invokingEvent'] as string) as Record<string, unknown>;
  return { ...event, configRuleName: id, resultToken: id, invokingEvent: JSON.stringify({ ...invoking, notificationCreationTime: time }) };
}

/**
 * The fewest calls a sweep of `resources` can make: Describe pages of 100 and the calls they need
 * (`extraCalls`), PutEvaluations of 100 for the inventory and for the stale results, and the pages of 100
 * of COMPLIANT / NON_COMPLIANT results the clean-up reads (the sweep's own and the stale ones).
 */
function sweepFloor(config: SimulatedConfigService, ruleId: string, resources: number, extraCalls: number): number {
  const results = config.evaluations(ruleId);
  const stale = results.filter((e) => e.Annotation === STALE_ANNOTATION).length;
  const read = results.filter((e) => e.ComplianceType !== 'NOT_APPLICABLE').length + stale;
  return pages(resources) + extraCalls + pages(resources) + (stale > 0 ? pages(stale) : 0) + pages(read);
}

/**
 * Memory held (V8 heap in use and external buffers) right after a full garbage collection (the benchmark
 * runs with --expose-gc): what the process keeps, not garbage not yet collected. RSS itself never shrinks
 * back after the simulated estate is built, so it cannot tell the sweep's share.
 */
function liveRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

function readFixture(...path: string[]): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'test', 'fixtures', ...path), 'utf8')) as Record<string, unknown>;
}

/** Pure judging throughput: decoded views through scope, exemption and evaluate, for every rule of their type. */
function evalBenchmark() {
  const views = [
    ...Array.from({ length: 1000 }, (_, i) => ({ type: 'AWS::RDS::DBCluster', view: rule('neptune-cluster-iam-database-authentication').kind.fromApi(syntheticCluster(i)) })),
    ...Array.from({ length: 1000 }, (_, i) => ({ type: 'AWS::RDS::DBInstance', view: rule('rds-instance-iam-authentication-enabled').kind.fromApi(syntheticInstance(i)) })),
    ...Array.from({ length: 1000 }, (_, i) => ({ type: 'AWS::DMS::Endpoint', view: rule('dms-neptune-iam-authorization-enabled').kind.fromApi(syntheticEndpoint(i, '111122223333', 'us-east-1')) })),
  ];
  const rules = SWEPT_RULES.map((r) => rule(r.rule));
  const work = views.map(({ type, view }) => {
    const r = rules.find((candidate) => candidate.kind.type === type) as Rule;
    return { rule: r, view, parameters: parseParameters(r.parameters, {}) };
  });
  const tags = {};
  let judged = 0;
  const start = process.hrtime.bigint();
  while (ms(start) < 1500) {
    for (const item of work) judgeView(item.rule, item.view, tags, item.parameters, 'id');
    judged += work.length;
  }
  return { perSecond: Math.round(judged / (ms(start) / 1000)) };
}

const SCALE = { clusters: 50_000, neptuneSnapshots: 10_000, auroraSnapshots: 2_000, latencyMs: 100, throttleEvery: 3, timeoutMs: 300_000 };
const SCALE_RULES = ['neptune-cluster-iam-database-authentication', 'neptune-cluster-snapshot-public-prohibited'];
const SCALE_ACCOUNT = '123456789012';

/**
 * The scale case: 50,000 clusters and 10,000 Neptune cluster snapshots (and 2,000 Aurora ones that no
 * rule here judges), each call taking 100 ms of simulated time and every third attempt throttled, swept
 * through the real handler and SDK clients by a simulated Lambda function with a 300 s timeout. Time is
 * a VirtualClock advanced by the simulated network and the retry backoff (and by the real CPU time spent),
 * so nothing sleeps. With `failing`, one snapshot's sharing can never be read.
 */
async function scaleBenchmark(counts: { clusters: number; neptuneSnapshots: number; auroraSnapshots: number }, failing?: string) {
  const clock = new VirtualClock(true);
  const account = syntheticEstate({ clusters: counts.clusters, instances: 0, snapshots: 0, endpoints: 0 }, { accountId: SCALE_ACCOUNT });
  for (let i = 0; i < counts.neptuneSnapshots + counts.auroraSnapshots; i++) {
    const neptune = i < counts.neptuneSnapshots;
    account.addClusterSnapshot(
      { DBClusterSnapshotIdentifier: `snapshot-${i}`, DBClusterIdentifier: `cluster-${i}`, Engine: neptune ? 'neptune' : 'aurora-mysql', SnapshotType: i % 4 === 3 ? 'automated' : 'manual', StorageEncrypted: true },
      [{ AttributeName: 'restore', AttributeValues: i % 6 === 0 ? ['all'] : [] }],
    );
  }
  const config = new SimulatedConfigService();
  // An earlier sweep's results, and GONE resources deleted since: the simulated world's own data, made before measuring.
  for (const id of SCALE_RULES) {
    const ids = id === SCALE_RULES[0] ? account.allClusters().map((c) => c.DbClusterResourceId as string) : account.allClusterSnapshots().map((c) => c.DBClusterSnapshotIdentifier as string);
    const type = rule(id).kind.type;
    const earlier = [...ids, ...Array.from({ length: GONE }, (_, i) => `gone-${i}`)].map((resourceId) => ({ ComplianceResourceType: type, ComplianceResourceId: resourceId, ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date(EARLIER) }));
    for (let i = 0; i < earlier.length; i += 100) await config.handlers()['PutEvaluations']?.({ ResultToken: id, Evaluations: earlier.slice(i, i + 100) });
  }
  let peak = 0;
  const network = new Network({
    clock,
    latencyMs: SCALE.latencyMs,
    throttleEvery: SCALE.throttleEvery,
    fail: failing
      ? (operation, input) => (operation === 'DescribeDBClusterSnapshotAttributes' && input['DBClusterSnapshotIdentifier'] === failing ? new SimulatedServiceError('InternalFailure', 'simulated: this call always fails', 500) : undefined)
      : undefined,
    onAttempt: () => {
      // The simulated account logs every call it serves; that log is the simulation's, not the sweep's.
      if (account.calls.length > 1000) account.calls.length = 0;
      if (network.attempts % 400 === 0) peak = Math.max(peak, liveRss());
    },
  });
  const results: { rule: string; functionRuns: InvocationRecord[] }[] = [];
  const baseline = liveRss();
  peak = baseline;
  for (const id of SCALE_RULES) {
    const arn = `arn:aws:lambda:us-east-1:${SCALE_ACCOUNT}:function:dbauth-${id}`;
    const fn = new SimulatedFunction(arn, clock, SCALE.timeoutMs);
    const factory = new ClientFactory({
      credentials: simulatedCredentials,
      clientConfig: () => ({ retryStrategy: new VirtualRetryStrategy(clock) }),
      configure: (client) => {
        network.install(client);
        if (client instanceof ConfigServiceClient) serveFromMemory(client, config.handlers(), 'Config');
        else if (client instanceof LambdaClient) serveFromMemory(client, fn.handlers(), 'Lambda');
        else account.serve(client);
      },
    });
    const handler = makeRuleHandler(rule(id), { factory, log: silentLogger, sleep: (ms) => clock.sleep(ms) });
    results.push({ rule: id, functionRuns: await fn.run(handler, scheduledAt(id, NOW)) });
  }
  peak = Math.max(peak, liveRss());

  const runs = results.flatMap((r) => r.functionRuns);
  // What Config holds from this sweep: every evaluation it put carries the sweep's start.
  const evaluationsPut = SCALE_RULES.reduce((n, id) => n + config.evaluations(id).filter((e) => e.OrderingTimestamp?.toISOString() === NOW).length, 0);
  const judgedSnapshots = account.allClusterSnapshots().filter((s) => s.Engine === 'neptune' && s.SnapshotType === 'manual').length;
  const staleMarked = SCALE_RULES.reduce((n, id) => n + config.evaluations(id).filter((e) => e.Annotation === STALE_ANNOTATION).length, 0);
  const floor = sweepFloor(config, SCALE_RULES[0] as string, counts.clusters, 0) + sweepFloor(config, SCALE_RULES[1] as string, counts.neptuneSnapshots + counts.auroraSnapshots, judgedSnapshots);
  const continuations = runs.length - SCALE_RULES.length;
  return {
    resources: counts.clusters,
    snapshots: counts.neptuneSnapshots,
    latencyMs: SCALE.latencyMs,
    throttledShare: Math.round((network.throttled / network.calls) * 1000) / 1000,
    invocations: runs.length,
    maxInvocationSeconds: round(Math.max(...runs.map((r) => r.durationMs)) / 1000),
    evaluationsPut,
    evaluationsExpected: counts.clusters + counts.neptuneSnapshots + counts.auroraSnapshots + 2 * GONE - (failing ? 1 : 0),
    staleMarked,
    peakRssMb: round((peak - baseline) / 1024 / 1024),
    apiCalls: network.calls,
    attempts: network.attempts,
    floor,
    continuationOverhead: 2 * continuations,
    timeoutSeconds: SCALE.timeoutMs / 1000,
    errors: runs.filter((r) => r.error !== undefined).map((r) => (r.error as Error).message),
  };
}

async function scanBenchmark() {
  const account = syntheticEstate({ clusters: 4_000, instances: 4_000, snapshots: 0, endpoints: 2_000 });
  const start = process.hrtime.bigint();
  const rows = await scanAccount({ regions: ['us-east-1'], clients: { credentials: simulatedCredentials, configure: (client) => account.serve(client) } });
  return { resources: 10_000, rows: rows.length, ms: ms(start) };
}

async function main() {
  log('periodic sweep of 10,000 simulated resources...');
  const sweep = await sweepBenchmark();
  log('evaluation throughput...');
  const evaluation = evalBenchmark();
  log('scale: 50,000 clusters and 10,000 Neptune snapshots, 100 ms a call, 1 in 3 throttled, 300 s invocations (simulated time)...');
  const scale = await scaleBenchmark(SCALE);
  log('scale, one snapshot whose sharing can never be read...');
  const failing = await scaleBenchmark({ clusters: 0, neptuneSnapshots: 2_000, auroraSnapshots: 0 }, 'snapshot-8');
  log('scan of 10,000 simulated resources...');
  const scan = await scanBenchmark();
  log('bundle size and cold init...');
  const bundle = await measureBundle();

  const overFloor = ((sweep.apiCalls - sweep.floor) / sweep.floor) * 100;
  const rows: [string, string][] = [
    ['periodic sweep, 10,000 resources', `${sweep.apiCalls} API calls (floor ${sweep.floor}, ${overFloor.toFixed(2)}% over), ${sweep.ms.toFixed(0)} ms, peak RSS +${sweep.peakMb.toFixed(1)} MB`],
    ['rule evaluation', `${(evaluation.perSecond / 1e6).toFixed(2)} million items/s`],
    [
      'scale sweep, 50,000 clusters + 10,000 Neptune snapshots',
      `${scale.evaluationsPut} of ${scale.evaluationsExpected} evaluations put (${scale.staleMarked} stale marked) in ${scale.invocations} invocations, longest ${scale.maxInvocationSeconds} s of ${scale.timeoutSeconds} s; ${scale.apiCalls} API calls (floor ${scale.floor} + continuation overhead ≤ ${scale.continuationOverhead}; ${scale.attempts} attempts with throttling); peak memory held +${scale.peakRssMb} MB`,
    ],
    ...(scale.errors.length > 0 ? ([['scale sweep errors', scale.errors.join('; ')]] as [string, string][]) : []),
    ['scale, one resource always failing', `${failing.evaluationsPut} of ${failing.evaluationsExpected} others put; the sweep ends with: ${failing.errors[0] ?? 'no error'}`],
    ['scan, 10,000 resources, whole catalog', `${scan.rows} verdicts in ${scan.ms.toFixed(0)} ms`],
    ...(bundle
      ? ([
          ['Lambda bundle', `${(bundle.bytes / 1024).toFixed(0)} KiB (SDK clients alone: ${(bundle.sdkOnlyBytes / 1024).toFixed(0)} KiB)`],
          ['cold init, fresh node process', `${bundle.ms.toFixed(1)} ms (SDK clients alone: ${bundle.sdkOnlyMs.toFixed(1)} ms)`],
        ] as [string, string][])
      : []),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
  console.log(
    JSON.stringify({
      sweep: { resources: sweep.resources, apiCalls: sweep.apiCalls, floor: sweep.floor },
      eval: { perSecond: evaluation.perSecond },
      ...(bundle ? { init: { ms: round(bundle.ms), sdkOnlyMs: round(bundle.sdkOnlyMs) }, bundle: { bytes: bundle.bytes, sdkOnlyBytes: bundle.sdkOnlyBytes } } : {}),
      memory: { sweepPeakMb: round(sweep.peakMb) },
      scale: {
        resources: scale.resources,
        snapshots: scale.snapshots,
        latencyMs: scale.latencyMs,
        throttledShare: scale.throttledShare,
        invocations: scale.invocations,
        maxInvocationSeconds: scale.maxInvocationSeconds,
        evaluationsPut: scale.evaluationsPut,
        evaluationsExpected: scale.evaluationsExpected,
        staleMarked: scale.staleMarked,
        peakRssMb: scale.peakRssMb,
        apiCalls: scale.apiCalls,
        floor: scale.floor,
        continuationOverhead: scale.continuationOverhead,
      },
      scaleOneFailing: { put: failing.evaluationsPut, expected: failing.evaluationsExpected, failedInvocations: failing.errors.length },
    }),
  );
}

const round = (n: number) => Math.round(n * 10) / 10;

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
