import { CONTROLS } from '../../cli/output';
import { CATALOG } from '../../rules/catalog';

/**
 * The titles and severities users see in `dbauth rules`, the reports and the Security Hub findings, written out
 * as the publishers print them. Each value was read on the page named beside it; when a publisher changes one,
 * change it here first, from the page, and then in cli/output/controls.ts or the rule file.
 */
const NEPTUNE = 'https://docs.aws.amazon.com/securityhub/latest/userguide/neptune-controls.html';
const RDS = 'https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html';
const DMS = 'https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html';
const CONFORMITY = 'https://www.trendmicro.com/cloudoneconformity/knowledge-base/aws/RDS/iam-database-authentication.html';

const PUBLISHED = {
  // neptune-controls.html
  'Neptune.1': { title: 'Neptune DB clusters should be encrypted at rest', severity: 'MEDIUM', url: `${NEPTUNE}#neptune-1` },
  'Neptune.2': { title: 'Neptune DB clusters should publish audit logs to CloudWatch Logs', severity: 'MEDIUM', url: `${NEPTUNE}#neptune-2` },
  'Neptune.3': { title: 'Neptune DB cluster snapshots should not be public', severity: 'CRITICAL', url: `${NEPTUNE}#neptune-3` },
  'Neptune.4': { title: 'Neptune DB clusters should have deletion protection enabled', severity: 'LOW', url: `${NEPTUNE}#neptune-4` },
  'Neptune.5': { title: 'Neptune DB clusters should have automated backups enabled', severity: 'MEDIUM', url: `${NEPTUNE}#neptune-5` },
  'Neptune.6': { title: 'Neptune DB cluster snapshots should be encrypted at rest', severity: 'MEDIUM', url: `${NEPTUNE}#neptune-6` },
  'Neptune.7': { title: 'Neptune DB clusters should have IAM database authentication enabled', severity: 'MEDIUM', url: `${NEPTUNE}#neptune-7` },
  'Neptune.8': { title: 'Neptune DB clusters should be configured to copy tags to snapshots', severity: 'LOW', url: `${NEPTUNE}#neptune-8` },
  'Neptune.9': { title: 'Neptune DB clusters should be deployed across multiple Availability Zones', severity: 'MEDIUM', url: `${NEPTUNE}#neptune-9` },
  // rds-controls.html
  'RDS.10': { title: 'IAM authentication should be configured for RDS instances', severity: 'MEDIUM', url: `${RDS}#rds-10` },
  'RDS.12': { title: 'IAM authentication should be configured for RDS clusters', severity: 'MEDIUM', url: `${RDS}#rds-12` },
  'RDS.24': { title: 'RDS Database clusters should use a custom administrator username', severity: 'MEDIUM', url: `${RDS}#rds-24` },
  'RDS.25': { title: 'RDS database instances should use a custom administrator username', severity: 'MEDIUM', url: `${RDS}#rds-25` },
  // dms-controls.html
  'DMS.10': { title: 'DMS endpoints for Neptune databases should have IAM authorization enabled', severity: 'MEDIUM', url: `${DMS}#dms-10` },
  // Trend Micro Cloud One Conformity's rule page (its "Risk Level: Medium")
  'RDS-030': { title: 'IAM Database Authentication', severity: 'MEDIUM', url: CONFORMITY },
} as const;

/**
 * Which control each rule implements: the control's page names the same AWS Config rule (and resource type:
 * RDS.10 judges AWS::RDS::DBInstance, RDS.12 AWS::RDS::DBCluster).
 */
const IMPLEMENTS: Record<string, readonly string[]> = {
  'neptune-cluster-encrypted': ['Neptune.1'],
  'neptune-cluster-cloudwatch-log-export-enabled': ['Neptune.2'],
  'neptune-cluster-snapshot-public-prohibited': ['Neptune.3'],
  'neptune-cluster-deletion-protection-enabled': ['Neptune.4'],
  'neptune-cluster-backup-retention-check': ['Neptune.5'],
  'neptune-cluster-snapshot-encrypted': ['Neptune.6'],
  'neptune-cluster-iam-database-authentication': ['Neptune.7'],
  'neptune-cluster-copy-tags-to-snapshot-enabled': ['Neptune.8'],
  'neptune-cluster-multi-az-enabled': ['Neptune.9'],
  'rds-instance-iam-authentication-enabled': ['RDS.10', 'RDS-030'],
  'rds-cluster-iam-authentication-enabled': ['RDS.12'],
  'rds-cluster-default-admin-check': ['RDS.24'],
  'rds-instance-default-admin-check': ['RDS.25'],
  'dms-neptune-iam-authorization-enabled': ['DMS.10'],
};

describe('controls, as published', () => {
  it('lists exactly the published controls, each with its published title and page', () => {
    expect(Object.keys(CONTROLS).sort()).toEqual(Object.keys(PUBLISHED).sort());
    for (const [id, published] of Object.entries(PUBLISHED)) {
      expect({ id, title: CONTROLS[id]?.title, url: CONTROLS[id]?.url }).toEqual({ id, title: published.title, url: published.url });
    }
  });

  it('maps each rule to the control whose page names it', () => {
    expect(Object.fromEntries(CATALOG.map((rule) => [rule.id, rule.controls]))).toEqual(IMPLEMENTS);
  });

  it("gives each rule its control's published severity", () => {
    for (const rule of CATALOG) {
      for (const control of rule.controls) {
        const published = PUBLISHED[control as keyof typeof PUBLISHED];
        expect({ rule: rule.id, control, severity: rule.severity ?? 'MEDIUM' }).toEqual({ rule: rule.id, control, severity: published.severity });
      }
    }
  });
});
