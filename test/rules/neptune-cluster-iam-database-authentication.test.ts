import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedNeptuneCluster } from './api';

const RULE = 'neptune-cluster-iam-database-authentication';
const FIX = 'aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --enable-iam-database-authentication --apply-immediately';

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['IAM auth on', { fixture: 'neptune-iam-on.json' }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['IAM auth off', { fixture: 'neptune-iam-off.json' }, 'NON_COMPLIANT', `IAM database authentication is disabled on Neptune cluster graph-legacy: ${FIX}`],
    [
      'flag absent from the item',
      { fixture: 'neptune-iam-off.json', change: set({ iamdatabaseAuthenticationEnabled: null }) },
      'NON_COMPLIANT',
      `IAM database authentication is not recorded as enabled on Neptune cluster graph-legacy: ${FIX}`,
    ],
    ['engine in upper case', { fixture: 'neptune-iam-on.json', change: set({ engine: 'NEPTUNE' }) }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['stopped cluster judged as recorded', { fixture: 'neptune-iam-off.json', change: set({ status: 'stopped' }) }, 'NON_COMPLIANT', `IAM database authentication is disabled on Neptune cluster graph-legacy: ${FIX}`],
    ['exempt cluster', { fixture: 'neptune-iam-off.json', change: exempt('graph team owns the fix, ticket GR-7') }, 'NOT_APPLICABLE', 'exempt: graph team owns the fix, ticket GR-7'],
    ['Aurora cluster', { fixture: 'aurora-cluster-not-neptune.json' }, 'NOT_APPLICABLE', 'aurora-mysql cluster: Neptune rules do not apply'],
    ['DocumentDB cluster', { fixture: 'docdb-cluster.json' }, 'NOT_APPLICABLE', 'docdb cluster: Neptune rules do not apply'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('decodes the same verdicts from DescribeDBClusters', () => {
    expect(judgeApi(RULE, describedNeptuneCluster({ DBClusterIdentifier: 'graph-legacy', IAMDatabaseAuthenticationEnabled: false }))).toEqual(
      judgeFixture(RULE, { fixture: 'neptune-iam-off.json' }),
    );
    expect(judgeApi(RULE, describedNeptuneCluster({ IAMDatabaseAuthenticationEnabled: true })).compliance).toBe('COMPLIANT');
  });
});
