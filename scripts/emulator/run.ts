/**
 * `npm run test:emulator`: the pack against moto, an AWS emulator this project did not write.
 *
 * 1. Starts moto_server on a free loopback port and creates a small estate with boto3 (estate.py).
 * 2. Runs `./bin/dbauth scan` against it through AWS_ENDPOINT_URL (dummy credentials, no instance
 *    metadata) and checks the verdicts.
 * 3. Runs every runbook through the real runner (`dbauth remediate`, in-process and through the CLI),
 *    with real SDK v3 clients pointed at moto, each case on a fresh server, and reads the resource back
 *    to check it changed, or did not.
 *
 * A case stopped by a named moto gap (gaps.ts) is skipped, and only when the run shows that gap; a run
 * that fails for any other reason fails. Ends with `N passed, M failed, K skipped`; exit 1 on a failure,
 * 2 when the tools are missing or the run does not finish in time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { DescribeDBClustersCommand, DescribeDBClusterSnapshotAttributesCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { NeptuneClient } from '@aws-sdk/client-neptune';
import { DatabaseMigrationServiceClient, DescribeEndpointsCommand } from '@aws-sdk/client-database-migration-service';
import { remediate } from '../../cli/remediate';
import type { RemediationClients, RemediationOutcome, RemediationReport } from '../../cli/remediate';
import { virtualClock } from '../../remediations/runner';
import { ESTATE_GAPS, GAPS } from './gaps';
import type { MotoGap } from './gaps';
import { EmulatorSetupError, checkTools, startMoto } from './moto';
import type { Moto } from './moto';

const ROOT = join(__dirname, '..', '..');
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const RUN_TIMEOUT_MS = 600_000;
const MOTO_VERSION = '5.2.1';

type Status = 'passed' | 'failed' | 'skipped';
interface Result {
  name: string;
  status: Status;
  detail: string;
}
const results: Result[] = [];

function record(name: string, status: Status, detail = ''): void {
  results.push({ name, status, detail });
  const mark = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' }[status];
  console.log(`${mark} ${name}${detail ? `\n     ${detail}` : ''}`);
}

function emulatorEnv(endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete env[name];
  return env;
}

interface Made {
  identifier: string;
  resourceId: string;
}

/** estate.py in serve mode: boto3 is imported once, each request is one line and one JSON answer. */
interface Estate {
  make(...request: string[]): Promise<Record<string, Made>>;
  close(): void;
}

