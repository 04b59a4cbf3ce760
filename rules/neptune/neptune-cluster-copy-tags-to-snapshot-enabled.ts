import { dbCluster, defineRule, named, outsideNeptune, requireEnabled } from '../kit';

/** Neptune.8: a Neptune cluster's snapshots carry its tags, so tag-based access control and ownership follow the data. */
export const rule = defineRule({
  id: 'neptune-cluster-copy-tags-to-snapshot-enabled',
  title: 'Neptune clusters copy tags to snapshots',
  description: 'Checks that Amazon Neptune DB clusters copy their tags to their snapshots (CopyTagsToSnapshot).',
  kind: dbCluster,
  controls: ['Neptune.8'],
  severity: 'LOW',
  parameters: {},
  fix: { runbook: true },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster) =>
    requireEnabled(cluster.copyTagsToSnapshot, {
      setting: 'copying tags to snapshots',
      resource: named('Neptune cluster', cluster.identifier),
      fix: 'enable it (modify-db-cluster --copy-tags-to-snapshot; no restart) or run the remediation',
    }),
});
