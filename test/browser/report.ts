/**
 * The HTML report in a real browser: Debian's chromium, driven by playwright-core. Not part of `npm test`
 * (a machine with Node alone has no browser): `npm run test:browser`, which .ci/run runs after installing
 * chromium. It writes the demo's report with `dbauth demo --format html --status all --output-dir`, opens it
 * from the file system with the network switched off, checks what a reader sees, uses the filters and the
 * sorting, and leaves a screenshot in test-output/.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runDemo } from '../../cli/demo';
import { summarize } from '../../cli/output';

const ROOT = resolve(__dirname, '..', '..');
const OUT = join(ROOT, 'test-output');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(OUT, { recursive: true });
  const reports = join(OUT, 'reports');
  rmSync(reports, { recursive: true, force: true });

  // Act 1: the report as a user writes it.
  const run = spawnSync(join(ROOT, 'bin', 'dbauth'), ['demo', '--format', 'html', '--status', 'all', '--output-dir', 'test-output/reports'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const [file] = readdirSync(reports).filter((name) => /^dbauth-demo-\d{8}T\d{6}Z\.html$/.test(name));
  assert.ok(file, `no timestamped report in ${reports}: ${readdirSync(reports).join(', ')}`);

  // What the report must show: the demo's own verdicts, judged again here.
  const rows = (await runDemo()).before;
  const expected = summarize(rows);
  const exempt = rows.filter((row) => row.exemption !== undefined);

  const profile = mkdtempSync(join(tmpdir(), 'dbauth-chromium-'));
  // A fresh profile every run (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const url = pathToFileURL(join(reports, file)).href;
    await page.goto(url);

    // Assess: the visible counts.
    const count = async (status: string) => Number(await page.locator(`[data-count="${status}"] b`).innerText());
    assert.equal(await count('NON_COMPLIANT'), expected.NON_COMPLIANT);
    assert.equal(await count('COMPLIANT'), expected.COMPLIANT);
    assert.equal(await count('NOT_APPLICABLE'), expected.NOT_APPLICABLE);
    assert.equal(await count('EXEMPT'), exempt.length);
    const visibleRows = () => page.locator('#findings tbody tr:visible').count();
    assert.equal(await visibleRows(), rows.length);
    assert.equal(await page.locator('#shown').innerText(), String(rows.length));
    assert.ok((await page.locator('#by-control tbody tr').count()) >= 14, 'a summary row per control');
    assert.equal(await page.locator('#by-place tbody tr').count(), 1, 'one account and region in the demo');
    assert.equal(await page.locator('#exemptions tbody tr').count(), exempt.length);
    for (const row of exempt) assert.ok((await page.locator('#exemptions').innerText()).includes(row.exemption ?? ''), `exemption reason ${row.exemption}`);

    // Act 2: the status filter.
    await page.selectOption('#status', 'NON_COMPLIANT');
    assert.equal(await visibleRows(), expected.NON_COMPLIANT);
    assert.equal(await page.locator('#shown').innerText(), String(expected.NON_COMPLIANT));

    // Act 3: the text filter, on top of the status filter.
    await page.fill('#filter', 'graph-dev');
    const graphDev = rows.filter((row) => row.compliance === 'NON_COMPLIANT' && [row.resourceName, row.annotation, row.arn, row.fix].some((text) => text?.includes('graph-dev'))).length;
    assert.ok(graphDev > 0);
    assert.equal(await visibleRows(), graphDev);

    // Act 4: sorting by severity puts the critical finding last, then first.
    await page.fill('#filter', '');
    const severity = page.locator('#findings th', { hasText: 'severity' });
    await severity.click();
    const firstSeverity = () => page.locator('#findings tbody tr:visible td:first-child').first().innerText();
    const ascending = await firstSeverity();
    await severity.click();
    const descending = await firstSeverity();
    assert.equal(descending, rows.some((row) => row.compliance === 'NON_COMPLIANT' && row.severity === 'CRITICAL') ? 'CRITICAL' : descending);
    assert.notEqual(ascending, descending);

    // The screenshot a reader opens first: the summaries and the non-compliant findings, worst first.
    await page.selectOption('#status', 'NON_COMPLIANT');
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true, clip: { x: 0, y: 0, width: 1400, height: 1700 } });
    assert.deepEqual(errors, [], 'no script errors');
    assert.deepEqual(
      requests.filter((r) => !r.startsWith('file:')),
      [],
      'the report fetches nothing',
    );
    console.log(`browser test passed: ${rows.length} rows, ${expected.NON_COMPLIANT} non-compliant; screenshot ${join(OUT, 'report.png')}`);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
