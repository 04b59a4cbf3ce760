/**
 * Fail closed: in every runbook, a failure of any step that runs before the change (a lookup, a guard, a
 * script, a branch) ends the automation with no mutating call made. Each broken resource is first fixed
 * once to learn the steps that run before its change; then each of them is made to fail, one at a time.
 */
import { runbooks, runRunbook } from '../../remediations';
import type { AutomationStep } from '../../remediations/runner';
import { runbookTarget } from '../../sim/runbook-target';
import { accountWith, cluster, CLUSTER_ID, DBI_ID, endpoint, ENDPOINT_ARN, instance, modifications } from './helpers';
import type { Seed } from './helpers';

const snapshot = {
  DBClusterSnapshotIdentifier: 'graph-share',
  DBClusterIdentifier: 'graph',
  Engine: 'neptune',
  SnapshotType: 'manual',
  Status: 'available',
  StorageEncrypted: true,
  TagList: [],
};

/** A fixable, non-compliant resource per runbook, and its id. */
const BROKEN: Record<string, { seed: Seed; resourceId: string }> = {
  'neptune-cluster-iam-database-authentication': { seed: { clusters: [cluster()] }, resourceId: CLUSTER_ID },
  'neptune-cluster-deletion-protection-enabled': { seed: { clusters: [cluster()] }, resourceId: CLUSTER_ID },
  'neptune-cluster-copy-tags-to-snapshot-enabled': { seed: { clusters: [cluster()] }, resourceId: CLUSTER_ID },
  'neptune-cluster-backup-retention-check': { seed: { clusters: [cluster()] }, resourceId: CLUSTER_ID },
  'neptune-cluster-cloudwatch-log-export-enabled': { seed: { clusters: [cluster()] }, resourceId: CLUSTER_ID },
  'rds-cluster-iam-authentication-enabled': { seed: { clusters: [cluster({ Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.05.2' })] }, resourceId: CLUSTER_ID },
  'rds-instance-iam-authentication-enabled': { seed: { instances: [instance()] }, resourceId: DBI_ID },
  'dms-neptune-iam-authorization-enabled': { seed: { endpoints: [{ endpoint: endpoint() }] }, resourceId: ENDPOINT_ARN },
  'neptune-cluster-snapshot-public-prohibited': {
    seed: { snapshots: [{ snapshot, attributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }] }] },
    resourceId: 'graph-share',
  },
};

const isChange = (step: AutomationStep): boolean => step.action === 'aws:executeAwsApi' && /^Modify/.test(String(step.inputs.Api));

async function stepsBeforeChange(ruleId: string): Promise<string[]> {
  const { seed, resourceId } = BROKEN[ruleId] as { seed: Seed; resourceId: string };
  const ran: string[] = [];
  const account = accountWith(seed);
  const run = await runRunbook(ruleId, { resourceId }, runbookTarget(account, { beforeStep: (step) => void ran.push(isChange(step) ? `CHANGE:${step.name}` : step.name) }));
  expect(run.outcome).toBe('remediated');
  const change = ran.findIndex((name) => name.startsWith('CHANGE:'));
  expect(change).toBeGreaterThan(0);
  return ran.slice(0, change);
}

it('has a broken resource for every runbook of the catalog', () => {
  expect(Object.keys(BROKEN).sort()).toEqual(runbooks.map((r) => r.ruleId).sort());
});

describe.each(runbooks.map((r) => [r.ruleId] as const))('%s', (ruleId) => {
  it('makes no change when any step before the change fails', async () => {
    const steps = await stepsBeforeChange(ruleId);
    expect(steps.length).toBeGreaterThanOrEqual(6);
    const { seed, resourceId } = BROKEN[ruleId] as { seed: Seed; resourceId: string };
    for (const failing of steps) {
      const account = accountWith(seed);
      const run = await runRunbook(
        ruleId,
        { resourceId },
        runbookTarget(account, {
          beforeStep: (step) => {
            if (step.name === failing) throw new Error(`injected failure of ${failing}`);
          },
        }),
      );
      expect({ failing, status: run.status, modifications: modifications(account) }).toEqual({ failing, status: 'Failed', modifications: [] });
    }
  }, 120_000);
});
