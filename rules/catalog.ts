import type { Rule } from './kit/rule';
import { rule as dmsNeptuneIamAuthorizationEnabled } from './dms/dms-neptune-iam-authorization-enabled';
import { rule as neptuneClusterIamDatabaseAuthentication } from './neptune/neptune-cluster-iam-database-authentication';
import { rule as rdsInstanceIamAuthenticationEnabled } from './rds/rds-instance-iam-authentication-enabled';

/**
 * Every rule of the pack, registered once. The Lambdas, the CDK app, the conformance pack, the CLI and
 * the README's rule table are all derived from this list.
 */
export const CATALOG: readonly Rule[] = [
  neptuneClusterIamDatabaseAuthentication,
  rdsInstanceIamAuthenticationEnabled,
  dmsNeptuneIamAuthorizationEnabled,
];

export function findRule(id: string): Rule | undefined {
  return CATALOG.find((rule) => rule.id === id);
}
