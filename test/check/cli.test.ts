import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

describe('--format html and --output-dir, as every command that prints results takes them', () => {
  /** A Neptune cluster without IamAuthEnabled, and one whose IamAuthEnabled is a stack parameter. */
  const TEMPLATES = ['test/check/fixtures/neptune-no-iam.yaml', 'test/check/fixtures/neptune-iam-parameter.yaml'];
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  const cards = (html: string) => Object.fromEntries([...html.matchAll(/<div class="card" data-count="([A-Z_]+)">(.*?)<\/div>/g)].map(([, status = '', card = '']) => [status, text(card)]));
  const findings = (html: string) =>
    [...html.matchAll(/<tr data-status="([A-Z_]+)">(.*?)<\/tr>/g)].map(([, status = '', cells = '']) => ({
      status,
      cells: [...cells.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(([, cell = '']) => text(cell)),
    }));

  it('shows unknown before deploy as a status of its own: its card, its filter choice, its label on each row', () => {
    const run = dbauth(...TEMPLATES, '--format', 'html');
    expect(run.status).toBe(1);
    const html = run.stdout;
    expect(cards(html)).toEqual({
      NON_COMPLIANT: '1 non-compliant',
      UNKNOWN_BEFORE_DEPLOY: '2 unknown before deploy',
      COMPLIANT: '10 compliant',
      NOT_APPLICABLE: '5 not applicable',
    });
    expect(html).toContain(
      '<option value="all">every status</option><option value="NON_COMPLIANT">non-compliant</option><option value="UNKNOWN_BEFORE_DEPLOY">unknown before deploy</option><option value="COMPLIANT">compliant</option><option value="NOT_APPLICABLE">not applicable</option>',
    );
    expect(html).toContain('<th>non-compliant</th><th>unknown before deploy</th><th>compliant</th><th>not applicable</th>');
    expect(text(html.slice(html.indexOf('<table id="findings">'), html.indexOf('</tr>', html.indexOf('<table id="findings">'))))).toBe(
      'status rule controls location resource source type annotation',
    );

    const rows = findings(html);
    expect(rows).toHaveLength(18);
    // Those that need attention first: the non-compliant, then the unknowns.
    expect(rows.slice(0, 3).map((row) => [row.status, row.cells[0], row.cells[4]])).toEqual([
      ['NON_COMPLIANT', 'non-compliant', 'GraphCluster'],
      ['UNKNOWN_BEFORE_DEPLOY', 'unknown before deploy', 'OrdersGraph'],
      ['UNKNOWN_BEFORE_DEPLOY', 'unknown before deploy', 'GraphCluster'],
    ]);
    expect(rows.filter((row) => row.cells[0] === 'unknown before deploy').every((row) => row.status === 'UNKNOWN_BEFORE_DEPLOY')).toBe(true);
    expect(rows[0]?.cells).toEqual([
      'non-compliant',
      'neptune-cluster-iam-database-authentication',
      'Neptune.7',
      'test/check/fixtures/neptune-no-iam.yaml:7',
      'GraphCluster',
      'AWS::Neptune::DBCluster AWS::RDS::DBCluster',
      'IAM database authentication is disabled on Neptune cluster graph-prod: aws neptune modify-db-cluster --db-cluster-identifier graph-prod --enable-iam-database-authentication --apply-immediately',
    ]);
    expect(rows[1]?.cells).toEqual([
      'unknown before deploy',
      'neptune-cluster-iam-database-authentication',
      'Neptune.7',
      'test/check/fixtures/neptune-iam-parameter.yaml:9',
      'OrdersGraph',
      'AWS::Neptune::DBCluster AWS::RDS::DBCluster',
      'cannot be judged before deploy: the verdict depends on Ref EnableIamAuth',
    ]);
    expect(html).toContain('<table id="by-file">');
    expect(text(html.slice(html.indexOf('<table id="by-file">'), html.indexOf('</table>', html.indexOf('<table id="by-file">'))))).toBe(
      'file non-compliant unknown before deploy compliant not applicable test/check/fixtures/neptune-iam-parameter.yaml 0 1 5 3 test/check/fixtures/neptune-no-iam.yaml 1 1 5 2',
    );
  });

  it('is self-contained and escapes what the templates say (a suppression reason)', () => {
    const html = dbauth(...TEMPLATES, '--format', 'html').stdout;
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<[a-z]+[^>]*\s(src|href)=/i);
    expect(html).toContain('<td>suppressed in the template: replaced by &lt;GraphV2&gt; &amp; deleted after the &quot;Q3&quot; cut-over</td>');
    expect(html).not.toContain('<GraphV2>');
  });

  it('keeps the exit codes: 0 when only unknowns remain, 1 with --strict', () => {
    expect(dbauth('test/check/fixtures/neptune-iam-parameter.yaml', '--format', 'html').status).toBe(0);
    expect(dbauth('test/check/fixtures/neptune-iam-parameter.yaml', '--format', 'html', '--strict').status).toBe(1);
  });

  it('filters the report with --status; the exit code still comes from every row', () => {
    const run = dbauth(...TEMPLATES, '--format', 'html', '--status', 'unknown-before-deploy');
    expect(run.status).toBe(1);
    expect(findings(run.stdout).map((row) => `${row.status} ${row.cells[4]}`)).toEqual(['UNKNOWN_BEFORE_DEPLOY OrdersGraph', 'UNKNOWN_BEFORE_DEPLOY GraphCluster']);
    expect(cards(run.stdout)).toEqual({
      NON_COMPLIANT: '0 non-compliant',
      UNKNOWN_BEFORE_DEPLOY: '2 unknown before deploy',
      COMPLIANT: '0 compliant',
      NOT_APPLICABLE: '0 not applicable',
    });
  });

  it.each([
    ['html', 'html'],
    ['sarif', 'sarif'],
    ['table', 'txt'],
  ])('writes --format %s to DIR/dbauth-check-<UTC time>.%s, creating DIR, and says where and what it judged', (format, extension) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dbauth-cli-'));
    try {
      const out = path.join(dir, 'reports', 'pull-request');
      const before = Date.now();
      const run = dbauth(...TEMPLATES, '--format', format, '--output-dir', out);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      const files = readdirSync(out);
      expect(files).toEqual([expect.stringMatching(new RegExp(`^dbauth-check-\\d{8}T\\d{6}Z\\.${extension}$`))]);
      const [, stamp = ''] = /^dbauth-check-(\d{8}T\d{6}Z)\./.exec(files[0] ?? '') ?? [];
      const written = Date.parse(stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
      expect(written).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(written).toBeLessThanOrEqual(Date.now());
      expect(run.stderr).toBe(
        `dbauth: wrote ${path.join(out, files[0] ?? '')}\ndbauth: 2 resources in 2 files: 1 non-compliant, 2 cannot be judged before deploy, 10 compliant, 5 not applicable\n`,
      );
      const report = readFileSync(path.join(out, files[0] ?? ''), 'utf8');
      if (format === 'html') expect(cards(report)['UNKNOWN_BEFORE_DEPLOY']).toBe('2 unknown before deploy');
      if (format === 'sarif') expect((JSON.parse(report) as { version: string }).version).toBe('2.1.0');
      if (format === 'table') expect(report).toContain('GraphCluster');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with one line, no stack, when the folder or the --output file cannot be written, and refuses --output with --output-dir', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dbauth-cli-'));
    try {
      const inTheWay = path.join(dir, 'reports');
      writeFileSync(inTheWay, '');
      const run = dbauth(...TEMPLATES, '--format', 'html', '--output-dir', inTheWay);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(`^dbauth: cannot write the report to ${inTheWay}/dbauth-check-\\d{8}T\\d{6}Z\\.html: (a file of that name is in the way|a part of the path is a file, not a folder)\\n$`),
      );

      const missing = path.join(dir, 'no-such-folder', 'x.sarif');
      const file = dbauth(...TEMPLATES, '--format', 'sarif', '--output', missing);
      expect([file.status, file.stdout, file.stderr]).toEqual([2, '', `dbauth: cannot write ${missing}: no such file or folder\n`]);

      const both = dbauth(...TEMPLATES, '--output', path.join(dir, 'x.html'), '--output-dir', dir);
      expect(both.status).toBe(2);
      expect(both.stderr.split('\n')[0]).toBe("error: option '--output-dir <dir>' cannot be used with option '--output <file>'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the format and the option in its help', () => {
    const help = dbauth('--help').stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--format <format> output format (choices: "table", "json", "csv", "html", "sarif", default: "table")');
    expect(help).toContain('--output-dir <dir> write the output to a timestamped file in this folder (created if missing) instead of stdout');
  });
});
