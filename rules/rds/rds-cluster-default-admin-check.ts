import { adminUserNameParameters, dbCluster, defineRule, judgeAdminUserName, named, outsideRds } from '../kit';

const REPLACEMENT = 'it cannot be changed: move the data to a new DB cluster with another name (a snapshot restore keeps it)';

/** RDS.24: Aurora and Multi-AZ DB clusters do not use a well-known master user name that attackers try first. */
export const rule = defineRule({
  id: 'rds-cluster-default-admin-check',
  title: 'RDS clusters use a custom master user name',
  description:
    'Checks that RDS DB clusters (Aurora, Multi-AZ DB clusters) have a master user name other than a default such as admin or postgres. Neptune and DocumentDB clusters are not judged.',
  kind: dbCluster,
  controls: ['RDS.24'],
  severity: 'MEDIUM',
  parameters: adminUserNameParameters,
  fix: { runbook: false, manual: 'A master user name cannot be changed: move the data to a new DB cluster with another master user name (a snapshot restore keeps the old name), then delete the old cluster.' },
  scope: (cluster) => outsideRds(cluster, 'cluster'),
  evaluate: (cluster, names) =>
    judgeAdminUserName(cluster.masterUsername, names, named(`${cluster.engine ?? 'unknown'} cluster`, cluster.identifier), REPLACEMENT),
});
