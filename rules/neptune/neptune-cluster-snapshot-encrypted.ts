import { compliant, dbClusterSnapshot, defineRule, named, nonCompliant, outsideNeptune } from '../kit';
import { hint } from '../hint';

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
    const state = (name: string | undefined) =>
      `${name ? named('Neptune cluster snapshot', name) : 'the snapshot'} is ${snapshot.storageEncrypted === false ? 'not encrypted' : 'not recorded as encrypted'}`;
    const automated = snapshot.snapshotType?.toLowerCase() === 'automated';
    return nonCompliant(
      hint({
        problem: (name) => (automated ? state(name) : `${state(name)}, which cannot be changed`),
        name: snapshot.identifier,
        variable: 'SNAPSHOT',
        fix: () =>
          automated
            ? "an automated snapshot has its cluster's encryption, so replace the cluster by an encrypted one (see neptune-cluster-encrypted)"
            : 'restore it into a new cluster with --kms-key-id, snapshot that cluster, then delete this one',
      }),
    );
  },
});
