/** The one real bundle: scripts/bundle.mjs as the benchmark calls it, and as the CDK app stages it (local esbuild, no Docker). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CATALOG } from '../../rules/catalog';
import { loadRunbooks } from '../../infra/runbooks';
import { readDeploySettings } from '../../infra/settings';
import { addPackStacks } from '../../infra/stacks';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dbauth-bundle-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
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
  const outdir = path.join(dir, 'cdk.out');
  const app = new App({ outdir, context: { rules: 'neptune-cluster-encrypted,rds-instance-default-admin-check' } });
  const settings = readDeploySettings((key) => app.node.tryGetContext(key));
  addPackStacks(app, settings, CATALOG, loadRunbooks());
  const template = JSON.parse(readFileSync(path.join(app.synth().directory, 'DbAuthConfigRules.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: { Code?: unknown } }>;
  };
  const codes = new Set(Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').map((fn) => JSON.stringify(fn.Properties.Code)));
  expect(codes.size).toBe(1);
  const staged = readdirSync(outdir).filter((name) => name.startsWith('asset.') && existsSync(path.join(outdir, name, 'index.js')));
  expect(staged).toHaveLength(1);
  expect(readdirSync(path.join(outdir, staged[0]!))).toEqual(['index.js']);
});
