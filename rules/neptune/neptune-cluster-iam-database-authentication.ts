import { compliant, dbCluster, defineRule, nonCompliant, outsideNeptune } from '../kit';

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
  fix: { runbook: true },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster) =>
    cluster.iamDatabaseAuthentication === true
      ? compliant('IAM database authentication is enabled')
      : nonCompliant(
          `IAM database authentication is ${cluster.iamDatabaseAuthentication === false ? 'disabled' : 'not recorded as enabled'} on Neptune cluster ${cluster.identifier ?? ''}: ` +
            'enable it (modify-db-cluster --enable-iam-database-authentication; no reboot) or run the remediation',
        ),
});
