import { CATALOG } from '../rules/catalog';
import { partitionOf } from '../rules/kit/runtime';
import type { Row } from './assess';

/** Security Hub's severities of the controls this pack implements. */
const CONTROL_SEVERITY: Record<string, 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'> = {
  'Neptune.3': 'CRITICAL',
  'Neptune.4': 'LOW',
  'Neptune.8': 'LOW',
};

const ASFF_TYPES: Record<string, string> = {
  'AWS::RDS::DBInstance': 'AwsRdsDbInstance',
  'AWS::RDS::DBCluster': 'AwsRdsDbCluster',
  'AWS::RDS::DBClusterSnapshot': 'AwsRdsDbClusterSnapshot',
  'AWS::DMS::Endpoint': 'AwsDmsEndpoint',
};

const ARN_KINDS: Record<string, string> = {
  'AWS::RDS::DBInstance': 'db',
  'AWS::RDS::DBCluster': 'cluster',
  'AWS::RDS::DBClusterSnapshot': 'cluster-snapshot',
};

function resourceArn(row: Row): string {
  if (row.resourceId.startsWith('arn:')) return row.resourceId;
  const kind = ARN_KINDS[row.resourceType];
  return kind ? `arn:${partitionOf(row.region)}:rds:${row.region}:${row.accountId}:${kind}:${row.resourceName ?? row.resourceId}` : row.resourceId;
}

const STATUS = { COMPLIANT: 'PASSED', NON_COMPLIANT: 'FAILED', NOT_APPLICABLE: 'NOT_AVAILABLE' } as const;

/** Security Hub findings (ASFF) for the rows, one per rule and resource, with the matching control ids. */
export function toAsff(rows: readonly Row[], now = new Date()): object[] {
  const time = now.toISOString();
  return rows.map((row) => {
    const rule = CATALOG.find((r) => r.id === row.rule);
    const controls = rule?.controls ?? [];
    const securityHubControl = controls.find((c) => /^[A-Za-z]+\.\d+$/.test(c));
    const severity = row.compliance === 'NON_COMPLIANT' ? (controls.map((c) => CONTROL_SEVERITY[c]).find(Boolean) ?? 'MEDIUM') : 'INFORMATIONAL';
    const arn = resourceArn(row);
    return {
      SchemaVersion: '2018-10-08',
      Id: `dbauth/${row.rule}/${arn}`,
      ProductArn: `arn:${partitionOf(row.region)}:securityhub:${row.region}:${row.accountId}:product/${row.accountId}/default`,
      GeneratorId: `dbauth/${row.rule}`,
      AwsAccountId: row.accountId,
      Region: row.region,
      Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
      CreatedAt: time,
      UpdatedAt: time,
      Severity: { Label: severity },
      Title: rule?.title ?? row.rule,
      Description: row.annotation,
      Compliance: {
        Status: STATUS[row.compliance],
        ...(securityHubControl ? { SecurityControlId: securityHubControl } : {}),
        RelatedRequirements: controls,
      },
      Resources: [{ Type: ASFF_TYPES[row.resourceType] ?? 'Other', Id: arn, Partition: partitionOf(row.region), Region: row.region }],
      RecordState: 'ACTIVE',
      Workflow: { Status: row.compliance === 'NON_COMPLIANT' ? 'NEW' : 'RESOLVED' },
      ProductFields: { 'dbauth/RuleId': row.rule, 'dbauth/ResourceId': row.resourceId },
    };
  });
}
