import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { AwsAccessError } from '../../cli/errors';
import { OrgStatusError, catalogRuleOf, needsAttention, organizationReport, organizationStatus } from '../../cli/org-status';
import { SimulatedOrganization } from '../../sim/organization';
import type { SimulatedCall } from '../../sim/transport';
import { serveFromMemory, simulatedCredentials } from '../../sim/transport';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const MEMBERS = Array.from({ length: 120 }, (_, i) => ({
  accountId: String(100000000000 + i),
  regions: REGIONS,
  packStatus: i === 7 ? 'CREATE_FAILED' : 'CREATE_SUCCESSFUL',
  ...(i === 7 ? { errorCode: 'ConformancePackCreationFailed', errorMessage: 'The execution role does not exist' } : {}),
}));

/** 120 accounts × 3 regions; two rules per place; account 5 has 150 IAM-off clusters in eu-west-1. */
function organization(): SimulatedOrganization {
  const org = new SimulatedOrganization('dbauth-organization', 'dbauth', MEMBERS);
  for (const member of MEMBERS) {
    for (const region of member.regions) {
      for (const rule of ['neptune-cluster-iam-database-authentication', 'rds-instance-iam-authentication-enabled']) {
        org.addResult({
          accountId: member.accountId,
          region,
          configRuleName: `${rule}-conformance-pack-x1y2z3`,
          resourceType: 'AWS::RDS::DBCluster',
          resourceId: `cluster-${member.accountId}`,
          compliance: 'COMPLIANT',
          annotation: 'IAM database authentication is enabled',
        });
      }
    }
  }
  for (let i = 0; i < 150; i++) {
    org.addResult({
      accountId: '100000000005',
      region: 'eu-west-1',
      configRuleName: 'neptune-cluster-iam-database-authentication-conformance-pack-x1y2z3',
      resourceType: 'AWS::RDS::DBCluster',
      resourceId: `cluster-OFF${i}`,
      compliance: 'NON_COMPLIANT',
      annotation: 'IAM database authentication is disabled',
    });
  }
  // A rule that is not the pack's is left out of the report.
  org.addResult({ accountId: '100000000001', region: 'us-east-1', configRuleName: 's3-bucket-versioning', resourceType: 'AWS::S3::Bucket', resourceId: 'b', compliance: 'NON_COMPLIANT', annotation: 'x' });
  return org;
}

function clientFor(org: SimulatedOrganization): { client: ConfigServiceClient; calls: SimulatedCall[] } {
  const client = new ConfigServiceClient({ region: 'us-east-1', credentials: simulatedCredentials, maxAttempts: 1 });
  return { client, calls: serveFromMemory(client, org.handlers(), 'Config') };
}

describe('org-status', () => {
  it('reads every page: member deployments, rule compliance per account and region, and non-compliant resources', async () => {
    const org = organization();
    const { client, calls } = clientFor(org);
    const status = await organizationStatus(client, { aggregator: 'dbauth-organization', pack: 'dbauth' });

    expect(status.deployments).toHaveLength(120);
    expect(status.deployments.filter((d) => d.status === 'CREATE_FAILED')).toEqual([
      { accountId: '100000000007', status: 'CREATE_FAILED', error: 'ConformancePackCreationFailed: The execution role does not exist' },
    ]);
    expect(status.compliance).toHaveLength(120 * 3 * 2);
    expect(new Set(status.compliance.map((c) => c.region))).toEqual(new Set(REGIONS));
    expect(status.nonCompliant).toHaveLength(150);
    expect(status.nonCompliant[0]).toMatchObject({ accountId: '100000000005', region: 'eu-west-1', rule: 'neptune-cluster-iam-database-authentication' });
    // 2 pages of member statuses, 8 pages of rule results (721 with the foreign rule), 2 pages of details.
    const count = (operation: string) => calls.filter((c) => c.operation === operation).length;
    expect(count('GetOrganizationConformancePackDetailedStatus')).toBe(2);
    expect(count('DescribeAggregateComplianceByConfigRules')).toBe(8);
    expect(count('GetAggregateComplianceDetailsByConfigRule')).toBe(2);
    expect(needsAttention(status)).toBe(true);
  });

  it('prints the failed deployment and the non-compliant resources', async () => {
    const { client } = clientFor(organization());
    const report = organizationReport(await organizationStatus(client, { aggregator: 'dbauth-organization', pack: 'dbauth' }));
    expect(report).toContain('Conformance pack dbauth: deployed in 119 of 120 member accounts');
    expect(report).toMatch(/100000000007\s*│\s*CREATE_FAILED\s*│\s*ConformancePackCreationFailed: The execution role does not/);
    expect(report).toContain('Non-compliant resources (150)');
  });

  it('needs no attention when every member deployed and everything complies', async () => {
    const org = new SimulatedOrganization('dbauth-organization', 'dbauth', [{ accountId: '111122223333', regions: ['us-east-1'], packStatus: 'UPDATE_SUCCESSFUL' }]);
    const { client } = clientFor(org);
    expect(needsAttention(await organizationStatus(client, { aggregator: 'dbauth-organization', pack: 'dbauth' }))).toBe(false);
  });

  it('says which credentials and permissions are needed when access is denied', async () => {
    const org = organization();
    org.denied.add('DescribeAggregateComplianceByConfigRules');
    const { client } = clientFor(org);
    const failure = organizationStatus(client, { aggregator: 'dbauth-organization', pack: 'dbauth' });
    await expect(failure).rejects.toBeInstanceOf(AwsAccessError);
    await expect(failure).rejects.toThrow(
      "access denied in the admin account (User is not authorized to perform: config:DescribeAggregateComplianceByConfigRules): this needs the credentials of the organization's Config delegated administrator",
    );
  });

  it.each([
    [{ aggregator: 'nope', pack: 'dbauth' }, 'no configuration aggregator named nope in this region: deploy the organization stack here, or pass --aggregator'],
    [{ aggregator: 'dbauth-organization', pack: 'nope' }, 'no organization conformance pack named nope in this region: deploy the organization stack here, or pass --pack'],
  ])('names a missing aggregator or pack (%j)', async (names, message) => {
    const { client } = clientFor(organization());
    const failure = organizationStatus(client, names);
    await expect(failure).rejects.toBeInstanceOf(OrgStatusError);
    await expect(failure).rejects.toThrow(message);
  });

  it.each([
    ['neptune-cluster-encrypted-conformance-pack-abc123', 'neptune-cluster-encrypted'],
    ['dbauth-neptune-cluster-encrypted', 'neptune-cluster-encrypted'],
    ['rds-instance-iam-authentication-enabled', 'rds-instance-iam-authentication-enabled'],
    ['s3-bucket-versioning', undefined],
    ['neptune-cluster-snapshot-encrypted-conformance-pack-q9w8e7', 'neptune-cluster-snapshot-encrypted'],
  ])('maps the member rule name %s to its catalog rule', (name, id) => {
    expect(catalogRuleOf(name)).toBe(id);
  });
});
