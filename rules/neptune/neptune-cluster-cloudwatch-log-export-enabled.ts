import { compliant, dbCluster, defineRule, named, nonCompliant, outsideNeptune } from '../kit';

/** Neptune.2: a Neptune cluster publishes its audit log to CloudWatch Logs, where it outlives the cluster. */
export const rule = defineRule({
  id: 'neptune-cluster-cloudwatch-log-export-enabled',
  title: 'Neptune clusters export audit logs to CloudWatch Logs',
  description: 'Checks that Amazon Neptune DB clusters export their audit log to Amazon CloudWatch Logs (audit in EnabledCloudwatchLogsExports). The log has content only when the cluster parameter group sets neptune_enable_audit_log to 1.',
  kind: dbCluster,
  controls: ['Neptune.2'],
  severity: 'MEDIUM',
  parameters: {},
  fix: { runbook: true },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster) => {
    const exported = (cluster.cloudwatchLogsExports ?? []).map((type) => type.toLowerCase());
    if (exported.includes('audit')) return compliant('audit logs are exported to CloudWatch Logs');
    return nonCompliant(
      `${named('Neptune cluster', cluster.identifier)} does not export its audit log: ` +
        'enable it (modify-db-cluster --cloudwatch-logs-export-configuration EnableLogTypes=audit; neptune_enable_audit_log=1) or run the remediation',
    );
  },
});
