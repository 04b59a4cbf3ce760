/**
 * The controls the rules implement, with their published titles and where to read them. Titles and severities
 * are those of AWS Security Hub's control reference (docs.aws.amazon.com/securityhub/latest/userguide/
 * neptune-controls.html, rds-controls.html, dms-controls.html); RDS-030 is Trend Micro Cloud One Conformity's
 * rule id for the same RDS check.
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
      title: 'IAM Database Authentication (RDS database instances)',
      source: 'Trend Micro Cloud One Conformity',
      url: 'https://www.trendmicro.com/cloudoneconformity/knowledge-base/aws/RDS/iam-database-authentication.html',
    },
  ].map((control) => [control.id, control]),
);

/** The control's title, or the id itself when it is not listed. */
export function controlTitle(id: string): string {
  return CONTROLS[id]?.title ?? id;
}
