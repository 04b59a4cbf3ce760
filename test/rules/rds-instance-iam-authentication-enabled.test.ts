import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedInstance } from './api';

const RULE = 'rds-instance-iam-authentication-enabled';
const OFF = 'IAM database authentication is disabled on postgres instance c7n-data-index: enable it (modify-db-instance --enable-iam-database-authentication) or run the remediation';

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['IAM auth on', { fixture: 'rds-postgres-iam-on.json' }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['IAM auth off', { fixture: 'rds-postgres-iam-off.json' }, 'NON_COMPLIANT', OFF],
    [
      'pending change does not count',
      { fixture: 'rds-postgres-iam-off.json', change: set({ pendingModifiedValues: { iAMDatabaseAuthenticationEnabled: true } }) },
      'NON_COMPLIANT',
      OFF,
    ],
    [
      'MariaDB too old for IAM auth',
      { fixture: 'rds-postgres-iam-off.json', change: set({ engine: 'mariadb', engineVersion: '10.6.14' }) },
      'NON_COMPLIANT',
      'IAM database authentication is disabled: mariadb 10.6.14 cannot use IAM database authentication: upgrade to mariadb 10.11 or later first, then enable it',
    ],
    ['engine not selected by the parameter', { fixture: 'rds-postgres-iam-off.json', parameters: { engines: 'mysql' } }, 'NOT_APPLICABLE', 'postgres instance: engine not selected by the engines parameter'],
    ['Oracle', { fixture: 'rds-oracle.json' }, 'NOT_APPLICABLE', 'oracle-ee instance: this engine has no IAM database authentication'],
    ['Neptune instance', { fixture: 'rds-neptune-instance.json' }, 'NOT_APPLICABLE', 'neptune instance: RDS rules do not apply'],
    [
      'Aurora member instance',
      { fixture: 'rds-postgres-iam-off.json', change: set({ engine: 'aurora-postgresql', dBClusterIdentifier: 'billing' }) },
      'NOT_APPLICABLE',
      'member of DB cluster billing: the cluster\'s setting applies, judged by rds-cluster-iam-authentication-enabled',
    ],
    ['exempt instance', { fixture: 'rds-postgres-iam-off.json', change: exempt('vendor appliance') }, 'NOT_APPLICABLE', 'exempt: vendor appliance'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('rejects an engines parameter outside mysql, postgres, mariadb', () => {
    expect(() => judgeFixture(RULE, { fixture: 'rds-postgres-iam-off.json', parameters: { engines: 'mysql,oracle-ee' } })).toThrow(
      'invalid rule parameter engines: oracle-ee is not one of mysql, postgres, mariadb',
    );
  });

  it('decodes the same verdicts from DescribeDBInstances', () => {
    const described = describedInstance({ DBInstanceIdentifier: 'c7n-data-index', Engine: 'postgres', EngineVersion: '9.6.3', IAMDatabaseAuthenticationEnabled: false });
    expect(judgeApi(RULE, described)).toEqual(judgeFixture(RULE, { fixture: 'rds-postgres-iam-off.json' }));
  });
});
