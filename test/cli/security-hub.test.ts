import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { runDemo } from '../../cli/demo';
import { toAsff } from '../../cli/output';
import type { Row } from '../../cli/output';
import { IMPORT_BATCH, ImportFindingsError, importFindings } from '../../cli/security-hub';

const securityHub = mockClient(SecurityHubClient);

/** `count` judged rows in `region`, made distinct from the demo's. */
function manyRows(base: readonly Row[], count: number, region: string): Row[] {
  const judged = base.filter((row) => row.compliance !== 'NOT_APPLICABLE');
  return Array.from({ length: count }, (_, i) => {
    const row = judged[i % judged.length] as Row;
    const name = `${row.resourceName ?? 'r'}-${i}`;
    return { ...row, region, resourceId: `${row.resourceId}-${i}`, resourceName: name, arn: row.arn?.replace('us-east-1', region).replace(/[^:]+$/, name) };
  });
}

describe('Security Hub findings', () => {
  let demo: readonly Row[];
  beforeAll(async () => {
    demo = (await runDemo()).before;
  });
  beforeEach(() => securityHub.reset());

  it('leaves NOT_APPLICABLE rows out and gives every finding a remediation text and a link', () => {
    const findings = toAsff(demo, new Date('2026-01-01T00:00:00Z'));
    expect(findings).toHaveLength(demo.filter((row) => row.compliance !== 'NOT_APPLICABLE').length);
    expect(findings.every((f) => f.Compliance.Status === 'PASSED' || f.Compliance.Status === 'FAILED')).toBe(true);
    for (const finding of findings) {
      expect(finding.Remediation.Recommendation.Text.length).toBeGreaterThan(0);
      expect(finding.Remediation.Recommendation.Text.length).toBeLessThanOrEqual(512);
      expect(finding.Remediation.Recommendation.Url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/securityhub\/latest\/userguide\/(neptune|rds|dms)-controls\.html#(neptune|rds|dms)-\d+$/);
    }
    const failed = findings.find((f) => f.GeneratorId === 'dbauth/neptune-cluster-snapshot-public-prohibited' && f.Compliance.Status === 'FAILED');
    expect(failed).toMatchObject({
      Severity: { Label: 'CRITICAL' },
      Compliance: { SecurityControlId: 'Neptune.3' },
      Remediation: { Recommendation: { Url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/neptune-controls.html#neptune-3' } },
      Resources: [{ Type: 'AwsRdsDbClusterSnapshot', Partition: 'aws', Region: 'us-east-1' }],
    });
    expect(failed?.Remediation.Recommendation.Text).toMatch(/--values-to-remove all.*Fix: runbook DbAuth-neptune-cluster-snapshot-public-prohibited$/);
  });

  it('sends the findings of each region to that region in batches of 100', async () => {
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    const rows = [...manyRows(demo, 250, 'us-east-1'), ...manyRows(demo, 30, 'eu-west-1')];
    const result = await importFindings(rows);
    expect(result).toEqual({ imported: 280, failed: [] });
    const calls = securityHub.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((call) => call.args[0].input.Findings?.length)).toEqual([IMPORT_BATCH, IMPORT_BATCH, 50, 30]);
    const regions = await Promise.all(calls.map((call) => (call.thisValue as SecurityHubClient).config.region()));
    expect(regions).toEqual(['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1']);
    for (const call of calls) {
      for (const finding of call.args[0].input.Findings ?? []) {
        expect(finding.ProductArn).toBe(`arn:aws:securityhub:${finding.Region}:111122223333:product/111122223333/default`);
      }
    }
  });

  it('reports the findings Security Hub refused, and fails (exit 2)', async () => {
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => {
      const [first, ...rest] = input.Findings;
      return { SuccessCount: rest.length, FailedCount: 1, FailedFindings: [{ Id: first?.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to ASFF' }] };
    });
    const progress: string[] = [];
    const failure = await importFindings(manyRows(demo, 120, 'us-east-1'), { onProgress: (m) => progress.push(m) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFindingsError);
    const error = failure as ImportFindingsError;
    expect(error.result.imported).toBe(118);
    expect(error.result.failed).toHaveLength(2);
    expect(error.message).toMatch(/^Security Hub refused 2 of 120 findings \(first: dbauth\/.* in us-east-1: InvalidInput: Finding does not adhere to ASFF\): check that Security Hub is enabled/);
    expect(progress.filter((line) => line.startsWith('Security Hub refused '))).toHaveLength(2);
  });

  it('names the region and the call when Security Hub cannot be reached', async () => {
    securityHub.on(BatchImportFindingsCommand).rejects(Object.assign(new Error('User is not authorized to perform: securityhub:BatchImportFindings'), { name: 'AccessDeniedException' }));
    await expect(importFindings(manyRows(demo, 3, 'eu-west-1'))).rejects.toThrow(/^access denied in eu-west-1 \(User is not authorized.*\): this needs securityhub:BatchImportFindings/);
  });
});
