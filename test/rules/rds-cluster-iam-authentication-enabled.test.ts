import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedAuroraCluster, describedNeptuneCluster } from './api';
import { SERVERLESS_V1_MESSAGE, upgradeFirstMessage } from '../../rules/kit';

const RULE = 'rds-cluster-iam-authentication-enabled';
const off = (cluster: string, state = 'disabled') =>
  `IAM database authentication is ${state} on ${cluster}: aws rds modify-db-cluster --db-cluster-identifier ${cluster.split(' ').pop() ?? ''} --enable-iam-database-authentication --apply-immediately`;

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['Aurora MySQL, off', { fixture: 'aurora-cluster-iam-off.json' }, 'NON_COMPLIANT', off('aurora-mysql cluster test')],
    ['Aurora PostgreSQL, on', { fixture: 'aurora-postgres-cluster-iam-on.json' }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['Multi-AZ DB cluster of MySQL, off', { fixture: 'rds-mysql-multi-az-cluster.json' }, 'NON_COMPLIANT', off('mysql cluster orders-mysql')],
    ['Multi-AZ DB cluster of PostgreSQL, on', { fixture: 'rds-mysql-multi-az-cluster.json', change: set({ engine: 'postgres', engineVersion: '16.1', iamdatabaseAuthenticationEnabled: true }) }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['legacy aurora engine', { fixture: 'aurora-cluster-iam-off.json', change: set({ engine: 'aurora' }) }, 'NON_COMPLIANT', off('aurora cluster test')],
    ['engine in capitals', { fixture: 'aurora-postgres-cluster-iam-on.json', change: set({ engine: 'Aurora-PostgreSQL' }) }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['setting absent', { fixture: 'aurora-cluster-iam-off.json', change: set({ iamdatabaseAuthenticationEnabled: null }) }, 'NON_COMPLIANT', off('aurora-mysql cluster test', 'not recorded as enabled')],
    [
      'pending enablement does not count',
      { fixture: 'aurora-cluster-iam-off.json', change: set({ status: 'modifying', pendingModifiedValues: { iamdatabaseAuthenticationEnabled: true } }) },
      'NON_COMPLIANT',
      off('aurora-mysql cluster test'),
    ],
    ['stopped cluster judged as recorded', { fixture: 'aurora-postgres-cluster-iam-on.json', change: set({ status: 'stopped' }) }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['exempt cluster', { fixture: 'aurora-cluster-iam-off.json', change: exempt('vendor app, passwords only') }, 'NOT_APPLICABLE', 'exempt: vendor app, passwords only'],
    ['Neptune cluster', { fixture: 'neptune-not-rds-cluster-rule.json' }, 'NOT_APPLICABLE', 'neptune cluster: RDS rules do not apply'],
    ['DocumentDB cluster', { fixture: 'docdb-cluster.json' }, 'NOT_APPLICABLE', 'docdb cluster: RDS rules do not apply'],
    ['engine not recorded', { fixture: 'aurora-cluster-iam-off.json', change: set({ engine: null }) }, 'NOT_APPLICABLE', 'cluster with no engine recorded: cannot tell whether RDS rules apply'],
    ['unknown cluster engine', { fixture: 'aurora-cluster-iam-off.json', change: set({ engine: 'sqlserver-ee' }) }, 'NOT_APPLICABLE', 'sqlserver-ee cluster: not an Aurora or Multi-AZ DB cluster engine'],
    [
      'Aurora Serverless v1, off',
      { fixture: 'aurora-cluster-iam-off.json', change: set({ engineMode: 'serverless' }) },
      'NON_COMPLIANT',
      `IAM database authentication is disabled: ${SERVERLESS_V1_MESSAGE}`,
    ],
    [
      'Aurora Serverless v1 in capitals, off',
      { fixture: 'aurora-cluster-iam-off.json', change: set({ engineMode: 'Serverless' }) },
      'NON_COMPLIANT',
      `IAM database authentication is disabled: ${SERVERLESS_V1_MESSAGE}`,
    ],
    ['Aurora Serverless v1, on', { fixture: 'aurora-postgres-cluster-iam-on.json', change: set({ engineMode: 'serverless' }) }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['Aurora Serverless v1, exempt', { fixture: 'aurora-cluster-iam-off.json', change: (item) => (set({ engineMode: 'serverless' })(item), exempt('retired in Q3')(item)) }, 'NOT_APPLICABLE', 'exempt: retired in Q3'],
    ['engine mode not recorded', { fixture: 'aurora-cluster-iam-off.json', change: set({ engineMode: null }) }, 'NON_COMPLIANT', off('aurora-mysql cluster test')],
    [
      'Multi-AZ DB cluster of MySQL 5.7.12, off',
      { fixture: 'rds-mysql-multi-az-cluster.json', change: set({ engineVersion: '5.7.12' }) },
      'NON_COMPLIANT',
      `IAM database authentication is disabled: ${upgradeFirstMessage('mysql', '5.7.12', '5.7.16')}`,
    ],
    ['Aurora MySQL 2 has it in every version', { fixture: 'aurora-cluster-iam-off.json', change: set({ engineVersion: '5.7.mysql_aurora.2.03.2' }) }, 'NON_COMPLIANT', off('aurora-mysql cluster test')],
    ['member instance', { fixture: 'aurora-postgres-member-instance.json' }, 'NOT_APPLICABLE', 'AWS::RDS::DBInstance is not judged by this rule (it judges AWS::RDS::DBCluster)'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('decodes the same verdicts from DescribeDBClusters, which also lists Neptune', () => {
    expect(judgeApi(RULE, describedAuroraCluster())).toEqual(judgeFixture(RULE, { fixture: 'aurora-cluster-iam-off.json' }));
    expect(judgeApi(RULE, describedAuroraCluster({ IAMDatabaseAuthenticationEnabled: true })).compliance).toBe('COMPLIANT');
    expect(judgeApi(RULE, describedAuroraCluster({ EngineMode: 'serverless' }))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `IAM database authentication is disabled: ${SERVERLESS_V1_MESSAGE}`,
    });
    expect(judgeApi(RULE, describedNeptuneCluster())).toEqual({ compliance: 'NOT_APPLICABLE', annotation: 'neptune cluster: RDS rules do not apply' });
  });
});
