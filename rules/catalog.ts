import type { Rule } from './kit/rule';
import { rule as dmsNeptuneIamAuthorizationEnabled } from './dms/dms-neptune-iam-authorization-enabled';
import { rule as neptuneClusterBackupRetentionCheck } from './neptune/neptune-cluster-backup-retention-check';
import { rule as neptuneClusterCloudwatchLogExportEnabled } from './neptune/neptune-cluster-cloudwatch-log-export-enabled';
import { rule as neptuneClusterCopyTagsToSnapshotEnabled } from './neptune/neptune-cluster-copy-tags-to-snapshot-enabled';
import { rule as neptuneClusterDeletionProtectionEnabled } from './neptune/neptune-cluster-deletion-protection-enabled';
import { rule as neptuneClusterEncrypted } from './neptune/neptune-cluster-encrypted';
import { rule as neptuneClusterIamDatabaseAuthentication } from './neptune/neptune-cluster-iam-database-authentication';
import { rule as neptuneClusterMultiAzEnabled } from './neptune/neptune-cluster-multi-az-enabled';
import { rule as neptuneClusterSnapshotEncrypted } from './neptune/neptune-cluster-snapshot-encrypted';
import { rule as neptuneClusterSnapshotPublicProhibited } from './neptune/neptune-cluster-snapshot-public-prohibited';
import { rule as rdsClusterDefaultAdminCheck } from './rds/rds-cluster-default-admin-check';
import { rule as rdsClusterIamAuthenticationEnabled } from './rds/rds-cluster-iam-authentication-enabled';
import { rule as rdsInstanceDefaultAdminCheck } from './rds/rds-instance-default-admin-check';
import { rule as rdsInstanceIamAuthenticationEnabled } from './rds/rds-instance-iam-authentication-enabled';

/**
 * Every rule of the pack, registered once. The Lambdas, the CDK app, the conformance pack, the CLI and
 * the README's rule table are all derived from this list. The IAM authentication checks come first, then the
 * other checks by control.
 */
export const CATALOG: readonly Rule[] = [
  neptuneClusterIamDatabaseAuthentication,
  rdsInstanceIamAuthenticationEnabled,
  dmsNeptuneIamAuthorizationEnabled,
  neptuneClusterEncrypted,
  neptuneClusterCloudwatchLogExportEnabled,
  neptuneClusterSnapshotPublicProhibited,
  neptuneClusterDeletionProtectionEnabled,
  neptuneClusterBackupRetentionCheck,
  neptuneClusterSnapshotEncrypted,
  neptuneClusterCopyTagsToSnapshotEnabled,
  neptuneClusterMultiAzEnabled,
  rdsClusterIamAuthenticationEnabled,
  rdsClusterDefaultAdminCheck,
  rdsInstanceDefaultAdminCheck,
];

export function findRule(id: string): Rule | undefined {
  return CATALOG.find((rule) => rule.id === id);
}
