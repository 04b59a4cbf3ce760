import { dbCluster, defineRule, named, outsideNeptune, requireEnabled } from '../kit';

/** Neptune.4: a Neptune cluster cannot be deleted by accident or by a single mistaken call. */
export const rule = defineRule({
  id: 'neptune-cluster-deletion-protection-enabled',
  title: 'Neptune clusters have deletion protection',
  description: 'Checks that Amazon Neptune DB clusters have deletion protection enabled.',
  kind: dbCluster,
  controls: ['Neptune.4'],
  severity: 'LOW',
  parameters: {},
  fix: { runbook: true },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster) =>
    requireEnabled(cluster.deletionProtection, {
      setting: 'deletion protection',
      resource: named('Neptune cluster', cluster.identifier),
      fix: 'enable it (modify-db-cluster --deletion-protection; no restart) or run the remediation',
    }),
});
