import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedInstance } from './api';
import { MINIMUM_VERSIONS, upgradeFirstMessage } from '../../rules/kit';

const RULE = 'rds-instance-iam-authentication-enabled';
const OFF =
  'IAM database authentication is disabled on postgres instance c7n-data-index: aws rds modify-db-instance --db-instance-identifier c7n-data-index --enable-iam-database-authentication --apply-immediately';
const off = (engine: string, id: string) =>
  `IAM database authentication is disabled on ${engine} instance ${id}: aws rds modify-db-instance --db-instance-identifier ${id} --enable-iam-database-authentication --apply-immediately`;
const tooOld = (engine: string, version: string, minimum: string) => `IAM database authentication is disabled: ${upgradeFirstMessage(engine, version, minimum)}`;

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
    ['MariaDB 10.11, off', { fixture: 'rds-mysql-admin.json', change: set({ engine: 'mariadb', engineVersion: '10.11.6' }) }, 'NON_COMPLIANT', off('mariadb', 'shop-mysql')],
    ['MySQL 5.7.15, off', { fixture: 'rds-mysql-admin.json', change: set({ engineVersion: '5.7.15' }) }, 'NON_COMPLIANT', tooOld('mysql', '5.7.15', '5.7.16')],
    ['MySQL 5.7.44 with an RDS suffix, off', { fixture: 'rds-mysql-admin.json', change: set({ engineVersion: '5.7.44-rds.20240408' }) }, 'NON_COMPLIANT', off('mysql', 'shop-mysql')],
    ['MySQL 5.6.19a, off', { fixture: 'rds-mysql-admin.json', change: set({ engineVersion: '5.6.19a' }) }, 'NON_COMPLIANT', tooOld('mysql', '5.6.19a', '5.6.34')],
    ['exempt, too old', { fixture: 'rds-mysql-admin.json', change: (item) => (set({ engineVersion: '5.7.12' })(item), exempt('upgrade planned')(item)) }, 'NOT_APPLICABLE', 'exempt: upgrade planned'],
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

  // Every line of the table: the version before the minimum says to upgrade to it, the minimum does not.
  it.each(Object.entries(MINIMUM_VERSIONS).flatMap(([engine, lines]) => lines.map(([line, minimum]) => [engine, line, minimum] as const)))(
    '%s %s…: NON_COMPLIANT with the upgrade-first words below %s, the ordinary ones from it',
    (engine, line, minimum) => {
      const parts = minimum.split('.');
      const below = `${[...parts.slice(0, -1), String(Number(parts[parts.length - 1]) - 1)].join('.')}.2`;
      expect(below.startsWith(line)).toBe(true);
      expect(judgeApi(RULE, describedInstance({ Engine: engine, EngineVersion: below }))).toEqual({ compliance: 'NON_COMPLIANT', annotation: tooOld(engine, below, minimum) });
      expect(judgeApi(RULE, describedInstance({ Engine: engine, EngineVersion: minimum }))).toEqual({ compliance: 'NON_COMPLIANT', annotation: off(engine, 'shop-mysql') });
      expect(judgeApi(RULE, describedInstance({ Engine: engine, EngineVersion: below, IAMDatabaseAuthenticationEnabled: true })).compliance).toBe('COMPLIANT');
    },
  );

  it('decodes the same verdicts from DescribeDBInstances', () => {
    const described = describedInstance({ DBInstanceIdentifier: 'c7n-data-index', Engine: 'postgres', EngineVersion: '9.6.3', IAMDatabaseAuthenticationEnabled: false });
    expect(judgeApi(RULE, described)).toEqual(judgeFixture(RULE, { fixture: 'rds-postgres-iam-off.json' }));
  });
});
