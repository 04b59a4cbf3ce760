import { dbCluster, defineRule, outsideNeptune } from '../kit';
import { newInstanceIdentifier, requireSetting } from '../hint';

const ADD_REPLICA = 'add a read replica in another Availability Zone (create-db-instance --engine neptune --db-cluster-identifier <cluster> --availability-zone <zone>)';

/** Neptune.9: a Neptune cluster has instances in more than one Availability Zone, so it fails over when one zone fails. */
export const rule = defineRule({
  id: 'neptune-cluster-multi-az-enabled',
  title: 'Neptune clusters span Availability Zones',
  description: 'Checks that Amazon Neptune DB clusters are Multi-AZ: they have a read replica in an Availability Zone other than the writer.',
  kind: dbCluster,
  controls: ['Neptune.9'],
  severity: 'MEDIUM',
  parameters: {},
  fix: { runbook: false, manual: `No setting turns Multi-AZ on: ${ADD_REPLICA}.` },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  // The fix is a replica in another zone. The writer's instance class and the zones in use are not in the cluster's
  // record: the user fills in those two.
  evaluate: (cluster) =>
    requireSetting(cluster.multiAZ, 'Multi-AZ', 'Neptune cluster', {
      name: cluster.identifier,
      variable: 'CLUSTER',
      fix: (id) =>
        `aws neptune create-db-instance --db-instance-identifier ${newInstanceIdentifier(id, 'replica')} --db-instance-class <class> ` +
        `--engine neptune --db-cluster-identifier ${id} --availability-zone <another zone>`,
    }),
});
