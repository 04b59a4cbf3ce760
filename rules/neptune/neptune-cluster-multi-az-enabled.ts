import { dbCluster, defineRule, named, outsideNeptune, requireEnabled } from '../kit';

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
  evaluate: (cluster) =>
    requireEnabled(cluster.multiAZ, {
      setting: 'Multi-AZ',
      resource: named('Neptune cluster', cluster.identifier),
      fix: ADD_REPLICA,
    }),
});
