import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `dbauth check` as a pipeline runs it: the real bin, its exit codes and its streams. */
const ROOT = path.join(__dirname, '..', '..');
const dbauth = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dbauth'), 'check', ...args], { cwd: ROOT, encoding: 'utf8' });

it('exits 1 on a non-compliant template, 0 on a compliant one, and 2 with one line for a path it cannot read', () => {
  const failing = dbauth('test/check/fixtures/neptune-no-iam.yaml', '--format', 'csv');
  expect(failing.status).toBe(1);
  expect(failing.stdout.split('\r\n')[0]).toBe('file,line,resource,sourceType,resourceType,rule,controls,status,annotation');
  expect(failing.stdout).toContain('test/check/fixtures/neptune-no-iam.yaml,7,GraphCluster,AWS::Neptune::DBCluster,AWS::RDS::DBCluster,neptune-cluster-iam-database-authentication,Neptune.7,NON_COMPLIANT,');

  const passing = dbauth('test/check/fixtures/compliant.json');
  expect(passing.status).toBe(0);
  expect(passing.stdout).toMatch(/4 resources in 1 file: 0 non-compliant, 0 cannot be judged before deploy, \d+ compliant/);

  const missing = dbauth('no/such/template.yaml');
  expect(missing.status).toBe(2);
  expect(missing.stderr).toBe('dbauth: no/such/template.yaml: no such file or folder\n');
});

it('writes SARIF to --output and says what it judged on stderr', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dbauth-cli-'));
  try {
    const out = path.join(dir, 'dbauth.sarif');
    const run = dbauth('test/check/fixtures/rds-instance-iam-off.tfplan.json', '--format', 'sarif', '--output', out, '--strict');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('1 resource in 1 file: 1 non-compliant');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version).toBe('2.1.0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('filters rows with --status as every command that prints results does, and refuses a status it does not know', () => {
  const statusesOf = (stdout: string) => new Set((JSON.parse(stdout) as { status: string }[]).map((row) => row.status));
  const every = dbauth('test/check/fixtures/neptune-no-iam.yaml', '--format', 'json');
  expect(statusesOf(every.stdout)).toEqual(new Set(['NON_COMPLIANT', 'UNKNOWN_BEFORE_DEPLOY', 'COMPLIANT', 'NOT_APPLICABLE']));

  const findings = dbauth('test/check/fixtures/neptune-no-iam.yaml', '--format', 'json', '--status', 'non-compliant,unknown_before_deploy');
  expect(findings.status).toBe(1);
  expect(statusesOf(findings.stdout)).toEqual(new Set(['NON_COMPLIANT', 'UNKNOWN_BEFORE_DEPLOY']));

  const table = dbauth('test/check/fixtures/neptune-no-iam.yaml', '--status', 'NON_COMPLIANT');
  expect(table.stdout).toContain('neptune-cluster-iam-database-authentication');
  expect(table.stdout).not.toMatch(/│ COMPLIANT /);
  expect(table.stdout).toContain('1 non-compliant, 1 cannot be judged before deploy, 5 compliant, 2 not applicable');

  const wrong = dbauth('test/check/fixtures/neptune-no-iam.yaml', '--status', 'FAILED');
  expect(wrong.status).toBe(2);
  expect(wrong.stderr).toBe('dbauth: --status FAILED: not a status (use all, or a list of NON_COMPLIANT, UNKNOWN_BEFORE_DEPLOY, COMPLIANT, NOT_APPLICABLE)\n');
});
