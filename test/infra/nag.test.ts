/** cdk-nag's AWS Solutions checks, as `cdk synth` runs them: no finding that is not acknowledged with a reason. */
import { Validations } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cleanUp, synthesize } from './synth';

afterAll(cleanUp);

const DEPLOYMENTS: [string, Record<string, string>][] = [
  ['account mode', {}],
  ['account mode, two regions, periodic, automatic remediation', { regions: 'us-east-1,eu-west-1', periodic: 'all', autoRemediate: 'all' }],
  ['organization mode', { mode: 'organization' }],
  ['organization mode, three regions', { mode: 'organization', regions: 'us-east-1,eu-west-1,ap-southeast-2', excludedAccounts: '111111111111' }],
];

/** Every acknowledgement recorded in the stack, with its reason. */
function acknowledgements(stack: Stack): { path: string; id: string; reason: unknown }[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({ path: construct.node.path, id, reason }))),
  );
}

describe.each(DEPLOYMENTS)('%s', (_name, context) => {
  let stacks: Stack[];
  beforeAll(() => {
    stacks = synthesize(context).stacks;
  });

  it('has no unacknowledged AWS Solutions finding', () => {
    for (const stack of stacks) {
      const { violations } = new AwsSolutionsChecks(stack).validateScope(stack);
      expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    }
  });

  it('gives every acknowledgement a reason', () => {
    for (const stack of stacks) {
      const acknowledged = acknowledgements(stack);
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const { id, reason } of acknowledged) {
        expect(id).toMatch(/AwsSolutions-(IAM4|IAM5|L1)/);
        expect(typeof reason === 'string' && reason.length > 40).toBe(true);
      }
    }
  });
});
