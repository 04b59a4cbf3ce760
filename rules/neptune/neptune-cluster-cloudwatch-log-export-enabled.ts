import { compliant, dbCluster, defineRule, named, nonCompliant, outsideNeptune } from '../kit';
import { hint } from '../hint';

/** What the export does not do: the audit log is written only when the cluster's parameter group asks for it. */
const PARAMETER_GROUP = 'neptune_enable_audit_log=1 in its parameter group'

/** Neptune.2: a Neptune cluster publishes its audit log to CloudWatch Logs, where it outlives the cluster. */
export const rule = defineRule({
  id: 'neptune-cluster-cloudwatch-log-export-enabled',
  title: 'Neptune clusters export audit logs to CloudWatch Logs',
  description: 'Checks that Amazon Neptune DB clusters export their audit log to Amazon CloudWatch Logs (audit in EnabledCloudwatchLogsExports). The log has content only when the cluster parameter group sets neptune_enable_audit_log to 1.',
  kind: dbCluster,
  controls: ['Neptune.2'],
  severity: 'MEDIUM',
  parameters: {},
  fix: { runbook: { document: 'neptune-cluster-cloudwatch-log-export-enabled', resourceIdParameter: 'DbClusterResourceId' } },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster) => {
    const exported = (cluster.cloudwatchLogsExports ?? []).map((type) => type.toLowerCase());
    // The parameter group is not part of the cluster's record: say plainly that the export alone records nothing.
    if (exported.includes('audit')) return compliant(`audit logs are exported to CloudWatch Logs; they have content only with ${PARAMETER_GROUP}`);
    return nonCompliant(
      hint({
        problem: (name) => (name ? `${named('Neptune cluster', name)} does not export its audit log` : 'the audit log is not exported'),
        name: cluster.identifier,
        variable: 'CLUSTER',
        fix: (id) => `aws neptune modify-db-cluster --db-cluster-identifier ${id} --cloudwatch-logs-export-configuration EnableLogTypes=audit`,
        after: `; the log also needs ${PARAMETER_GROUP}`,
      }),
    );
  },
});
