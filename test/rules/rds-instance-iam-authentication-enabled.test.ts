import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedInstance } from './api';
import { MINIMUM_VERSIONS, upgradeFirstMessage } from '../../rules/kit';

const RULE = 'rds-instance-iam-authentication-enabled';
const off = (engine: string, id: string) =>
  `IAM database authentication is disabled on ${engine} instance ${id}: enable it (modify-db-instance --enable-iam-database-authentication) or run the remediation`;
const tooOld = (engine: string, version: string, minimum: string) => `IAM database authentication is disabled: ${upgradeFirstMessage(engine, version, minimum)}`;

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['MySQL 8.0, off', { fixture: 'rds-mysql-admin.json' }, 'NON_COMPLIANT', off('mysql', 'shop-mysql')],
    ['MySQL 8.0, on', { fixture: 'rds-mysql-admin.json', change: set({ iAMDatabaseAuthenticationEnabled: true }) }, 'COMPLIANT', 'IAM database authentication is enabled'],
    ['PostgreSQL 9.6, off: every PostgreSQL version has it', { fixture: 'rds-postgres-iam-off.json' }, 'NON_COMPLIANT', off('postgres', 'c7n-data-index')],
    ['MariaDB 10.6, off', { fixture: 'rds-mysql-admin.json', change: set({ engine: 'mariadb', engineVersion: '10.6.14' }) }, 'NON_COMPLIANT', tooOld('mariadb', '10.6.14', '10.11')],
    ['MariaDB 10.11, off', { fixture: 'rds-mysql-admin.json', change: set({ engine: 'mariadb', engineVersion: '10.11.6' }) }, 'NON_COMPLIANT', off('mariadb', 'shop-mysql')],
    ['MySQL 5.7.15, off', { fixture: 'rds-mysql-admin.json', change: set({ engineVersion: '5.7.15' }) }, 'NON_COMPLIANT', tooOld('mysql', '5.7.15', '5.7.16')],
    ['MySQL 5.7.44 with an RDS suffix, off', { fixture: 'rds-mysql-admin.json', change: set({ engineVersion: '5.7.44-rds.20240408' }) }, 'NON_COMPLIANT', off('mysql', 'shop-mysql')],
    ['MySQL 5.6.19a, off', { fixture: 'rds-mysql-admin.json', change: set({ engineVersion: '5.6.19a' }) }, 'NON_COMPLIANT', tooOld('mysql', '5.6.19a', '5.6.34')],
    ['exempt, too old', { fixture: 'rds-mysql-admin.json', change: (item) => (set({ engineVersion: '5.7.12' })(item), exempt('upgrade planned')(item)) }, 'NOT_APPLICABLE', 'exempt: upgrade planned'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
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
});
