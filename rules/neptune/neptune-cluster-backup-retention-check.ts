import { compliant, dbCluster, defineRule, integerParameter, named, nonCompliant, outsideNeptune } from '../kit';
import { hint } from '../hint';

/** Neptune.5: a Neptune cluster keeps automated backups long enough to restore from after a late-noticed incident. */
export const rule = defineRule({
  id: 'neptune-cluster-backup-retention-check',
  title: 'Neptune clusters keep backups long enough',
  description: 'Checks that Amazon Neptune DB clusters retain automated backups for at least minimumBackupRetentionPeriod days.',
  kind: dbCluster,
  controls: ['Neptune.5'],
  severity: 'MEDIUM',
  parameters: {
    minimumBackupRetentionPeriod: integerParameter({ description: "Fewest days of automated backups to keep (Security Hub's Neptune.5 takes 7–35: below 7 this rule is laxer than that control)", default: 7, min: 1, max: 35 }),
  },
  fix: { runbook: { document: 'neptune-cluster-backup-retention-check', resourceIdParameter: 'DbClusterResourceId' } },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster, { minimumBackupRetentionPeriod: minimum }) => {
    const days = cluster.backupRetentionPeriod;
    const span = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
    if (days !== undefined && days >= minimum) return compliant(`backups are kept ${span(days)} (minimum ${span(minimum)})`);
    const kept = days === undefined ? 'has no recorded backup retention period' : `keeps backups ${span(days)}`;
    return nonCompliant(
      hint({
        problem: (name) => `${name ? named('Neptune cluster', name) : 'the cluster'} ${kept}, below the minimum of ${span(minimum)}`,
        name: cluster.identifier,
        variable: 'CLUSTER',
        fix: (id) => `aws neptune modify-db-cluster --db-cluster-identifier ${id} --backup-retention-period ${minimum} --apply-immediately`,
      }),
    );
  },
});
