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
import { ClientFactory, makeRuleHandler, silentLogger } from '../rules/kit/runtime';
import { SimulatedConfigService } from '../sim/config-service';
import { syntheticCluster, syntheticEndpoint, syntheticEstate, syntheticInstance } from '../sim/synthetic-estate';
import type { SimulatedCall } from '../sim/transport';
import { serveFromMemory, simulatedCredentials } from '../sim/transport';
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
  const scheduled = (id: string) => ({ ...readFixture('scheduled.event.json'), configRuleName: id, resultToken: id });
  const history = newFactory();
  for (const { rule: id } of SWEPT_RULES) {
    await makeRuleHandler(rule(id), { factory: history, log: silentLogger })(scheduled(id));
    await config.handlers()['PutEvaluations']?.({
      ResultToken: id,
      Evaluations: Array.from({ length: GONE }, (_, i) => ({ ComplianceResourceType: rule(id).kind.type, ComplianceResourceId: `gone-${i}`, ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date() })),
    });
  }
  const floor = SWEPT_RULES.reduce((sum, r) => {
    const reported = config.evaluations(r.rule).filter((e) => e.ComplianceType !== 'NOT_APPLICABLE').length;
    return sum + pages(r.resources) * (1 + r.perPageCalls) + pages(r.resources + GONE) + pages(reported);
  }, 0);

  const accountCallsBefore = account.calls.length;
  configCalls.length = 0;
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = process.hrtime.bigint();
  const measured = newFactory();
  let evaluations = 0;
  for (const { rule: id } of SWEPT_RULES) {
    evaluations += (await makeRuleHandler(rule(id), { factory: measured, log: silentLogger })(scheduled(id))).evaluations;
  }
  const elapsed = ms(start);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const apiCalls = account.calls.length - accountCallsBefore + configCalls.reduce((n, calls) => n + calls.length, 0);
  return { resources: SWEEP.clusters + SWEEP.instances + SWEEP.endpoints, evaluations, apiCalls, floor, ms: elapsed, peakMb: (peak - baseline) / 1024 / 1024 };
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
  log('scan of 10,000 simulated resources...');
  const scan = await scanBenchmark();
  log('bundle size and cold init...');
  const bundle = await measureBundle();

  const overFloor = ((sweep.apiCalls - sweep.floor) / sweep.floor) * 100;
  const rows: [string, string][] = [
    ['periodic sweep, 10,000 resources', `${sweep.apiCalls} API calls (floor ${sweep.floor}, ${overFloor.toFixed(2)}% over), ${sweep.ms.toFixed(0)} ms, peak RSS +${sweep.peakMb.toFixed(1)} MB`],
    ['rule evaluation', `${(evaluation.perSecond / 1e6).toFixed(2)} million items/s`],
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
    }),
  );
}

const round = (n: number) => Math.round(n * 10) / 10;

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
