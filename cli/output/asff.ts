import { partition } from '@aws-sdk/core/client';
import { findRule } from '../../rules/catalog';
import { UsageError } from '../errors';
import { CONTROLS } from './controls';
import type { Row } from './row';

const ASFF_TYPES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'AwsRdsDbInstance',
  'AWS::RDS::DBCluster': 'AwsRdsDbCluster',
  'AWS::RDS::DBClusterSnapshot': 'AwsRdsDbClusterSnapshot',
  'AWS::DMS::Endpoint': 'AwsDmsEndpoint',
};

const STATUS = { COMPLIANT: 'PASSED', NON_COMPLIANT: 'FAILED' } as const;
/** ASFF's limit on Remediation.Recommendation.Text. */
const RECOMMENDATION_CHARS = 512;
/** Every rule id is also the name of AWS Config's managed rule of the same check, documented here. */
const managedRulePage = (ruleId: string) => `https://docs.aws.amazon.com/config/latest/developerguide/${ruleId}.html`;

/** A finding in the AWS Security Finding Format, as BatchImportFindings takes it. */
export interface AsffFinding {
  readonly SchemaVersion: '2018-10-08';
  readonly Id: string;
  readonly ProductArn: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Region: string;
  readonly Types: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Severity: { readonly Label: string };
  readonly Title: string;
  readonly Description: string;
  readonly Remediation: { readonly Recommendation: { readonly Text: string; readonly Url: string } };
  readonly Compliance: { readonly Status: string; readonly SecurityControlId?: string; readonly RelatedRequirements: readonly string[] };
  readonly Resources: readonly { readonly Type: string; readonly Id: string; readonly Partition: string; readonly Region: string }[];
  readonly RecordState: 'ACTIVE';
  readonly Workflow: { readonly Status: string };
  readonly ProductFields: Readonly<Record<string, string>>;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * Security Hub findings for the judged rows: FAILED for NON_COMPLIANT, PASSED for COMPLIANT (which resolves
 * an earlier FAILED finding of the same id). NOT_APPLICABLE rows are no findings and are left out.
 */
export function toAsff(rows: readonly Row[], now = new Date()): AsffFinding[] {
  const time = now.toISOString();
  return rows.flatMap((row) => {
    if (row.compliance === 'NOT_APPLICABLE') return [];
    if (!row.accountId || !row.region) throw new UsageError(`--format asff needs an account and region for every row (${row.rule} on ${row.resourceId} has none)`);
    const rule = findRule(row.rule);
    const control = row.controls.find((c) => /^[A-Za-z]+\.\d+$/.test(c));
    const id = row.arn ?? row.resourceId;
    const aws = partition(row.region).name;
    const failed = row.compliance === 'NON_COMPLIANT';
    return [
      {
        SchemaVersion: '2018-10-08',
        Id: `dbauth/${row.rule}/${id}`,
        ProductArn: `arn:${aws}:securityhub:${row.region}:${row.accountId}:product/${row.accountId}/default`,
        GeneratorId: `dbauth/${row.rule}`,
        AwsAccountId: row.accountId,
        Region: row.region,
        Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
        CreatedAt: time,
        UpdatedAt: time,
        Severity: { Label: failed ? row.severity : 'INFORMATIONAL' },
        Title: rule?.title ?? row.rule,
        Description: clip(row.annotation, 1024),
        Remediation: {
          Recommendation: {
            Text: clip(failed ? `${row.annotation}. Fix: ${row.fix}` : `No action needed. To fix a failing resource: ${row.fix}`, RECOMMENDATION_CHARS),
            Url: (control ? CONTROLS[control]?.url : undefined) ?? managedRulePage(row.rule),
          },
        },
        Compliance: {
          Status: STATUS[row.compliance],
          ...(control ? { SecurityControlId: control } : {}),
          RelatedRequirements: row.controls,
        },
        Resources: [{ Type: ASFF_TYPES[row.resourceType] ?? 'Other', Id: id, Partition: aws, Region: row.region }],
        RecordState: 'ACTIVE',
        Workflow: { Status: failed ? 'NEW' : 'RESOLVED' },
        ProductFields: { 'dbauth/RuleId': row.rule, 'dbauth/ResourceId': row.resourceId },
      },
    ];
  });
}
