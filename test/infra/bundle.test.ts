/** The one real bundle: scripts/bundle.mjs as the benchmark calls it, and as the CDK app stages it (local esbuild, no Docker). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CATALOG } from '../../rules/catalog';
import { cleanUp, propertiesOf, resourcesOf, synthesize } from './synth';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dbauth-bundle-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanUp();
});

it('bundles rules/lambda.ts into one minified file whose handler serves every rule', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs'), dir], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  const file = path.join(dir, 'index.js');
  expect(statSync(file).size).toBeLessThan(1_000_000);
  for (const rule of [CATALOG[0]!, CATALOG[CATALOG.length - 1]!]) {
    const load = spawnSync(process.execPath, ['-e', `console.log(typeof require(${JSON.stringify(file)}).handler)`], {
      encoding: 'utf8',
      env: { ...process.env, DBAUTH_RULE_ID: rule.id },
    });
    expect(load.stdout.trim()).toBe('function');
  }
});

it('stages that bundle once as the code of every rule function when the CDK app synthesizes', () => {
  const { templates, outdir } = synthesize({}, { bundle: true });
  const assets = new Set(resourcesOf(templates[0]!, 'AWS::Lambda::Function').map(([, fn]) => JSON.stringify(propertiesOf(fn)['Code'])));
  expect(assets.size).toBe(1);
  const staged = readdirSync(outdir).filter((name) => name.startsWith('asset.') && existsSync(path.join(outdir, name, 'index.js')));
  expect(staged).toHaveLength(1);
  expect(readdirSync(path.join(outdir, staged[0]!))).toEqual(['index.js']);
});
