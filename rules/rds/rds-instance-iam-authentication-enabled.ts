import {
  IAM_AUTH_INSTANCE_ENGINES,
  compliant,
  dbInstance,
  deferredToCluster,
  defineRule,
  iamAuthMinimumVersion,
  listParameter,
  named,
  nonCompliant,
  outsideEngines,
  outsideRds,
  upgradeFirstMessage,
} from '../kit';
import { hint } from '../hint';

/** RDS.10: MySQL, PostgreSQL and MariaDB instances authenticate database users with IAM. */
export const rule = defineRule({
  id: 'rds-instance-iam-authentication-enabled',
  title: 'RDS instances use IAM database authentication',
  description:
    'Checks that IAM database authentication is enabled on RDS for MySQL, PostgreSQL and MariaDB DB instances. Members of Aurora and Multi-AZ DB clusters are judged at the cluster.',
  kind: dbInstance,
  controls: ['RDS.10', 'RDS-030'],
  severity: 'MEDIUM',
  parameters: {
    engines: listParameter({
      description: 'Engines to judge, comma-separated: a subset of mysql, postgres, mariadb',
      default: IAM_AUTH_INSTANCE_ENGINES,
      allowed: IAM_AUTH_INSTANCE_ENGINES,
      lowerCase: true,
    }),
  },
  fix: { runbook: { document: 'rds-instance-iam-authentication-enabled', resourceIdParameter: 'DbiResourceId' } },
  scope: (instance, { engines }) =>
    outsideRds(instance, 'instance') ??
    deferredToCluster(instance, 'rds-cluster-iam-authentication-enabled') ??
    outsideEngines(
      instance,
      engines ?? IAM_AUTH_INSTANCE_ENGINES,
      'instance',
      (IAM_AUTH_INSTANCE_ENGINES as readonly string[]).includes(instance.engine ?? '')
        ? 'engine not selected by the engines parameter'
        : 'this engine has no IAM database authentication',
    ),
  evaluate: (instance) => {
    if (instance.iamDatabaseAuthentication === true) return compliant('IAM database authentication is enabled');
    const engine = instance.engine ?? 'unknown';
    const minimum = iamAuthMinimumVersion(engine, instance.engineVersion);
    if (minimum !== undefined && instance.engineVersion !== undefined) {
      return nonCompliant(`IAM database authentication is disabled: ${upgradeFirstMessage(engine, instance.engineVersion, minimum)}`);
    }
    return nonCompliant(
      hint({
        problem: (name) => `IAM database authentication is disabled${name ? ` on ${named(`${engine} instance`, name)}` : ''}`,
        name: instance.identifier,
        variable: 'INSTANCE',
        fix: (id) => `aws rds modify-db-instance --db-instance-identifier ${id} --enable-iam-database-authentication --apply-immediately`,
        // Without --apply-immediately the change waits for the maintenance window (it also applies other pending
        // changes; the runbook refuses when there are any).
      }),
    );
  },
});
