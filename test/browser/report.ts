/**
 * The HTML reports in a real browser: Debian's chromium, driven by playwright-core. Not part of `npm test`
 * (a machine with Node alone has no browser): `npm run test:browser`, which .ci/run runs after installing
 * chromium. It writes the demo's report with `dbauth demo --format html --status all --output-dir` and a
 * template check's with `dbauth check ... --format html --output-dir`, opens each from the file system with
 * the network switched off, checks what a reader sees, uses the filters and the sorting, and leaves
 * screenshots in test-output/.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { runCheck } from '../../cli/check';
import { runDemo } from '../../cli/demo';
import { summarize } from '../../cli/output';

const ROOT = resolve(__dirname, '..', '..');
const OUT = join(ROOT, 'test-output');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const REPORTS = join(OUT, 'reports');

/** Act: writes a report as a user does, with --output-dir, and returns its file. */
function writeReport(command: string, args: readonly string[], exitCode: number): string {
  const run = spawnSync(join(ROOT, 'bin', 'dbauth'), [command, ...args, '--format', 'html', '--output-dir', 'test-output/reports'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, exitCode, run.stderr);
  const [file] = readdirSync(REPORTS).filter((name) => new RegExp(`^dbauth-${command}-\\d{8}T\\d{6}Z\\.html$`).test(name));
  assert.ok(file, `no timestamped ${command} report in ${REPORTS}: ${readdirSync(REPORTS).join(', ')}`);
  return join(REPORTS, file);
}

/** Opens a report from the file system, runs `use` on it, then asserts that it fetched nothing and threw nothing. */
async function withReport(browser: BrowserContext, file: string, use: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(file).href);
  await use(page);
  assert.deepEqual(errors, [], `no script errors in ${file}`);
  assert.deepEqual(
    requests.filter((r) => !r.startsWith('file:')),
    [],
    `${file} fetches nothing`,
  );
  await page.close();
}

const count = async (page: Page, status: string) => Number(await page.locator(`[data-count="${status}"] b`).innerText());
const visibleRows = (page: Page) => page.locator('#findings tbody tr:visible').count();

async function demoReport(browser: BrowserContext): Promise<string> {
  const file = writeReport('demo', ['--status', 'all'], 0);
  // What the report must show: the demo's own verdicts, judged again here.
  const rows = (await runDemo()).before;
  const expected = summarize(rows);
  const exempt = rows.filter((row) => row.exemption !== undefined);

  await withReport(browser, file, async (page) => {
    // Assess: the visible counts.
    assert.equal(await count(page, 'NON_COMPLIANT'), expected.NON_COMPLIANT);
    assert.equal(await count(page, 'COMPLIANT'), expected.COMPLIANT);
    assert.equal(await count(page, 'NOT_APPLICABLE'), expected.NOT_APPLICABLE);
    assert.equal(await count(page, 'EXEMPT'), exempt.length);
    assert.equal(await visibleRows(page), rows.length);
    assert.equal(await page.locator('#shown').innerText(), String(rows.length));
    assert.ok((await page.locator('#by-control tbody tr').count()) >= 14, 'a summary row per control');
    assert.equal(await page.locator('#by-place tbody tr').count(), 1, 'one account and region in the demo');
    assert.equal(await page.locator('#exemptions tbody tr').count(), exempt.length);
    for (const row of exempt) assert.ok((await page.locator('#exemptions').innerText()).includes(row.exemption ?? ''), `exemption reason ${row.exemption}`);

    // Act 2: the status filter.
    await page.selectOption('#status', 'NON_COMPLIANT');
    assert.equal(await visibleRows(page), expected.NON_COMPLIANT);
    assert.equal(await page.locator('#shown').innerText(), String(expected.NON_COMPLIANT));

    // Act 3: the text filter, on top of the status filter.
    await page.fill('#filter', 'graph-dev');
    const graphDev = rows.filter((row) => row.compliance === 'NON_COMPLIANT' && [row.resourceName, row.annotation, row.arn, row.fix].some((text) => text?.includes('graph-dev'))).length;
    assert.ok(graphDev > 0);
    assert.equal(await visibleRows(page), graphDev);

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
  });
  return `demo: ${rows.length} rows, ${expected.NON_COMPLIANT} non-compliant`;
}

/** A pull request's templates: a Neptune cluster without IAM authentication, and one whose setting is a stack parameter. */
const TEMPLATES = ['test/check/fixtures/neptune-no-iam.yaml', 'test/check/fixtures/neptune-iam-parameter.yaml'];

async function checkReport(browser: BrowserContext): Promise<string> {
  const file = writeReport('check', TEMPLATES, 1);
  const { rows } = runCheck(TEMPLATES, { cwd: ROOT });
  const counted = (status: string) => rows.filter((row) => row.status === status).length;
  const unknown = counted('UNKNOWN_BEFORE_DEPLOY');
  assert.ok(unknown > 0 && counted('NON_COMPLIANT') > 0, 'the templates have both a finding and an unknown');

  await withReport(browser, file, async (page) => {
    // Assess: a card per status, unknown before deploy one of them.
    for (const status of ['NON_COMPLIANT', 'UNKNOWN_BEFORE_DEPLOY', 'COMPLIANT', 'NOT_APPLICABLE']) assert.equal(await count(page, status), counted(status), status);
    assert.equal(await page.locator('[data-count="UNKNOWN_BEFORE_DEPLOY"]').innerText(), `${unknown}\nunknown before deploy`);
    assert.equal(await visibleRows(page), rows.length);
    assert.equal(await page.locator('#by-file tbody tr').count(), TEMPLATES.length, 'a summary row per template');
    await page.screenshot({ path: join(OUT, 'check-report.png'), fullPage: true });

    // Act: the status filter has the unknowns as a choice of their own.
    await page.selectOption('#status', 'UNKNOWN_BEFORE_DEPLOY');
    assert.equal(await visibleRows(page), unknown);
    const labels = await page.locator('#findings tbody tr:visible td:first-child').allInnerTexts();
    assert.deepEqual(new Set(labels), new Set(['unknown before deploy']));

    // Act: the text filter on top of it finds the cluster whose IAM authentication is a parameter.
    await page.fill('#filter', 'Ref EnableIamAuth');
    assert.equal(await visibleRows(page), 1);
    assert.equal(await page.locator('#findings tbody tr:visible td:nth-child(5)').innerText(), 'OrdersGraph');

    // Act: sorting by status follows the order of the statuses (the cards'), not the alphabet, both ways.
    await page.fill('#filter', '');
    await page.selectOption('#status', 'all');
    const status = page.locator('#findings th', { hasText: 'status' });
    const statuses = () => page.locator('#findings tbody tr td:first-child').allInnerTexts();
    const inOrder = ['non-compliant', 'unknown before deploy', 'compliant', 'not applicable'];
    await status.click();
    assert.deepEqual([...new Set(await statuses())], inOrder);
    await status.click();
    assert.deepEqual([...new Set(await statuses())], [...inOrder].reverse());
  });
  return `check: ${rows.length} rows, ${unknown} unknown before deploy`;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(OUT, { recursive: true });
  rmSync(REPORTS, { recursive: true, force: true });

  const profile = mkdtempSync(join(tmpdir(), 'dbauth-chromium-'));
  // A fresh profile every run (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const passed = [await demoReport(browser), await checkReport(browser)];
    console.log(`browser test passed: ${passed.join('; ')}; screenshots in ${OUT}`);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
