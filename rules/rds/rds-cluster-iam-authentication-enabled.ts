import {
  RDS_CLUSTER_ENGINES,
  dbCluster,
  defineRule,
  iamAuthMinimumVersion,
  isServerlessV1,
  nonCompliant,
  outsideEngines,
  outsideRds,
  SERVERLESS_V1_MESSAGE,
  upgradeFirstMessage,
} from '../kit';
import { requireSetting } from '../hint';

/** RDS.12: Aurora and Multi-AZ DB clusters authenticate database users with IAM; their instances follow the cluster. */
export const rule = defineRule({
  id: 'rds-cluster-iam-authentication-enabled',
  title: 'RDS clusters use IAM database authentication',
  description:
    'Checks that IAM database authentication is enabled on Aurora (MySQL, PostgreSQL) and Multi-AZ DB clusters. Neptune and DocumentDB clusters are not judged.',
  kind: dbCluster,
  controls: ['RDS.12'],
  severity: 'MEDIUM',
  parameters: {},
  fix: { runbook: { document: 'rds-cluster-iam-authentication-enabled', resourceIdParameter: 'DbClusterResourceId' } },
  scope: (cluster) =>
    outsideRds(cluster, 'cluster') ?? outsideEngines(cluster, RDS_CLUSTER_ENGINES, 'cluster', 'not an Aurora or Multi-AZ DB cluster engine'),
  evaluate: (cluster) => {
    const engine = cluster.engine ?? 'unknown';
    if (cluster.iamDatabaseAuthentication !== true && isServerlessV1(cluster.engineMode)) {
      return nonCompliant(`IAM database authentication is disabled: ${SERVERLESS_V1_MESSAGE}`);
    }
    const minimum = iamAuthMinimumVersion(engine, cluster.engineVersion);
    if (cluster.iamDatabaseAuthentication !== true && minimum !== undefined && cluster.engineVersion !== undefined) {
      return nonCompliant(`IAM database authentication is disabled: ${upgradeFirstMessage(engine, cluster.engineVersion, minimum)}`);
    }
    return requireSetting(cluster.iamDatabaseAuthentication, 'IAM database authentication', `${engine} cluster`, {
      name: cluster.identifier,
      variable: 'CLUSTER',
      fix: (id) => `aws rds modify-db-cluster --db-cluster-identifier ${id} --enable-iam-database-authentication --apply-immediately`,
    });
  },
});
