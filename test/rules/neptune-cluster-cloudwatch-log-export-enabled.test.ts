import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';
import { describedNeptuneCluster } from './api';

const RULE = 'neptune-cluster-cloudwatch-log-export-enabled';
const NOT_EXPORTED =
  'Neptune cluster graph-legacy does not export its audit log: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --cloudwatch-logs-export-configuration EnableLogTypes=audit; ' +
  'the log also needs neptune_enable_audit_log=1 in its parameter group';
/** The export is all the record shows; the parameter group decides whether anything is written. */
const EXPORTED = 'audit logs are exported to CloudWatch Logs; they have content only with neptune_enable_audit_log=1 in its parameter group';

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['audit exported', { fixture: 'neptune-audit-logs.json' }, 'COMPLIANT', EXPORTED],
    ['audit among other exports', { fixture: 'neptune-audit-logs.json', change: set({ enabledCloudwatchLogsExports: ['slowquery', 'audit'] }) }, 'COMPLIANT', EXPORTED],
    ['nothing exported', { fixture: 'neptune-iam-off.json' }, 'NON_COMPLIANT', NOT_EXPORTED],
    ['only slow queries exported', { fixture: 'neptune-iam-off.json', change: set({ enabledCloudwatchLogsExports: ['slowquery'] }) }, 'NON_COMPLIANT', NOT_EXPORTED],
    ['exports not recorded', { fixture: 'neptune-iam-off.json', change: set({ enabledCloudwatchLogsExports: null }) }, 'NON_COMPLIANT', NOT_EXPORTED],
    [
      'pending export does not count',
      { fixture: 'neptune-iam-off.json', change: set({ pendingModifiedValues: { pendingCloudwatchLogsExports: { logTypesToEnable: ['audit'] } } }) },
      'NON_COMPLIANT',
      NOT_EXPORTED,
    ],
    ['exempt cluster', { fixture: 'neptune-iam-off.json', change: exempt('logs shipped by agent') }, 'NOT_APPLICABLE', 'exempt: logs shipped by agent'],
    ['Aurora cluster', { fixture: 'aurora-cluster-not-neptune.json' }, 'NOT_APPLICABLE', 'aurora-mysql cluster: Neptune rules do not apply'],
    ['DocumentDB cluster exporting audit', { fixture: 'docdb-cluster.json', change: set({ enabledCloudwatchLogsExports: ['audit'] }) }, 'NOT_APPLICABLE', 'docdb cluster: Neptune rules do not apply'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('decodes the same verdicts from DescribeDBClusters', () => {
    expect(judgeApi(RULE, describedNeptuneCluster())).toEqual({ compliance: 'NON_COMPLIANT', annotation: NOT_EXPORTED });
    expect(judgeApi(RULE, describedNeptuneCluster({ EnabledCloudwatchLogsExports: ['audit'] })).compliance).toBe('COMPLIANT');
  });
});
