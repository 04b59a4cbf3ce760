import { existsSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../rules/catalog';
import { MAX_ANNOTATION, judgeView, parseParameters } from '../../rules/kit';
import { LONGEST_IDENTIFIER, ruleOf } from './fixtures';
import { describedInstance, describedNeptuneCluster, describedNeptuneSnapshot, restoreAttribute } from './api';

/** The catalog of DESIGN §3: id, resource type, controls, runbook. */
const TABLE: readonly [string, string, string[], boolean][] = [
  ['neptune-cluster-iam-database-authentication', 'AWS::RDS::DBCluster', ['Neptune.7'], true],
  ['rds-instance-iam-authentication-enabled', 'AWS::RDS::DBInstance', ['RDS.10', 'RDS-030'], true],
  ['dms-neptune-iam-authorization-enabled', 'AWS::DMS::Endpoint', ['DMS.10'], true],
  ['rds-cluster-iam-authentication-enabled', 'AWS::RDS::DBCluster', ['RDS.12'], true],
  ['rds-instance-default-admin-check', 'AWS::RDS::DBInstance', ['RDS.25'], false],
  ['rds-cluster-default-admin-check', 'AWS::RDS::DBCluster', ['RDS.24'], false],
  ['neptune-cluster-encrypted', 'AWS::RDS::DBCluster', ['Neptune.1'], false],
  ['neptune-cluster-cloudwatch-log-export-enabled', 'AWS::RDS::DBCluster', ['Neptune.2'], true],
  ['neptune-cluster-snapshot-public-prohibited', 'AWS::RDS::DBClusterSnapshot', ['Neptune.3'], true],
  ['neptune-cluster-deletion-protection-enabled', 'AWS::RDS::DBCluster', ['Neptune.4'], true],
  ['neptune-cluster-backup-retention-check', 'AWS::RDS::DBCluster', ['Neptune.5'], true],
  ['neptune-cluster-snapshot-encrypted', 'AWS::RDS::DBClusterSnapshot', ['Neptune.6'], false],
  ['neptune-cluster-copy-tags-to-snapshot-enabled', 'AWS::RDS::DBCluster', ['Neptune.8'], true],
  ['neptune-cluster-multi-az-enabled', 'AWS::RDS::DBCluster', ['Neptune.9'], false],
];

/** The most damning resource of each type, named with the longest identifier AWS allows. */
const WORST = {
  'AWS::RDS::DBCluster': [
    describedNeptuneCluster({ DBClusterIdentifier: LONGEST_IDENTIFIER, StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }),
    describedNeptuneCluster({ DBClusterIdentifier: LONGEST_IDENTIFIER, Engine: 'aurora-postgresql', MasterUsername: 'dbadmin' }),
  ],
  'AWS::RDS::DBInstance': [describedInstance({ DBInstanceIdentifier: LONGEST_IDENTIFIER, Engine: 'sqlserver-web', MasterUsername: 'dbadmin' })],
  'AWS::RDS::DBClusterSnapshot': [
    describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: LONGEST_IDENTIFIER, StorageEncrypted: false, SnapshotType: 'automated', DBClusterIdentifier: LONGEST_IDENTIFIER }),
    describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: LONGEST_IDENTIFIER, StorageEncrypted: false }),
  ],
  'AWS::DMS::Endpoint': [],
} as const;

describe('catalog', () => {
  it('holds exactly the checks of the design, with their controls and fixes', () => {
    expect(CATALOG.map((rule) => rule.id).sort()).toEqual(TABLE.map(([id]) => id).sort());
    for (const [id, type, controls, runbook] of TABLE) {
      const rule = ruleOf(id);
      expect([rule.kind.type, rule.controls, rule.fix.runbook !== false]).toEqual([type, controls, runbook]);
      if (rule.fix.runbook) expect(rule.fix.runbook.document).toBe(id);
    }
  });

  it.each(CATALOG.map((rule) => [rule.id, rule] as const))('%s lives in a file named after it', (id, rule) => {
    const service = id.startsWith('dms-') ? 'dms' : id.startsWith('neptune-') ? 'neptune' : 'rds';
    expect(existsSync(path.join(__dirname, '../../rules', service, `${id}.ts`))).toBe(true);
    if (!rule.fix.runbook) expect(rule.fix.manual.length).toBeGreaterThan(20);
  });

  // DMS endpoint identifiers may be 255 characters long: no annotation that names one can promise to fit.
  const namedWithin63 = CATALOG.filter((rule) => rule.kind.type !== 'AWS::DMS::Endpoint');
  it.each(namedWithin63.map((rule) => [rule.id, rule] as const))('%s says everything within the annotation limit, even for the longest identifier', (_id, rule) => {
    const parameters = parseParameters(rule.parameters, rule.parameters['KmsKeyArns'] ? { KmsKeyArns: 'arn:aws:kms:us-east-2:123456789012:key/allowed' } : {});
    for (const resource of WORST[rule.kind.type]) {
      for (const extra of [undefined, restoreAttribute('123456789012', 'all')]) {
        const { annotation } = judgeView(rule, rule.kind.fromApi(resource, extra), {}, parameters, 'longest');
        expect(annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION);
        expect(annotation).not.toMatch(/…$/);
      }
    }
  });

  it.each(CATALOG.map((rule) => [rule.id, rule] as const))('%s judges a resource with nothing recorded but its engine without throwing', (_id, rule) => {
    const parameters = parseParameters(rule.parameters, {});
    for (const engine of ['neptune', 'Neptune', 'aurora-mysql', 'mysql', 'postgres', 'docdb', 'oracle-ee', undefined]) {
      const resource = rule.kind.type === 'AWS::DMS::Endpoint' ? { EngineName: engine } : { Engine: engine };
      for (const extra of [undefined, []]) {
        const verdict = judgeView(rule, rule.kind.fromApi(resource, extra), {}, parameters, 'bare');
        expect(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']).toContain(verdict.compliance);
        expect(verdict.annotation.length).toBeGreaterThan(0);
      }
    }
  });
});
