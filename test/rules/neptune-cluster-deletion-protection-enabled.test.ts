import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedNeptuneCluster } from './api';

const RULE = 'neptune-cluster-deletion-protection-enabled';

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['protected cluster', { fixture: 'neptune-iam-on.json' }, 'COMPLIANT', 'deletion protection is enabled'],
    [
      'unprotected cluster',
      { fixture: 'neptune-no-deletion-protection.json' },
      'NON_COMPLIANT',
      'deletion protection is disabled on Neptune cluster graph-legacy: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --deletion-protection',
    ],
    [
      'setting absent from the item',
      { fixture: 'neptune-no-deletion-protection.json', change: set({ deletionProtection: null }) },
      'NON_COMPLIANT',
      'deletion protection is not recorded as enabled on Neptune cluster graph-legacy: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --deletion-protection',
    ],
    ['stopped cluster judged as recorded', { fixture: 'neptune-iam-on.json', change: set({ status: 'stopped' }) }, 'COMPLIANT', 'deletion protection is enabled'],
    [
      'pending change does not count',
      { fixture: 'neptune-no-deletion-protection.json', change: set({ status: 'modifying', pendingModifiedValues: { deletionProtection: true } }) },
      'NON_COMPLIANT',
      'deletion protection is disabled on Neptune cluster graph-legacy: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --deletion-protection',
    ],
    ['exempt cluster', { fixture: 'neptune-no-deletion-protection.json', change: exempt('scratch cluster, deleted nightly') }, 'NOT_APPLICABLE', 'exempt: scratch cluster, deleted nightly'],
    ['Aurora cluster', { fixture: 'aurora-cluster-not-neptune.json' }, 'NOT_APPLICABLE', 'aurora-mysql cluster: Neptune rules do not apply'],
    ['DocumentDB cluster', { fixture: 'docdb-cluster.json' }, 'NOT_APPLICABLE', 'docdb cluster: Neptune rules do not apply'],
    ['Neptune instance', { fixture: 'rds-neptune-instance.json' }, 'NOT_APPLICABLE', 'AWS::RDS::DBInstance is not judged by this rule (it judges AWS::RDS::DBCluster)'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('decodes the same verdicts from DescribeDBClusters', () => {
    expect(judgeApi(RULE, describedNeptuneCluster())).toEqual(judgeFixture(RULE, { fixture: 'neptune-no-deletion-protection.json' }));
    expect(judgeApi(RULE, describedNeptuneCluster({ DeletionProtection: true })).compliance).toBe('COMPLIANT');
    expect(judgeApi(RULE, describedNeptuneCluster({ Engine: 'docdb' })).compliance).toBe('NOT_APPLICABLE');
  });
});
