import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, ruleOf, set } from './fixtures';
import { describedAuroraCluster, describedNeptuneCluster } from './api';

const RULE = 'rds-cluster-default-admin-check';
const NEW_CLUSTER = 'it cannot be changed: move the data to a new DB cluster with another name (a snapshot restore keeps it)';
const uses = (cluster: string, name: string) => `${cluster} uses the default master user name "${name}": ${NEW_CLUSTER}`;
const NOT_VALID = `the master user name of aurora-postgresql cluster payments-pg is not one of validAdminUserNames: ${NEW_CLUSTER}`;

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['Aurora MySQL with admin', { fixture: 'aurora-cluster-admin.json' }, 'NON_COMPLIANT', uses('aurora-mysql cluster test', 'admin')],
    ['Multi-AZ DB cluster with root', { fixture: 'rds-mysql-multi-az-cluster.json' }, 'NON_COMPLIANT', uses('mysql cluster orders-mysql', 'root')],
    ['Aurora PostgreSQL with a custom name', { fixture: 'aurora-postgres-cluster-iam-on.json' }, 'COMPLIANT', 'master user name is not a default name'],
    ['default name in other letter case', { fixture: 'aurora-postgres-cluster-iam-on.json', change: set({ masterUsername: 'Postgres' }) }, 'NON_COMPLIANT', uses('aurora-postgresql cluster payments-pg', 'Postgres')],
    ...['postgres', 'root', 'sa', 'master', 'mysql', 'dbadmin'].map((name): [string, Case, string, string] => [
      `built-in default ${name}`,
      { fixture: 'aurora-postgres-cluster-iam-on.json', change: set({ masterUsername: name }) },
      'NON_COMPLIANT',
      uses('aurora-postgresql cluster payments-pg', name),
    ]),
    [
      'defaultAdminUserNames replaces the list',
      { fixture: 'aurora-cluster-admin.json', parameters: { defaultAdminUserNames: 'Payments_Owner, dba' } },
      'COMPLIANT',
      'master user name is not a default name',
    ],
    [
      'defaultAdminUserNames compared case-insensitively',
      { fixture: 'aurora-postgres-cluster-iam-on.json', parameters: { defaultAdminUserNames: 'PAYMENTS_OWNER' } },
      'NON_COMPLIANT',
      uses('aurora-postgresql cluster payments-pg', 'payments_owner'),
    ],
    ['name in validAdminUserNames', { fixture: 'aurora-postgres-cluster-iam-on.json', parameters: { validAdminUserNames: 'payments_owner,orders_owner' } }, 'COMPLIANT', 'master user name is one of validAdminUserNames'],
    ['name not in validAdminUserNames', { fixture: 'aurora-postgres-cluster-iam-on.json', parameters: { validAdminUserNames: 'orders_owner' } }, 'NON_COMPLIANT', NOT_VALID],
    [
      'a default name stays NON_COMPLIANT even when listed as valid',
      { fixture: 'aurora-cluster-admin.json', parameters: { validAdminUserNames: 'admin' } },
      'NON_COMPLIANT',
      uses('aurora-mysql cluster test', 'admin'),
    ],
    [
      'both lists: allowed and not denied',
      { fixture: 'aurora-cluster-admin.json', parameters: { defaultAdminUserNames: 'root', validAdminUserNames: 'admin,dba' } },
      'COMPLIANT',
      'master user name is one of validAdminUserNames',
    ],
    [
      'both lists: not denied but not allowed',
      { fixture: 'aurora-postgres-cluster-iam-on.json', parameters: { defaultAdminUserNames: 'root', validAdminUserNames: 'admin' } },
      'NON_COMPLIANT',
      NOT_VALID,
    ],
    [
      'master user name not recorded',
      { fixture: 'aurora-cluster-admin.json', change: set({ masterUsername: null }) },
      'NON_COMPLIANT',
      'the master user name of aurora-mysql cluster test is not recorded, so this rule cannot tell whether it is a default: check it by hand',
    ],
    ['exempt cluster', { fixture: 'aurora-cluster-admin.json', change: exempt('vendor appliance') }, 'NOT_APPLICABLE', 'exempt: vendor appliance'],
    ['Neptune cluster with admin', { fixture: 'neptune-iam-on.json' }, 'NOT_APPLICABLE', 'neptune cluster: RDS rules do not apply'],
    ['DocumentDB cluster with admin', { fixture: 'docdb-cluster.json' }, 'NOT_APPLICABLE', 'docdb cluster: RDS rules do not apply'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('rejects a list that names nothing', () => {
    expect(() => judgeFixture(RULE, { fixture: 'aurora-cluster-admin.json', parameters: { validAdminUserNames: ' , ,' } })).toThrow(
      'invalid rule parameter validAdminUserNames: " , ," names no value',
    );
  });

  it('never echoes a non-default name', () => {
    for (const parameters of [{}, { validAdminUserNames: 'orders_owner' }] as Record<string, string>[]) {
      expect(judgeFixture(RULE, { fixture: 'aurora-postgres-cluster-iam-on.json', parameters }).annotation).not.toContain('payments_owner');
    }
  });

  it('is fixed by hand: the name is immutable', () => {
    expect(ruleOf(RULE).fix).toEqual({ runbook: false, manual: 'A master user name cannot be changed: move the data to a new DB cluster with another master user name (a snapshot restore keeps the old name), then delete the old cluster.' });
  });

  it('decodes the same verdicts from DescribeDBClusters', () => {
    expect(judgeApi(RULE, describedAuroraCluster())).toEqual(judgeFixture(RULE, { fixture: 'aurora-cluster-admin.json' }));
    expect(judgeApi(RULE, describedAuroraCluster({ MasterUsername: 'app_owner' })).compliance).toBe('COMPLIANT');
    expect(judgeApi(RULE, describedNeptuneCluster()).compliance).toBe('NOT_APPLICABLE');
  });
});
