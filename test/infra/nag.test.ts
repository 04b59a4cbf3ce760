/**
 * cdk-nag's AWS Solutions checks, as `cdk synth` runs them, over every stack and the member template the
 * stack set deploys: no finding that is not acknowledged with a reason.
 */
import type { DeploymentName } from './synth';
import { DEPLOYMENTS, deployment } from './synth';

const ALL = Object.keys(DEPLOYMENTS) as DeploymentName[];

describe.each(ALL)('%s', (name) => {
  it('has no unacknowledged AWS Solutions finding', () => {
    expect(deployment(name).violations).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    const acknowledged = deployment(name).acknowledgements;
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^(Annotation::)?AwsSolutions-(IAM4|IAM5|L1|SQS3|S1)\b/);
      expect(typeof reason === 'string' && reason.length > 40).toBe(true);
    }
  });

  it('says the truth about the runtime: the Node.js version the bundle targets', () => {
    const runtime = deployment(name).acknowledgements.filter((a) => a.id.endsWith('AwsSolutions-L1') && !a.path.includes('CDKBucketDeployment'));
    expect(runtime.length).toBeGreaterThan(0);
    for (const { reason } of runtime) expect(String(reason)).toMatch(/nodejs22\.x .*esbuild target node22/);
  });
});

it('checks the member template itself, not only the stacks that deploy it', () => {
  expect(deployment('organization').acknowledgements.some((a) => a.path.startsWith('DbAuthMember/'))).toBe(true);
});
