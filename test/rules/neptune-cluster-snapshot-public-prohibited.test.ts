import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, ruleOf, set } from './fixtures';
import { describedNeptuneSnapshot, restoreAttribute } from './api';

const RULE = 'neptune-cluster-snapshot-public-prohibited';
const publicSnapshot = (name: string) =>
  `Neptune cluster snapshot ${name} is public: aws neptune modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier ${name} --attribute-name restore --values-to-remove all (shared accounts stay)`;
const UNKNOWN =
  'the sharing of Neptune cluster snapshot graph-manual-5 is not recorded, so it may be public; check it: aws neptune describe-db-cluster-snapshot-attributes --db-cluster-snapshot-identifier graph-manual-5 (periodic runs read it)';
const sharing =
  (...values: string[]) =>
  (item: { supplementaryConfiguration: Record<string, unknown> }) => {
    item.supplementaryConfiguration['DBClusterSnapshotAttributes'] = [{ attributeName: 'restore', attributeValues: values }];
  };

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['public', { fixture: 'neptune-snapshot-public.json' }, 'NON_COMPLIANT', publicSnapshot('graph-manual-1')],
    ['public and shared with an account', { fixture: 'neptune-snapshot-shared-public.json' }, 'NON_COMPLIANT', publicSnapshot('graph-manual-3')],
    ['not shared', { fixture: 'neptune-snapshot-private.json' }, 'COMPLIANT', 'not public; not shared'],
    ['shared with an account only', { fixture: 'neptune-snapshot-shared-account.json' }, 'COMPLIANT', 'not public; shared with 1 account(s)'],
    ['no restore attribute at all', { fixture: 'neptune-snapshot-private.json', change: (item) => (item.supplementaryConfiguration['DBClusterSnapshotAttributes'] = []) }, 'COMPLIANT', 'not public; not shared'],
    ['ALL in capitals', { fixture: 'neptune-snapshot-private.json', change: sharing('ALL') }, 'NON_COMPLIANT', publicSnapshot('graph-manual-2')],
    ['automated', { fixture: 'neptune-snapshot-automated.json' }, 'COMPLIANT', 'automated snapshot: automated snapshots cannot be shared'],
    ['manual, sharing not recorded', { fixture: 'neptune-snapshot-no-attributes.json' }, 'NON_COMPLIANT', UNKNOWN],
    ['type not recorded, sharing not recorded', { fixture: 'neptune-snapshot-no-attributes.json', change: set({ snapshotType: null }) }, 'NON_COMPLIANT', UNKNOWN],
    ['creating snapshot judged as recorded', { fixture: 'neptune-snapshot-public.json', change: set({ status: 'creating', percentProgress: 40 }) }, 'NON_COMPLIANT', publicSnapshot('graph-manual-1')],
    ['exempt snapshot', { fixture: 'neptune-snapshot-public.json', change: exempt('open data set, approved') }, 'NOT_APPLICABLE', 'exempt: open data set, approved'],
    ['public Aurora snapshot', { fixture: 'neptune-snapshot-public.json', change: set({ engine: 'aurora-postgresql' }) }, 'NOT_APPLICABLE', 'aurora-postgresql cluster snapshot: Neptune rules do not apply'],
    ['public DocumentDB snapshot', { fixture: 'neptune-snapshot-public.json', change: set({ engine: 'docdb' }) }, 'NOT_APPLICABLE', 'docdb cluster snapshot: Neptune rules do not apply'],
    ['a cluster, not a snapshot', { fixture: 'neptune-iam-on.json' }, 'NOT_APPLICABLE', 'AWS::RDS::DBCluster is not judged by this rule (it judges AWS::RDS::DBClusterSnapshot)'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('asks the periodic sweep for snapshot attributes', () => {
    expect(ruleOf(RULE).collect).toEqual({ snapshotAttributes: true });
  });

  it('decodes the same verdicts from DescribeDBClusterSnapshots and DescribeDBClusterSnapshotAttributes', () => {
    expect(judgeApi(RULE, describedNeptuneSnapshot(), { extra: restoreAttribute('all') })).toEqual(judgeFixture(RULE, { fixture: 'neptune-snapshot-public.json' }));
    expect(judgeApi(RULE, describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: 'graph-manual-4' }), { extra: restoreAttribute('210987654321') })).toEqual(
      judgeFixture(RULE, { fixture: 'neptune-snapshot-shared-account.json' }),
    );
    // The sweep reads no attributes for automated snapshots.
    expect(judgeApi(RULE, describedNeptuneSnapshot({ SnapshotType: 'automated' }))).toEqual(judgeFixture(RULE, { fixture: 'neptune-snapshot-automated.json' }));
  });
});
