import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, ruleOf, set } from './fixtures';
import { describedNeptuneSnapshot } from './api';

const RULE = 'neptune-cluster-snapshot-encrypted';
const MANUAL_FIX = 'which cannot be changed: restore it into a new cluster with --kms-key-id, snapshot that cluster, then delete this one';
const AUTOMATED =
  "Neptune cluster snapshot rds:graph-legacy-2025-06-01-04-48 is not encrypted: an automated snapshot has its cluster's encryption, so replace the cluster by an encrypted one (see neptune-cluster-encrypted)";

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['encrypted manual snapshot', { fixture: 'neptune-snapshot-private.json' }, 'COMPLIANT', 'snapshot is encrypted at rest'],
    ['unencrypted manual snapshot', { fixture: 'neptune-snapshot-shared-account.json' }, 'NON_COMPLIANT', `Neptune cluster snapshot graph-manual-4 is not encrypted, ${MANUAL_FIX}`],
    [
      'encryption not recorded',
      { fixture: 'neptune-snapshot-private.json', change: set({ storageEncrypted: null }) },
      'NON_COMPLIANT',
      `Neptune cluster snapshot graph-manual-2 is not recorded as encrypted, ${MANUAL_FIX}`,
    ],
    ['unencrypted automated snapshot', { fixture: 'neptune-snapshot-automated.json' }, 'NON_COMPLIANT', AUTOMATED],
    ['automated, type in capitals', { fixture: 'neptune-snapshot-automated.json', change: set({ snapshotType: 'Automated' }) }, 'NON_COMPLIANT', AUTOMATED],
    ['encrypted automated snapshot', { fixture: 'neptune-snapshot-automated.json', change: set({ storageEncrypted: true }) }, 'COMPLIANT', 'snapshot is encrypted at rest'],
    ['exempt snapshot', { fixture: 'neptune-snapshot-shared-account.json', change: exempt('legal hold') }, 'NOT_APPLICABLE', 'exempt: legal hold'],
    ['unencrypted Aurora snapshot', { fixture: 'neptune-snapshot-shared-account.json', change: set({ engine: 'aurora-mysql' }) }, 'NOT_APPLICABLE', 'aurora-mysql cluster snapshot: Neptune rules do not apply'],
    ['snapshot with no engine recorded', { fixture: 'neptune-snapshot-shared-account.json', change: set({ engine: null }) }, 'NOT_APPLICABLE', 'unknown-engine cluster snapshot: Neptune rules do not apply'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('is fixed by hand: a snapshot cannot be encrypted in place', () => {
    expect(ruleOf(RULE).fix.runbook).toBe(false);
  });

  it('decodes the same verdicts from DescribeDBClusterSnapshots', () => {
    expect(judgeApi(RULE, describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: 'graph-manual-4', StorageEncrypted: false, KmsKeyId: undefined }))).toEqual(
      judgeFixture(RULE, { fixture: 'neptune-snapshot-shared-account.json' }),
    );
    expect(judgeApi(RULE, describedNeptuneSnapshot()).compliance).toBe('COMPLIANT');
  });
});