function startEstate(endpoint: string): Estate {
  const child = spawn('python3', [join(__dirname, 'estate.py'), endpoint, 'serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
  process.once('exit', () => child.kill());
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string | undefined) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  lines.on('close', () => {
    for (const resolve of waiting.splice(0)) resolve(undefined);
  });
  return {
    make(...request) {
      return new Promise((resolve, reject) => {
        waiting.push((line) => {
          if (line === undefined) return reject(new EmulatorSetupError(`estate.py ended: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
          const answer = JSON.parse(line) as { made?: Record<string, Made>; error?: string };
          if (answer.made) resolve(answer.made);
          else reject(new EmulatorSetupError(`estate.py ${request.join(' ')}: ${answer.error ?? 'no answer'}`));
        });
        child.stdin.write(`${request.join(' ')}\n`);
      });
    },
    close() {
      child.stdin.end();
    },
  };
}

function dbauth(endpoint: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const run = spawnSync(join(ROOT, 'bin', 'dbauth'), args, { encoding: 'utf8', env: emulatorEnv(endpoint), timeout: 120_000 });
  return { status: run.status ?? 2, stdout: run.stdout, stderr: run.stderr };
}

// ---- 1. dbauth scan ---------------------------------------------------------------------------------

type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

const SCAN_EXPECTATIONS: readonly [rule: string, resource: string, compliance: Compliance][] = [
  ['neptune-cluster-iam-database-authentication', 'graph-open', 'NON_COMPLIANT'],
  ['neptune-cluster-iam-database-authentication', 'aurora-iam', 'NOT_APPLICABLE'],
  ['neptune-cluster-deletion-protection-enabled', 'graph-open', 'NON_COMPLIANT'],
  ['neptune-cluster-deletion-protection-enabled', 'graph-hardened', 'COMPLIANT'],
  ['neptune-cluster-backup-retention-check', 'graph-open', 'NON_COMPLIANT'],
  ['neptune-cluster-backup-retention-check', 'graph-hardened', 'COMPLIANT'],
  ['neptune-cluster-copy-tags-to-snapshot-enabled', 'graph-open', 'NON_COMPLIANT'],
  ['neptune-cluster-copy-tags-to-snapshot-enabled', 'graph-hardened', 'COMPLIANT'],
  ['neptune-cluster-cloudwatch-log-export-enabled', 'graph-open', 'NON_COMPLIANT'],
  ['neptune-cluster-cloudwatch-log-export-enabled', 'graph-hardened', 'COMPLIANT'],
  ['neptune-cluster-encrypted', 'graph-open', 'NON_COMPLIANT'],
  ['neptune-cluster-encrypted', 'graph-hardened', 'COMPLIANT'],
  ['neptune-cluster-snapshot-public-prohibited', 'snap-public', 'NON_COMPLIANT'],
  ['neptune-cluster-snapshot-public-prohibited', 'snap-shared', 'COMPLIANT'],
  ['rds-cluster-iam-authentication-enabled', 'aurora-iam', 'COMPLIANT'],
  ['rds-cluster-iam-authentication-enabled', 'aurora-no-iam', 'NON_COMPLIANT'],
  ['rds-cluster-iam-authentication-enabled', 'graph-open', 'NOT_APPLICABLE'],
  ['rds-instance-iam-authentication-enabled', 'pg-no-iam', 'NON_COMPLIANT'],
  ['rds-instance-iam-authentication-enabled', 'mysql-iam', 'COMPLIANT'],
  ['dms-neptune-iam-authorization-enabled', 'dms-graph-no-iam', 'NON_COMPLIANT'],
  ['dms-neptune-iam-authorization-enabled', 'dms-graph-iam', 'COMPLIANT'],
  ['dms-neptune-iam-authorization-enabled', 'dms-mysql', 'NOT_APPLICABLE'],
];

async function scanChecks(moto: Moto, estate: Estate): Promise<void> {
  await moto.reset();
  await estate.make('scan');
  const scan = dbauth(moto.endpoint, ['scan', '--region', REGION, '--format', 'json', '--quiet']);
  if (scan.status !== 1) {
    record('dbauth scan exits 1 when something is non-compliant', 'failed', `exit ${scan.status}: ${scan.stderr.trim()}`);
    if (scan.status !== 0) return;
  } else {
    record('dbauth scan exits 1 when something is non-compliant', 'passed');
  }
  const rows = JSON.parse(scan.stdout) as { rule: string; resourceName: string; compliance: string; annotation: string }[];
  for (const [rule, resource, compliance] of SCAN_EXPECTATIONS) {
    const row = rows.find((r) => r.rule === rule && r.resourceName === resource);
    const name = `scan: ${rule} judges ${resource} ${compliance}`;
    if (!row) record(name, 'failed', 'no verdict for this resource');
    else if (row.compliance !== compliance) record(name, 'failed', `${row.compliance}: ${row.annotation}`);
    else record(name, 'passed');
  }
}

// ---- 2. the runbooks ----------------------------------------------------------------------------------

interface EmulatorClients extends RemediationClients {
  rds: RDSClient;
  neptune: NeptuneClient;
  dms: DatabaseMigrationServiceClient;
}

function clientsFor(endpoint: string): EmulatorClients {
  const options = { region: REGION, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 2 };
  return { rds: new RDSClient(options), neptune: new NeptuneClient(options), dms: new DatabaseMigrationServiceClient(options) };
}

type ResourceKind = 'cluster' | 'instance' | 'snapshot' | 'endpoint';

/** The settings the runbooks change, read back with the SDK. */
async function readBack(clients: EmulatorClients, kind: ResourceKind, target: Made): Promise<Record<string, unknown>> {
  switch (kind) {
    case 'cluster': {
      const c = (await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: target.identifier }))).DBClusters?.[0];
      return {
        IAMDatabaseAuthenticationEnabled: c?.IAMDatabaseAuthenticationEnabled,
        DeletionProtection: c?.DeletionProtection,
        BackupRetentionPeriod: c?.BackupRetentionPeriod,
        CopyTagsToSnapshot: c?.CopyTagsToSnapshot,
        EnabledCloudwatchLogsExports: c?.EnabledCloudwatchLogsExports ?? [],
      };
    }
    case 'instance': {
      const i = (await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: target.identifier }))).DBInstances?.[0];
      return { IAMDatabaseAuthenticationEnabled: i?.IAMDatabaseAuthenticationEnabled };
    }
    case 'snapshot': {
      const result = await clients.rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: target.identifier }));
      const restore = result.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes?.find((a) => a.AttributeName === 'restore');
      return { restore: [...(restore?.AttributeValues ?? [])].sort() };
    }
    case 'endpoint': {
      const e = (await clients.dms.send(new DescribeEndpointsCommand({ Filters: [{ Name: 'endpoint-arn', Values: [target.resourceId] }] }))).Endpoints?.[0];
      return { ...e?.NeptuneSettings };
    }
  }
}

interface RunbookCase {
  /** The estate.py case that creates the target. */
  estate: string;
  ruleId: string;
  kind: ResourceKind;
  expect: RemediationOutcome;
  /** For a refusal: the step that must refuse (a refusal elsewhere is not the one meant). */
  refusedBy?: RegExp;
  /** For a change: the setting as it must be afterwards. */
  fixed?: (after: Record<string, unknown>) => boolean;
  gaps?: readonly MotoGap[];
  parameters?: Record<string, string>;
  /** Run through ./bin/dbauth remediate (a plan first) instead of in-process. */
  viaCli?: boolean;
}

const CLUSTER_GAPS = [GAPS.clusterResourceIdFilter] as const;

/** Records a case's verdict. */
function verdict(name: string, problems: readonly string[], skippedFor?: string): void {
  if (skippedFor) record(name, 'skipped', skippedFor);
  else if (problems.length === 0) record(name, 'passed');
  else record(name, 'failed', problems.join('; '));
}
const ENDPOINT_GAPS = [GAPS.endpointStaysCreating] as const;

const CASES: readonly RunbookCase[] = [
  { estate: 'snapshot-public', ruleId: 'neptune-cluster-snapshot-public-prohibited', kind: 'snapshot', expect: 'remediated', fixed: (a) => !(a.restore as string[]).includes('all'), viaCli: true },
  { estate: 'snapshot-shared', ruleId: 'neptune-cluster-snapshot-public-prohibited', kind: 'snapshot', expect: 'already-compliant' },
  { estate: 'snapshot-public-exempt', ruleId: 'neptune-cluster-snapshot-public-prohibited', kind: 'snapshot', expect: 'refused', refusedBy: /Exempt/, viaCli: true },
  { estate: 'snapshot-public-aurora', ruleId: 'neptune-cluster-snapshot-public-prohibited', kind: 'snapshot', expect: 'refused', refusedBy: /Engine/ },
  {
    estate: 'instance-no-iam',
    ruleId: 'rds-instance-iam-authentication-enabled',
    kind: 'instance',
    expect: 'remediated',
    fixed: (a) => a.IAMDatabaseAuthenticationEnabled === true,
    viaCli: true,
  },
  { estate: 'instance-iam-on', ruleId: 'rds-instance-iam-authentication-enabled', kind: 'instance', expect: 'already-compliant' },
  { estate: 'instance-exempt', ruleId: 'rds-instance-iam-authentication-enabled', kind: 'instance', expect: 'refused', refusedBy: /Exempt/ },
  { estate: 'instance-cluster-member', ruleId: 'rds-instance-iam-authentication-enabled', kind: 'instance', expect: 'refused', refusedBy: /Cluster/ },
  {
    estate: 'neptune-iam',
    ruleId: 'neptune-cluster-iam-database-authentication',
    kind: 'cluster',
    expect: 'remediated',
    fixed: (a) => a.IAMDatabaseAuthenticationEnabled === true,
    gaps: [...CLUSTER_GAPS, GAPS.neptuneIamFlag],
  },
  {
    estate: 'neptune-logs',
    ruleId: 'neptune-cluster-cloudwatch-log-export-enabled',
    kind: 'cluster',
    expect: 'remediated',
    fixed: (a) => (a.EnabledCloudwatchLogsExports as string[]).includes('audit'),
    gaps: [...CLUSTER_GAPS, GAPS.logExportsIgnored],
  },
  { estate: 'neptune-deletion', ruleId: 'neptune-cluster-deletion-protection-enabled', kind: 'cluster', expect: 'remediated', fixed: (a) => a.DeletionProtection === true, gaps: CLUSTER_GAPS },
  {
    estate: 'neptune-backup',
    ruleId: 'neptune-cluster-backup-retention-check',
    kind: 'cluster',
    expect: 'remediated',
    fixed: (a) => a.BackupRetentionPeriod === 14,
    parameters: { BackupRetentionPeriod: '14' },
    gaps: CLUSTER_GAPS,
  },
  { estate: 'neptune-copy-tags', ruleId: 'neptune-cluster-copy-tags-to-snapshot-enabled', kind: 'cluster', expect: 'remediated', fixed: (a) => a.CopyTagsToSnapshot === true, gaps: CLUSTER_GAPS },
  {
    estate: 'aurora-no-iam',
    ruleId: 'rds-cluster-iam-authentication-enabled',
    kind: 'cluster',
    expect: 'remediated',
    fixed: (a) => a.IAMDatabaseAuthenticationEnabled === true,
    gaps: [...CLUSTER_GAPS, GAPS.clusterIamFlagIgnored],
  },
  {
    estate: 'endpoint-no-iam',
    ruleId: 'dms-neptune-iam-authorization-enabled',
    kind: 'endpoint',
    expect: 'remediated',
    fixed: (a) => a.IamAuthEnabled === true,
    gaps: [...ENDPOINT_GAPS, GAPS.modifyEndpointMissing],
  },
  { estate: 'endpoint-iam-on', ruleId: 'dms-neptune-iam-authorization-enabled', kind: 'endpoint', expect: 'already-compliant', gaps: ENDPOINT_GAPS },
  { estate: 'endpoint-exempt', ruleId: 'dms-neptune-iam-authorization-enabled', kind: 'endpoint', expect: 'refused', refusedBy: /Exempt/, gaps: ENDPOINT_GAPS },
  { estate: 'endpoint-no-role', ruleId: 'dms-neptune-iam-authorization-enabled', kind: 'endpoint', expect: 'refused', refusedBy: /ServiceAccessRole/, gaps: ENDPOINT_GAPS },
];

/** Runs a case's runbook in-process, through the same function `dbauth remediate` uses. */
function runInProcess(clients: EmulatorClients, c: RunbookCase, target: Made, plan: boolean): Promise<RemediationReport> {
  return remediate({
    ruleId: c.ruleId,
    resourceId: target.resourceId,
    plan,
    clients,
    accountId: ACCOUNT,
    region: REGION,
    ...(c.parameters ? { parameters: c.parameters } : {}),
    clock: virtualClock(),
    pollIntervalSeconds: 60,
  });
}

/** Runs a case's runbook through the command line, as a user would. */
function runThroughCli(moto: Moto, c: RunbookCase, target: Made, plan: boolean): { report?: RemediationReport; status: number; error: string } {
  const args = ['remediate', '--rule', c.ruleId, '--resource', target.resourceId, '--region', REGION, '--format', 'json'];
  for (const [name, value] of Object.entries(c.parameters ?? {})) args.push('--parameter', `${name}=${value}`);
  if (plan) args.push('--plan');
  const run = dbauth(moto.endpoint, args);
  try {
    return { report: JSON.parse(run.stdout) as RemediationReport, status: run.status, error: run.stderr.trim() };
  } catch {
    return { status: run.status, error: run.stderr.trim() || run.stdout.trim() };
  }
}

const EXIT_CODES: Record<RemediationOutcome, number> = { remediated: 0, scheduled: 0, 'already-compliant': 0, 'would-change': 0, refused: 1, failed: 2 };

function describeRun(report: RemediationReport): string {
  return `${report.outcome}${report.failedStep ? ` at ${report.failedStep}` : ''}${report.failureMessage ? `: ${report.failureMessage}` : ''}`;
}

/** What failed in the run, in its own words: the failed steps' messages and the run's failure. */
function runMessages(report: RemediationReport): string {
  return [report.failureMessage ?? '', ...report.steps.filter((s) => s.status !== 'Success').map((s) => s.message ?? '')].join('\n');
}

async function runCase(moto: Moto, estate: Estate, clients: EmulatorClients, c: RunbookCase, ran: Set<string>, verified: Set<string>): Promise<void> {
  await moto.reset();
  const target = (await estate.make('case', c.estate)).target;
  if (!target) throw new EmulatorSetupError(`estate.py case ${c.estate} made no target`);
  const name = `${c.ruleId} on ${c.estate}: ${c.expect}${c.refusedBy ? ` by ${c.refusedBy.source}` : ''}${c.viaCli ? ' (dbauth remediate)' : ''}`;
  const before = await readBack(clients, c.kind, target);

  if (c.viaCli) {
    const plan = runThroughCli(moto, c, target, true);
    const afterPlan = await readBack(clients, c.kind, target);
    const planned: RemediationOutcome = c.expect === 'remediated' || c.expect === 'scheduled' ? 'would-change' : c.expect;
    const planName = `${c.ruleId} on ${c.estate}: dbauth remediate --plan says ${planned}, exit ${EXIT_CODES[planned]}, and changes nothing`;
    if (!isDeepStrictEqual(afterPlan, before)) record(planName, 'failed', `changed: ${JSON.stringify(before)} → ${JSON.stringify(afterPlan)}`);
    else if (!plan.report) record(planName, 'failed', `exit ${plan.status}: ${plan.error}`);
    else if (plan.report.outcome === planned && plan.status === EXIT_CODES[planned]) {
      verdict(planName, []);
      if (plan.report.wouldCall.length > 0) console.log(`     would call ${plan.report.wouldCall.map((w) => `${w.service} ${w.api}`).join(', ')}`);
    } else {
      const gap = (c.gaps ?? []).find((g) => g.signature.test(runMessages(plan.report as RemediationReport)));
      verdict(planName, [`plan ${describeRun(plan.report)}, exit ${plan.status}`], gap ? `${gap.name} (${describeRun(plan.report)})` : undefined);
    }
  }

  let report: RemediationReport;
  if (c.viaCli) {
    const run = runThroughCli(moto, c, target, false);
    if (!run.report) {
      record(name, 'failed', `exit ${run.status}: ${run.error}`);
      return;
    }
    report = run.report;
    if (run.status !== EXIT_CODES[report.outcome]) {
      record(name, 'failed', `exit ${run.status} for ${report.outcome}, expected ${EXIT_CODES[report.outcome]}`);
      return;
    }
  } else {
    report = await runInProcess(clients, c, target, false);
  }
  ran.add(c.ruleId);
  const after = await readBack(clients, c.kind, target);
  const changed = !isDeepStrictEqual(after, before);
  const problems: string[] = [];
  if (report.outcome !== c.expect) problems.push(`run ${describeRun(report)}`);
  if (c.refusedBy && report.outcome === 'refused' && !c.refusedBy.test(report.failedStep ?? '')) problems.push(`refused by ${report.failedStep ?? '?'}, not by the step meant`);
  if (c.expect === 'remediated' && c.fixed && !c.fixed(after)) problems.push(`read back ${JSON.stringify(after)}: not fixed`);
  if (c.expect !== 'remediated' && changed) problems.push(`the resource changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  if (problems.length === 0 && c.expect === 'remediated') verified.add(c.ruleId);
  const gap = problems.length === 0 ? undefined : (c.gaps ?? []).find((g) => g.signature.test(runMessages(report)));
  verdict(name, problems, gap ? `${gap.name} (${describeRun(report).split('\n')[0]})` : undefined);
  if (problems.length === 0) return;
  // Even where moto stops the run, a run that did not finish must not have changed the resource.
  if (report.outcome !== 'remediated' && report.outcome !== 'scheduled') {
    const closed = `${c.ruleId} on ${c.estate}: the stopped run changed nothing`;
    record(closed, changed ? 'failed' : 'passed', changed ? `${JSON.stringify(before)} → ${JSON.stringify(after)}` : '');
  }
}

async function main(): Promise<number> {
  let version: string;
  try {
    version = checkTools();
  } catch (error) {
    console.error(`test:emulator: ${(error as Error).message}`);
    return 2;
  }
  const deadline = setTimeout(() => {
    console.error(`test:emulator: did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
    process.exit(2);
  }, RUN_TIMEOUT_MS);
  deadline.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

  const moto = await startMoto();
  console.log(`moto ${version} on ${moto.endpoint}`);
  if (version !== MOTO_VERSION) console.log(`note: the gaps below were seen with moto ${MOTO_VERSION}; with ${version} a case may now run, or fail differently`);
  for (const gap of ESTATE_GAPS) console.log(`note: ${gap}`);
  const estate = startEstate(moto.endpoint);
  try {
    await scanChecks(moto, estate);
    const clients = clientsFor(moto.endpoint);
    const ran = new Set<string>();
    const verified = new Set<string>();
    for (const c of CASES) {
      try {
        await runCase(moto, estate, clients, c, ran, verified);
      } catch (error) {
        record(`${c.ruleId} on ${c.estate}`, 'failed', (error as Error).message);
      }
    }
    console.log(`runbooks run against the emulator: ${ran.size}; a change made and read back for ${verified.size}: ${[...verified].join(', ') || 'none'}`);
  } finally {
    estate.close();
    moto.stop();
  }
  const count = (status: Status): number => results.filter((r) => r.status === status).length;
  const failed = count('failed');
  console.log(`${count('passed')} passed, ${failed} failed, ${count('skipped')} skipped`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:emulator: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
