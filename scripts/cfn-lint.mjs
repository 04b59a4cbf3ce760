#!/usr/bin/env node
// Lints every CloudFormation template the pack produces with cfn-lint (AWS's linter, not our code):
//   - the CDK app in account mode, and in organization mode in two regions with both pack scopes;
//   - the member template that the stack set deploys to every member account and region;
//   - the conformance pack bodies (the organization pack, the account-level pack inside the member
//     template) and the template `./bin/dbauth pack` writes.
// Any error or warning fails. A check may be switched off only in .cfnlintrc, with its reason.
//
//   node scripts/cfn-lint.mjs [--keep]     (--keep leaves the templates in the printed folder)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');

/** Every way the app is synthesized: context as `cdk -c` takes it. */
export const SYNTHS = [
  { name: 'account', context: [] },
  { name: 'account-regions', context: ['regions=us-east-1,eu-west-1', 'remediation=auto', 'proactive=true'] },
  { name: 'organization', context: ['mode=organization', 'regions=us-east-1,eu-west-1', 'organizationId=o-exampleorg1'] },
  {
    name: 'organization-account-scope',
    context: ['mode=organization', 'regions=us-east-1,eu-west-1', 'organizationId=o-exampleorg1', 'packScope=account'],
  },
  { name: 'organization-no-remediation', context: ['mode=organization', 'remediation=off'] },
];

/** Values CloudFormation puts for pseudo parameters, for bodies that it resolves before AWS Config reads them. */
const PSEUDO = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '111111111111', 'AWS::URLSuffix': 'amazonaws.com' };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

function requireCfnLint() {
  const version = run('cfn-lint', ['--version']);
  if (version.status !== 0) {
    console.error('cfn-lint is not installed: `pip install cfn-lint` (1.51 or newer), then run this again.');
    process.exit(2);
  }
  return version.stdout.trim();
}

const jsonFiles = (dir, suffix) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => path.join(dir, f)) : []);

/** The conformance pack bodies inside a synthesized template, as files of their own. */
function packBodies(templateFile, outdir) {
  const template = JSON.parse(readFileSync(templateFile, 'utf8'));
  const files = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (!['AWS::Config::OrganizationConformancePack', 'AWS::Config::ConformancePack'].includes(resource.Type)) continue;
    let body = resource.Properties?.TemplateBody;
    if (body === undefined) continue;
    // An account-level pack's body is an Fn::Sub that CloudFormation resolves in the member account.
    if (typeof body === 'object' && typeof body['Fn::Sub'] === 'string') {
      body = body['Fn::Sub'].replace(/\$\{(AWS::\w+)\}/g, (_, name) => PSEUDO[name]).replace(/\$\{!/g, '${');
    }
    if (typeof body !== 'string') throw new Error(`${templateFile}: ${id} has a TemplateBody that is not text: the pack would be resolved by the outer stack`);
    const file = path.join(outdir, `${path.basename(templateFile, '.template.json')}.${id}.pack.yaml`);
    writeFileSync(file, body);
    files.push(file);
  }
  return files;
}

function main() {
  const version = requireCfnLint();
  const work = mkdtempSync(path.join(tmpdir(), 'dbauth-cfn-lint-'));
  const templates = [];
  try {
    for (const synth of SYNTHS) {
      const outdir = path.join(work, synth.name);
      const args = ['cdk', 'synth', '-q', '-o', outdir, ...synth.context.flatMap((pair) => ['-c', pair])];
      const result = run('npx', args, { env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
      if (result.status !== 0) {
        process.stderr.write(result.stdout + result.stderr);
        throw new Error(`cdk synth ${synth.context.join(' ')} failed`);
      }
      // Stacks, and the member template(s) the stack sets deploy (written beside them by the app).
      const found = [...jsonFiles(outdir, '.template.json'), ...jsonFiles(path.join(outdir, 'member-templates'), '.template.json')];
      if (found.length === 0) throw new Error(`cdk synth ${synth.name} wrote no template`);
      const packs = path.join(outdir, 'packs');
      mkdirSync(packs, { recursive: true });
      for (const file of found) templates.push(file, ...packBodies(file, packs));
    }
    const cliPack = path.join(work, 'dbauth-pack.yaml');
    const pack = run(process.execPath, [path.join(root, 'bin/dbauth'), 'pack', '--account', '111111111111', '--region', 'us-east-1', '--out', cliPack]);
    if (pack.status !== 0) {
      process.stderr.write(pack.stdout + pack.stderr);
      throw new Error('./bin/dbauth pack failed');
    }
    templates.push(cliPack);

    const lint = run('cfn-lint', ['--', ...templates], { stdio: ['ignore', 'pipe', 'pipe'] });
    process.stdout.write(lint.stdout);
    process.stderr.write(lint.stderr);
    // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational.
    const failed = lint.status === null || (lint.status & (1 | 2 | 4)) !== 0;
    const names = templates.map((file) => path.relative(work, file));
    console.log(`${version}: ${templates.length} templates, ${failed ? 'FINDINGS (see above)' : '0 errors, 0 warnings'}`);
    if (failed || keep) console.log(`templates: ${work}\n  ${names.join('\n  ')}`);
    if (failed) process.exitCode = 1;
  } finally {
    if (!keep && process.exitCode !== 1) rmSync(work, { recursive: true, force: true });
  }
}

main();
