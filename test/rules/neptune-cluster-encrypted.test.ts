import { InvalidParameterError } from '../../rules/kit';
import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, ruleOf, set } from './fixtures';
import { describedNeptuneCluster } from './api';

const RULE = 'neptune-cluster-encrypted';
const KEY = 'arn:aws:kms:us-east-2:123456789012:key/test';
const OTHER_KEY = 'arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const RESTORE = 'restore a snapshot of it into a new cluster with --kms-key-id <key>, then move clients to it';

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['encrypted, any key', { fixture: 'neptune-iam-on.json' }, 'COMPLIANT', 'storage is encrypted at rest'],
    ['unencrypted', { fixture: 'neptune-unencrypted.json' }, 'NON_COMPLIANT', `Neptune cluster graph-legacy is not encrypted at rest, which cannot be changed: ${RESTORE}`],
    [
      'encryption not recorded',
      { fixture: 'neptune-unencrypted.json', change: set({ storageEncrypted: null }) },
      'NON_COMPLIANT',
      `Neptune cluster graph-legacy is not recorded as encrypted at rest, which cannot be changed: ${RESTORE}`,
    ],
    ['encrypted with a listed key', { fixture: 'neptune-iam-on.json', parameters: { KmsKeyArns: `${OTHER_KEY}, ${KEY}` } }, 'COMPLIANT', 'storage is encrypted with a KMS key listed in KmsKeyArns'],
    ['listed key in other letter case', { fixture: 'neptune-iam-on.json', parameters: { KmsKeyArns: KEY.toUpperCase().replace('ARN:AWS:KMS', 'arn:aws:kms') } }, 'COMPLIANT', 'storage is encrypted with a KMS key listed in KmsKeyArns'],
    [
      'encrypted with a key not listed',
      { fixture: 'neptune-encrypted-other-key.json' },
      'NON_COMPLIANT',
      `Neptune cluster graph-prod is encrypted with a KMS key not in KmsKeyArns, which cannot be changed: ${RESTORE.replace('<key>', '<listed key>')}`,
    ],
    [
      'encrypted, key not recorded, list given',
      { fixture: 'neptune-encrypted-other-key.json', change: set({ kmsKeyId: null }) },
      'NON_COMPLIANT',
      `Neptune cluster graph-prod is encrypted with an unrecorded KMS key not in KmsKeyArns, which cannot be changed: ${RESTORE.replace('<key>', '<listed key>')}`,
    ],
    ['unencrypted with a list given', { fixture: 'neptune-unencrypted.json', parameters: { KmsKeyArns: KEY } }, 'NON_COMPLIANT', `Neptune cluster graph-legacy is not encrypted at rest, which cannot be changed: ${RESTORE}`],
    ['exempt cluster', { fixture: 'neptune-unencrypted.json', change: exempt('public data only') }, 'NOT_APPLICABLE', 'exempt: public data only'],
    ['unencrypted DocumentDB cluster', { fixture: 'docdb-cluster.json' }, 'NOT_APPLICABLE', 'docdb cluster: Neptune rules do not apply'],
    ['Aurora cluster', { fixture: 'aurora-cluster-not-neptune.json', change: set({ storageEncrypted: false }) }, 'NOT_APPLICABLE', 'aurora-mysql cluster: Neptune rules do not apply'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it.each([
    [',', '"," names no value'],
    ['alias/graph', 'alias/graph is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)'],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', '1234abcd-12ab-34cd-56ef-1234567890ab is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)'],
    [`${KEY},arn:aws:kms:us-east-2:123456789012:alias/graph,x`, 'arn:aws:kms:us-east-2:123456789012:alias/graph, x are not KMS key ARNs (arn:aws:kms:<region>:<account>:key/<key id>)'],
  ])('rejects KmsKeyArns %j', (value, detail) => {
    const judge = () => judgeFixture(RULE, { fixture: 'neptune-iam-on.json', parameters: { KmsKeyArns: value } });
    expect(judge).toThrow(InvalidParameterError);
    expect(judge).toThrow(`invalid rule parameter KmsKeyArns: ${detail}`);
  });

  it('accepts key ARNs of other partitions', () => {
    const key = 'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    expect(judgeApi(RULE, describedNeptuneCluster({ StorageEncrypted: true, KmsKeyId: key }), { parameters: { KmsKeyArns: key } }).compliance).toBe('COMPLIANT');
  });

  it('is fixed by hand: encryption is set at creation', () => {
    expect(ruleOf(RULE).fix).toEqual({ runbook: false, manual: `Encryption and its key are fixed at creation: ${RESTORE}.` });
  });

  it('decodes the same verdicts from DescribeDBClusters', () => {
    expect(judgeApi(RULE, describedNeptuneCluster())).toEqual(judgeFixture(RULE, { fixture: 'neptune-unencrypted.json' }));
    expect(judgeApi(RULE, describedNeptuneCluster({ DBClusterIdentifier: 'graph-prod', StorageEncrypted: true, KmsKeyId: KEY }), { parameters: { KmsKeyArns: OTHER_KEY } })).toEqual(
      judgeFixture(RULE, { fixture: 'neptune-encrypted-other-key.json' }),
    );
  });
});
