import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, ruleOf, set } from './fixtures';
import { describedInstance } from './api';

const RULE = 'rds-instance-default-admin-check';
const NEW_INSTANCE = 'it cannot be changed: move the data to a new DB instance with another name (a snapshot restore keeps it)';
const uses = (instance: string, name: string) => `${instance} uses the default master user name "${name}": ${NEW_INSTANCE}`;

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['MySQL with admin', { fixture: 'rds-mysql-admin.json' }, 'NON_COMPLIANT', uses('mysql instance shop-mysql', 'admin')],
    ['PostgreSQL with a custom name', { fixture: 'rds-postgres-admin-custom.json' }, 'COMPLIANT', 'master user name is not a default name'],
    ['PostgreSQL with postgres', { fixture: 'rds-postgres-admin-custom.json', change: set({ masterUsername: 'postgres' }) }, 'NON_COMPLIANT', uses('postgres instance c7n-data-index', 'postgres')],
    ['Oracle with admin', { fixture: 'rds-oracle.json', change: set({ masterUsername: 'ADMIN' }) }, 'NON_COMPLIANT', uses('oracle-ee instance c7n-data-index', 'ADMIN')],
    ['SQL Server with sa', { fixture: 'rds-oracle.json', change: set({ engine: 'sqlserver-se', masterUsername: 'sa' }) }, 'NON_COMPLIANT', uses('sqlserver-se instance c7n-data-index', 'sa')],
    ['Oracle with a custom name', { fixture: 'rds-oracle.json' }, 'COMPLIANT', 'master user name is not a default name'],
    ['stopped instance judged as recorded', { fixture: 'rds-mysql-admin.json', change: set({ dBInstanceStatus: 'stopped' }) }, 'NON_COMPLIANT', uses('mysql instance shop-mysql', 'admin')],
    ['defaultAdminUserNames replaces the list', { fixture: 'rds-mysql-admin.json', parameters: { defaultAdminUserNames: 'root' } }, 'COMPLIANT', 'master user name is not a default name'],
    ['defaultAdminUserNames adds a name', { fixture: 'rds-postgres-admin-custom.json', parameters: { defaultAdminUserNames: 'admin,c7nroot' } }, 'NON_COMPLIANT', uses('postgres instance c7n-data-index', 'c7nroot')],
    ['name in validAdminUserNames', { fixture: 'rds-postgres-admin-custom.json', parameters: { validAdminUserNames: 'C7NROOT' } }, 'COMPLIANT', 'master user name is one of validAdminUserNames'],
    [
      'name not in validAdminUserNames',
      { fixture: 'rds-postgres-admin-custom.json', parameters: { validAdminUserNames: 'app_owner' } },
      'NON_COMPLIANT',
      `the master user name of postgres instance c7n-data-index is not one of validAdminUserNames: ${NEW_INSTANCE}`,
    ],
    [
      'master user name not recorded',
      { fixture: 'rds-mysql-admin.json', change: set({ masterUsername: '' }) },
      'NON_COMPLIANT',
      'the master user name of mysql instance shop-mysql is not recorded, so this rule cannot tell whether it is a default: check it by hand',
    ],
    ['exempt instance', { fixture: 'rds-mysql-admin.json', change: exempt('retired next sprint') }, 'NOT_APPLICABLE', 'exempt: retired next sprint'],
    [
      'Aurora member instance with postgres',
      { fixture: 'aurora-postgres-member-instance.json' },
      'NOT_APPLICABLE',
      "member of DB cluster payments-pg: the cluster's setting applies, judged by rds-cluster-default-admin-check",
    ],
    ['Neptune instance', { fixture: 'rds-neptune-instance.json' }, 'NOT_APPLICABLE', 'neptune instance: RDS rules do not apply'],
    ['DocumentDB instance', { fixture: 'rds-neptune-instance.json', change: set({ engine: 'docdb' }) }, 'NOT_APPLICABLE', 'docdb instance: RDS rules do not apply'],
    ['deleted instance', { fixture: 'rds-deleted.json' }, 'NOT_APPLICABLE', 'resource deleted: nothing left to evaluate'],
    ['a cluster, not an instance', { fixture: 'aurora-cluster-admin.json' }, 'NOT_APPLICABLE', 'AWS::RDS::DBCluster is not judged by this rule (it judges AWS::RDS::DBInstance)'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('is fixed by hand: the name is immutable', () => {
    expect(ruleOf(RULE).fix).toEqual({ runbook: false, manual: 'A master user name cannot be changed: move the data to a new DB instance with another master user name (a snapshot restore keeps the old name), then delete the old instance.' });
  });

  it('decodes the same verdicts from DescribeDBInstances', () => {
    expect(judgeApi(RULE, describedInstance())).toEqual(judgeFixture(RULE, { fixture: 'rds-mysql-admin.json' }));
    expect(judgeApi(RULE, describedInstance({ Engine: 'aurora-mysql', DBClusterIdentifier: 'test' })).compliance).toBe('NOT_APPLICABLE');
    expect(judgeApi(RULE, describedInstance({ Engine: 'neptune' })).compliance).toBe('NOT_APPLICABLE');
  });
});
