import { dbCluster, defineRule, outsideNeptune } from '../kit';
import { requireSetting } from '../hint';

/** Neptune.8: a Neptune cluster's snapshots carry its tags, so tag-based access control and ownership follow the data. */
export const rule = defineRule({
  id: 'neptune-cluster-copy-tags-to-snapshot-enabled',
  title: 'Neptune clusters copy tags to snapshots',
  description: 'Checks that Amazon Neptune DB clusters copy their tags to their snapshots (CopyTagsToSnapshot).',
  kind: dbCluster,
  controls: ['Neptune.8'],
  severity: 'LOW',
  parameters: {},
  fix: { runbook: { document: 'neptune-cluster-copy-tags-to-snapshot-enabled', resourceIdParameter: 'DbClusterResourceId' } },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster) =>
    requireSetting(cluster.copyTagsToSnapshot, 'copying tags to snapshots', 'Neptune cluster', {
      name: cluster.identifier,
      variable: 'CLUSTER',
      fix: (id) => `aws neptune modify-db-cluster --db-cluster-identifier ${id} --copy-tags-to-snapshot`,
    }),
});
