import { InvalidParameterError } from '../../rules/kit';
import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedNeptuneCluster } from './api';

const RULE = 'neptune-cluster-backup-retention-check';
const below = (kept: string, minimum: number) =>
  `Neptune cluster graph-legacy ${kept}, below the minimum of ${minimum} days: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --backup-retention-period ${minimum} --apply-immediately`;

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['7 days against the default of 7', { fixture: 'neptune-iam-on.json' }, 'COMPLIANT', 'backups are kept 7 days (minimum 7 days)'],
    ['1 day against the default of 7', { fixture: 'neptune-backup-1-day.json' }, 'NON_COMPLIANT', below('keeps backups 1 day', 7)],
    [
      '7 days against a minimum of 14',
      { fixture: 'neptune-backup-param.json' },
      'NON_COMPLIANT',
      'Neptune cluster graph-prod keeps backups 7 days, below the minimum of 14 days: aws neptune modify-db-cluster --db-cluster-identifier graph-prod --backup-retention-period 14 --apply-immediately',
    ],
    ['35 days against a minimum of 35', { fixture: 'neptune-iam-on.json', change: set({ backupRetentionPeriod: 35 }), parameters: { minimumBackupRetentionPeriod: '35' } }, 'COMPLIANT', 'backups are kept 35 days (minimum 35 days)'],
    ['1 day against a minimum of 1', { fixture: 'neptune-backup-1-day.json', parameters: { minimumBackupRetentionPeriod: ' 1 ' } }, 'COMPLIANT', 'backups are kept 1 day (minimum 1 day)'],
    ['empty parameter takes the default', { fixture: 'neptune-backup-1-day.json', parameters: { minimumBackupRetentionPeriod: '' } }, 'NON_COMPLIANT', below('keeps backups 1 day', 7)],
    ['retention not recorded', { fixture: 'neptune-backup-1-day.json', change: set({ backupRetentionPeriod: null }) }, 'NON_COMPLIANT', below('has no recorded backup retention period', 7)],
    ['exempt cluster', { fixture: 'neptune-backup-1-day.json', change: exempt('restored from S3 each day') }, 'NOT_APPLICABLE', 'exempt: restored from S3 each day'],
    ['Aurora cluster with 1 day', { fixture: 'aurora-cluster-not-neptune.json' }, 'NOT_APPLICABLE', 'aurora-mysql cluster: Neptune rules do not apply'],
    ['DocumentDB cluster with 1 day', { fixture: 'docdb-cluster.json' }, 'NOT_APPLICABLE', 'docdb cluster: Neptune rules do not apply'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it.each([
    ['0', '0 is outside 1–35'],
    ['36', '36 is outside 1–35'],
    ['-7', '-7 is outside 1–35'],
    ['7.5', '"7.5" is not a whole number'],
    ['seven', '"seven" is not a whole number'],
    ['7 days', '"7 days" is not a whole number'],
  ])('rejects minimumBackupRetentionPeriod %j', (value, detail) => {
    const judge = () => judgeFixture(RULE, { fixture: 'neptune-iam-on.json', parameters: { minimumBackupRetentionPeriod: value } });
    expect(judge).toThrow(InvalidParameterError);
    expect(judge).toThrow(`invalid rule parameter minimumBackupRetentionPeriod: ${detail}`);
  });

  it('rejects a misspelt parameter instead of using the default', () => {
    expect(() => judgeFixture(RULE, { fixture: 'neptune-iam-on.json', parameters: { MinimumBackupRetentionPeriod: '14' } })).toThrow(InvalidParameterError);
  });

  it('decodes the same verdicts from DescribeDBClusters', () => {
    expect(judgeApi(RULE, describedNeptuneCluster())).toEqual(judgeFixture(RULE, { fixture: 'neptune-backup-1-day.json' }));
    expect(judgeApi(RULE, describedNeptuneCluster({ BackupRetentionPeriod: 14 }), { parameters: { minimumBackupRetentionPeriod: '14' } })).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'backups are kept 14 days (minimum 14 days)',
    });
  });
});
