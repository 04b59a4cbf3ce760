import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedAuroraCluster, describedNeptuneCluster } from './api';

const RULE = 'rds-cluster-iam-authentication-enabled';
const off = (cluster: string, state = 'disabled') =>
  `IAM database authentication is ${state} on ${cluster}: enable it (modify-db-cluster --enable-iam-database-authentication --apply-immediately; no reboot) or run the remediation`;

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
    ['member instance', { fixture: 'aurora-postgres-member-instance.json' }, 'NOT_APPLICABLE', 'AWS::RDS::DBInstance is not judged by this rule (it judges AWS::RDS::DBCluster)'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('decodes the same verdicts from DescribeDBClusters, which also lists Neptune', () => {
    expect(judgeApi(RULE, describedAuroraCluster())).toEqual(judgeFixture(RULE, { fixture: 'aurora-cluster-iam-off.json' }));
    expect(judgeApi(RULE, describedAuroraCluster({ IAMDatabaseAuthenticationEnabled: true })).compliance).toBe('COMPLIANT');
    expect(judgeApi(RULE, describedNeptuneCluster())).toEqual({ compliance: 'NOT_APPLICABLE', annotation: 'neptune cluster: RDS rules do not apply' });
  });
});
