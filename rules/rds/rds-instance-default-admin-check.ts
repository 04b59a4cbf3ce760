import { adminUserNameParameters, dbInstance, deferredToCluster, defineRule, judgeAdminUserName, named, outsideRds } from '../kit';

const REPLACEMENT = 'it cannot be changed: move the data to a new DB instance with another name (a snapshot restore keeps it)';

/** RDS.25: DB instances do not use a well-known master user name; members of clusters are judged at the cluster. */
export const rule = defineRule({
  id: 'rds-instance-default-admin-check',
  title: 'RDS instances use a custom master user name',
  description:
    'Checks that RDS DB instances have a master user name other than a default such as admin or postgres. Members of Aurora and Multi-AZ DB clusters are judged at the cluster; Neptune and DocumentDB are not judged.',
  kind: dbInstance,
  controls: ['RDS.25'],
  severity: 'MEDIUM',
  parameters: adminUserNameParameters,
  fix: { runbook: false, manual: 'A master user name cannot be changed: move the data to a new DB instance with another master user name (a snapshot restore keeps the old name), then delete the old instance.' },
  scope: (instance) => outsideRds(instance, 'instance') ?? deferredToCluster(instance, 'rds-cluster-default-admin-check'),
  evaluate: (instance, names) =>
    judgeAdminUserName(instance.masterUsername, names, named(`${instance.engine ?? 'unknown'} instance`, instance.identifier), REPLACEMENT),
});
