import { compliant, dbClusterSnapshot, defineRule, named, nonCompliant, outsideNeptune } from '../kit';

/** Neptune.6: a Neptune cluster snapshot, the most portable copy of the graph, is encrypted at rest. */
export const rule = defineRule({
  id: 'neptune-cluster-snapshot-encrypted',
  title: 'Neptune cluster snapshots are encrypted at rest',
  description: 'Checks that Amazon Neptune DB cluster snapshots are encrypted at rest.',
  kind: dbClusterSnapshot,
  controls: ['Neptune.6'],
  severity: 'MEDIUM',
  parameters: {},
  fix: {
    runbook: false,
    manual:
      'A snapshot cannot be encrypted in place: restore it into a new cluster with --kms-key-id, snapshot that cluster, then delete the unencrypted snapshot.',
  },
  scope: (snapshot) => outsideNeptune(snapshot, 'cluster snapshot'),
  evaluate: (snapshot) => {
    if (snapshot.storageEncrypted === true) return compliant('snapshot is encrypted at rest');
    const state = `${named('Neptune cluster snapshot', snapshot.identifier)} is ${snapshot.storageEncrypted === false ? 'not encrypted' : 'not recorded as encrypted'}`;
    if (snapshot.snapshotType?.toLowerCase() === 'automated') {
      return nonCompliant(
        `${state}: an automated snapshot has its cluster's encryption, so replace the cluster by an encrypted one (see neptune-cluster-encrypted)`,
      );
    }
    return nonCompliant(
      `${state}, which cannot be changed: restore it into a new cluster with --kms-key-id, snapshot that cluster, then delete this one`,
    );
  },
});
