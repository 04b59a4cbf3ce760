import { dbCluster, defineRule, outsideNeptune } from '../kit';
import { requireSetting } from '../hint';

/** Neptune.7: a Neptune cluster accepts IAM (SigV4) authentication, not just network reachability. */
export const rule = defineRule({
  id: 'neptune-cluster-iam-database-authentication',
  title: 'Neptune clusters use IAM database authentication',
  description:
    'Checks that IAM database authentication is enabled on Amazon Neptune DB clusters, so that every request is signed with IAM credentials.',
  kind: dbCluster,
  controls: ['Neptune.7'],
  severity: 'MEDIUM',
  parameters: {},
  fix: { runbook: { document: 'neptune-cluster-iam-database-authentication', resourceIdParameter: 'DbClusterResourceId' } },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster) =>
    requireSetting(cluster.iamDatabaseAuthentication, 'IAM database authentication', 'Neptune cluster', {
      name: cluster.identifier,
      variable: 'CLUSTER',
      fix: (id) => `aws neptune modify-db-cluster --db-cluster-identifier ${id} --enable-iam-database-authentication --apply-immediately`,
    }),
});
