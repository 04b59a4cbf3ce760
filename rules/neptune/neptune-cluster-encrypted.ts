import { compliant, dbCluster, defineRule, kmsKeyArnsParameter, named, nonCompliant, outsideNeptune } from '../kit';

const restoreEncrypted = (key: string) => `restore a snapshot of it into a new cluster with --kms-key-id ${key}, then move clients to it`;

/** Neptune.1: a Neptune cluster's storage, backups and snapshots are encrypted at rest, optionally with approved keys. */
export const rule = defineRule({
  id: 'neptune-cluster-encrypted',
  title: 'Neptune clusters are encrypted at rest',
  description:
    'Checks that Amazon Neptune DB clusters have storage encryption enabled and, when KmsKeyArns is given, that they use one of those KMS keys.',
  kind: dbCluster,
  controls: ['Neptune.1'],
  severity: 'MEDIUM',
  parameters: {
    KmsKeyArns: kmsKeyArnsParameter('KMS key ARNs that clusters may be encrypted with, comma-separated; any key when not given'),
  },
  fix: { runbook: false, manual: `Encryption and its key are fixed at creation: ${restoreEncrypted('<key>')}.` },
  scope: (cluster) => outsideNeptune(cluster, 'cluster'),
  evaluate: (cluster, { KmsKeyArns: allowedKeys }) => {
    const name = named('Neptune cluster', cluster.identifier);
    if (cluster.storageEncrypted !== true) {
      const state = cluster.storageEncrypted === false ? 'not encrypted' : 'not recorded as encrypted';
      return nonCompliant(`${name} is ${state} at rest, which cannot be changed: ${restoreEncrypted('<key>')}`);
    }
    if (allowedKeys === undefined) return compliant('storage is encrypted at rest');
    if (cluster.kmsKeyId !== undefined && allowedKeys.includes(cluster.kmsKeyId.toLowerCase())) {
      return compliant('storage is encrypted with a KMS key listed in KmsKeyArns');
    }
    const key = cluster.kmsKeyId === undefined ? 'an unrecorded KMS key' : 'a KMS key';
    return nonCompliant(`${name} is encrypted with ${key} not in KmsKeyArns, which cannot be changed: ${restoreEncrypted('<listed key>')}`);
  },
});
