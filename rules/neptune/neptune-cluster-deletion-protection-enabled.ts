import { dbCluster, defineRule, outsideNeptune } from '../kit';
import { requireSetting } from '../hint';

/** Neptune.4: a Neptune cluster cannot be deleted by accident or by a single mistaken call. */
export const rule = defineRule({
  id: 'neptune-cluster-deletion-protection-enabled',
  title: 'Neptune clusters have deletion protection',
  description: 'Checks that Amazon Neptune DB clusters have deletion protection enabled.',
  kind: dbCluster,
  controls: ['Neptune.4'],
  severity: 'LOW',
  parameters: {},
  fix: { runbook: { document: 'neptune-cluster-deletion-protection-enabled', resourceIdParameter: 'DbClusterResourceId' } },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster) =>
    requireSetting(cluster.deletionProtection, 'deletion protection', 'Neptune cluster', {
      name: cluster.identifier,
      variable: 'CLUSTER',
      fix: (id) => `aws neptune modify-db-cluster --db-cluster-identifier ${id} --deletion-protection`,
    }),
});
