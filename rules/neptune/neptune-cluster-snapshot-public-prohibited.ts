import { compliant, dbClusterSnapshot, defineRule, named, nonCompliant, outsideNeptune } from '../kit';

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
  fix: { runbook: true },
  collect: { snapshotAttributes: true },
  scope: (snapshot) => outsideNeptune(snapshot, 'cluster snapshot'),
  evaluate: (snapshot) => {
    const name = named('Neptune cluster snapshot', snapshot.identifier);
    if (snapshot.snapshotType?.toLowerCase() === 'automated') return compliant('automated snapshot: automated snapshots cannot be shared');
    // Unknown sharing is not proof of privacy: a public snapshot is a leak of the whole graph, so fail closed.
    if (snapshot.restore === undefined) {
      return nonCompliant(
        `the sharing of ${name} is not recorded, so it may be public: ` +
          'check its restore attribute (describe-db-cluster-snapshot-attributes) or run the rule periodically, which reads it',
      );
    }
    const accounts = snapshot.restore.filter((value) => value.toLowerCase() !== 'all');
    if (accounts.length === snapshot.restore.length) {
      return compliant(`not public; ${accounts.length > 0 ? `shared with ${accounts.length} account(s)` : 'not shared'}`);
    }
    return nonCompliant(
      `${name} is public: remove all ` +
        '(modify-db-cluster-snapshot-attribute --attribute-name restore --values-to-remove all; account ids may stay) or run the remediation',
    );
  },
});
