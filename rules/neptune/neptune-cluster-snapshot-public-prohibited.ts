import { compliant, dbClusterSnapshot, defineRule, named, nonCompliant, outsideNeptune } from '../kit';
import { hint } from '../hint';

/** Neptune.3: no Neptune cluster snapshot can be restored by every AWS account. */
export const rule = defineRule({
  id: 'neptune-cluster-snapshot-public-prohibited',
  title: 'Neptune cluster snapshots are not public',
  description:
    'Checks that manual Amazon Neptune DB cluster snapshots are not public: their restore attribute must not contain all. Sharing with named accounts is allowed.',
  kind: dbClusterSnapshot,
  controls: ['Neptune.3'],
  severity: 'CRITICAL',
  parameters: {},
  fix: { runbook: { document: 'neptune-cluster-snapshot-public-prohibited', resourceIdParameter: 'DbClusterSnapshotIdentifier' } },
  collect: { snapshotAttributes: true },
  scope: (snapshot) => outsideNeptune(snapshot, 'cluster snapshot'),
  evaluate: (snapshot) => {
    if (snapshot.snapshotType?.toLowerCase() === 'automated') return compliant('automated snapshot: automated snapshots cannot be shared');
    // Unknown sharing is not proof of privacy: a public snapshot is a leak of the whole graph, so fail closed.
    if (snapshot.restore === undefined) {
      return nonCompliant(
        hint({
          problem: (name) => `the sharing of ${name ? named('Neptune cluster snapshot', name) : 'the snapshot'} is not recorded, so it may be public; check it`,
          name: snapshot.identifier,
          variable: 'SNAPSHOT',
          fix: (id) => `aws neptune describe-db-cluster-snapshot-attributes --db-cluster-snapshot-identifier ${id}`,
          after: ' (periodic runs read it)',
        }),
      );
    }
    const accounts = snapshot.restore.filter((value) => value.toLowerCase() !== 'all');
    if (accounts.length === snapshot.restore.length) {
      return compliant(`not public; ${accounts.length > 0 ? `shared with ${accounts.length} account(s)` : 'not shared'}`);
    }
    return nonCompliant(
      hint({
        problem: (name) => `${name ? named('Neptune cluster snapshot', name) : 'the snapshot'} is public`,
        name: snapshot.identifier,
        variable: 'SNAPSHOT',
        fix: (id) => `aws neptune modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier ${id} --attribute-name restore --values-to-remove all`,
        after: ' (shared accounts stay)',
      }),
    );
  },
});
