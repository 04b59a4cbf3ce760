import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCheck } from '../../cli/check';
import { checkSummary } from '../../cli/check-format';
import { checkExitCode } from '../../rules/adapters';
import { deployment, templatesOf } from '../infra/synth';
import type { DeploymentName } from '../infra/synth';

/** The templates of a deployment (synthesized once per run by the infra tests' cache), as files in a folder. */
function templateFolder(name: DeploymentName): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dbauth-check-'));
  templatesOf(deployment(name)).forEach((template, i) => writeFileSync(path.join(dir, `${name}-${i}.template.json`), JSON.stringify(template)));
  return dir;
}
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("the project's own templates", () => {
  it.each(['account', 'organizationRegions'] as const)('pass: the %s templates declare no database resource, so there is nothing to judge (exit 0)', (name) => {
    const outdir = templateFolder(name);
    folders.push(outdir);
    const { inputs, rows } = runCheck([outdir]);
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.every((input) => input.format === 'cloudformation' && input.resources.length === 0)).toBe(true);
    expect(checkSummary(inputs, rows)).toBe(`nothing to judge: no Neptune, RDS or DMS resources in ${inputs.length} ${inputs.length === 1 ? 'file' : 'files'}`);
    expect(checkExitCode(rows, true)).toBe(0);
  });
});

/** The example templates are valid CloudFormation by cfn-lint, an oracle we did not write. */
const cfnLint = (() => {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

(cfnLint ? it : it.skip)('the example templates pass cfn-lint (install: pip install cfn-lint)', () => {
  const fixtures = path.join(__dirname, 'fixtures');
  expect(() => execFileSync('cfn-lint', [path.join(fixtures, 'compliant.json'), path.join(fixtures, 'neptune-no-iam.yaml')], { encoding: 'utf8' })).not.toThrow();
});
