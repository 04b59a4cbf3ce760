/**
 * The controls the rules implement, with their published titles and where to read them. Titles here, and the
 * severities in the rule files (the severity of each rule's Security Hub control), are copied from the
 * publisher's page and were checked against it:
 *
 * - Neptune.1 to Neptune.9: https://docs.aws.amazon.com/securityhub/latest/userguide/neptune-controls.html
 *   (Neptune.3 Critical; Neptune.4 and Neptune.8 Low; the others Medium)
 * - RDS.10, RDS.12, RDS.24, RDS.25: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html
 *   (all Medium; RDS.10 is the instance check, RDS.12 the cluster check)
 * - DMS.10: https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html (Medium)
 * - RDS-030: https://www.trendmicro.com/cloudoneconformity/knowledge-base/aws/RDS/iam-database-authentication.html
 *   (Trend Micro Cloud One Conformity's id for the same check as RDS.10; risk level Medium)
 *
 * test/cli/controls.test.ts holds the published values: change a title or severity only with its page open.
 */
export interface Control {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly url: string;
}

const hub = (id: string, title: string): Control => {
  const [service = '', number = ''] = id.split('.');
  const page = `${service.toLowerCase()}-controls.html`;
  return {
    id,
    title,
    source: 'AWS Security Hub',
    url: `https://docs.aws.amazon.com/securityhub/latest/userguide/${page}#${service.toLowerCase()}-${number}`,
  };
};

export const CONTROLS: Readonly<Record<string, Control>> = Object.fromEntries(
  [
    hub('Neptune.1', 'Neptune DB clusters should be encrypted at rest'),
    hub('Neptune.2', 'Neptune DB clusters should publish audit logs to CloudWatch Logs'),
    hub('Neptune.3', 'Neptune DB cluster snapshots should not be public'),
    hub('Neptune.4', 'Neptune DB clusters should have deletion protection enabled'),
    hub('Neptune.5', 'Neptune DB clusters should have automated backups enabled'),
    hub('Neptune.6', 'Neptune DB cluster snapshots should be encrypted at rest'),
    hub('Neptune.7', 'Neptune DB clusters should have IAM database authentication enabled'),
    hub('Neptune.8', 'Neptune DB clusters should be configured to copy tags to snapshots'),
    hub('Neptune.9', 'Neptune DB clusters should be deployed across multiple Availability Zones'),
    hub('RDS.10', 'IAM authentication should be configured for RDS instances'),
    hub('RDS.12', 'IAM authentication should be configured for RDS clusters'),
    hub('RDS.24', 'RDS Database clusters should use a custom administrator username'),
    hub('RDS.25', 'RDS database instances should use a custom administrator username'),
    hub('DMS.10', 'DMS endpoints for Neptune databases should have IAM authorization enabled'),
    {
      id: 'RDS-030',
      title: 'IAM Database Authentication',
      source: 'Trend Micro Cloud One Conformity',
      url: 'https://www.trendmicro.com/cloudoneconformity/knowledge-base/aws/RDS/iam-database-authentication.html',
    },
  ].map((control) => [control.id, control]),
);

/** The control's title, or the id itself when it is not listed. */
export function controlTitle(id: string): string {
  return CONTROLS[id]?.title ?? id;
}
