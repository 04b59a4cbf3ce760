import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedNeptuneCluster } from './api';

const RULE = 'neptune-cluster-copy-tags-to-snapshot-enabled';
const OFF =
  'copying tags to snapshots is disabled on Neptune cluster graph-legacy: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --copy-tags-to-snapshot';

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['tags copied', { fixture: 'neptune-iam-on.json' }, 'COMPLIANT', 'copying tags to snapshots is enabled'],
    ['tags not copied', { fixture: 'neptune-iam-off.json' }, 'NON_COMPLIANT', OFF],
    [
      'setting absent from the item',
      { fixture: 'neptune-iam-off.json', change: set({ copyTagsToSnapshot: undefined }) },
      'NON_COMPLIANT',
      'copying tags to snapshots is not recorded as enabled on Neptune cluster graph-legacy: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --copy-tags-to-snapshot',
    ],
    // The command cannot name an unrecorded cluster: a variable stands in for it, and the annotation says so.
    [
      'no identifier recorded',
      { fixture: 'neptune-iam-off.json', change: set({ dbclusterIdentifier: null }) },
      'NON_COMPLIANT',
      'copying tags to snapshots is disabled: aws neptune modify-db-cluster --db-cluster-identifier "$CLUSTER" --copy-tags-to-snapshot (CLUSTER: its identifier)',
    ],
    ['exempt cluster', { fixture: 'neptune-iam-off.json', change: exempt('') }, 'NOT_APPLICABLE', 'exempt: tagged dbauth:exempt with no reason given'],
    ['Aurora cluster with copying off', { fixture: 'aurora-cluster-not-neptune.json', change: set({ copyTagsToSnapshot: false }) }, 'NOT_APPLICABLE', 'aurora-mysql cluster: Neptune rules do not apply'],
    ['DocumentDB cluster', { fixture: 'docdb-cluster.json' }, 'NOT_APPLICABLE', 'docdb cluster: Neptune rules do not apply'],
    ['engine recorded in capitals', { fixture: 'neptune-iam-on.json', change: set({ engine: 'Neptune' }) }, 'COMPLIANT', 'copying tags to snapshots is enabled'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('decodes the same verdicts from DescribeDBClusters', () => {
    expect(judgeApi(RULE, describedNeptuneCluster())).toEqual({ compliance: 'NON_COMPLIANT', annotation: OFF });
    expect(judgeApi(RULE, describedNeptuneCluster({ CopyTagsToSnapshot: true }))).toEqual({ compliance: 'COMPLIANT', annotation: 'copying tags to snapshots is enabled' });
  });
});
