import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { RDSClient } from '@aws-sdk/client-rds';
import { STSClient } from '@aws-sdk/client-sts';
import { toAsff } from '../../cli/output';
import { AwsAccessError, UsageError } from '../../cli/errors';
import { ScanIncompleteError, resolveRegions, scanAccount, scanExitCode, selectRules } from '../../cli/scan';
import { CATALOG } from '../../rules/catalog';
import type { SimulatedAccount } from '../../sim/account';
import { demoEstate } from '../../sim/demo-estate';
import { syntheticEstate } from '../../sim/synthetic-estate';
import { SimulatedServiceError, serveFromMemory, simulatedCredentials } from '../../sim/transport';

const behind = (account: SimulatedAccount) => ({ credentials: simulatedCredentials, configure: (client: object) => account.serve(client) });
const typeCount = (type: string) => CATALOG.filter((rule) => rule.kind.type === type).length;

describe('dbauth scan against a simulated account', () => {
  it('judges 5,600 resources across pages and engines, listing each resource type once, through throttling', async () => {
    // Prepare: every 40th API call is throttled; the SDK's retry must absorb it.
    const counts = { clusters: 2_000, instances: 2_500, snapshots: 300, endpoints: 800 };
    const account = syntheticEstate(counts, { throttleEveryNth: 40 });
    const progress: string[] = [];
    // Act
    const rows = await scanAccount({ regions: ['us-east-1'], clients: behind(account), onProgress: (m) => progress.push(m) });
    // Assess: one row per resource and rule of its type, none lost to throttling.
    expect(rows).toHaveLength(
      counts.clusters * typeCount('AWS::RDS::DBCluster') +
        counts.instances * typeCount('AWS::RDS::DBInstance') +
        counts.snapshots * typeCount('AWS::RDS::DBClusterSnapshot') +
        counts.endpoints * typeCount('AWS::DMS::Endpoint'),
    );
    const served = account.calls.map((c) => c.operation);
    const count = (operation: string) => served.filter((o) => o === operation).length;
    const throttled = Math.floor(account.calls.length / 40);
    expect(throttled).toBeGreaterThan(0);
    // Each Describe is paged by 100 and each type listed once, plus the throttled attempts.
    const pages = count('DescribeDBClusters') + count('DescribeDBInstances') + count('DescribeEndpoints');
    expect(pages).toBeGreaterThanOrEqual(20 + 25 + 8);
    expect(pages).toBeLessThanOrEqual(20 + 25 + 8 + throttled);
    // IAM auth on Neptune clusters: even-numbered clusters have it, and 2 of every 5 clusters are Neptune.
    const neptune = rows.filter((r) => r.rule === 'neptune-cluster-iam-database-authentication');
    expect(neptune.filter((r) => r.compliance === 'NOT_APPLICABLE').length).toBeGreaterThanOrEqual(1_200);
    expect(new Set(neptune.map((r) => r.resourceId)).size).toBe(2_000);
    expect(rows.every((r) => r.accountId === '111122223333' && r.region === 'us-east-1')).toBe(true);
    expect(progress[0]).toBe(`scanning account 111122223333 in us-east-1 with ${CATALOG.length} rules`);
    expect(progress).toContain('us-east-1: AWS::RDS::DBCluster: 2000 listed');
    expect(scanExitCode(rows)).toBe(1);
  }, 120_000);

  it('exits 0 when nothing is non-compliant', async () => {
    const account = syntheticEstate({ clusters: 0, instances: 0, snapshots: 0, endpoints: 0 });
    const rows = await scanAccount({ regions: ['eu-west-1'], clients: behind(account) });
    expect(rows).toEqual([]);
    expect(scanExitCode(rows)).toBe(0);
  });

  it('runs only the chosen rules, and rejects unknown ones', async () => {
    const rows = await scanAccount({ regions: ['us-east-1'], rules: 'dms-neptune-iam-authorization-enabled', clients: behind(demoEstate()) });
    expect(new Set(rows.map((r) => r.rule))).toEqual(new Set(['dms-neptune-iam-authorization-enabled']));
    expect(() => selectRules('dms-neptune-iam-authorization-enabled,nope')).toThrow(UsageError);
    expect(() => selectRules('nope')).toThrow(/^unknown rule nope; the rules are: /);
  });

  it('turns the verdicts into Security Hub findings with the matching control ids', async () => {
    const rows = await scanAccount({ regions: ['us-east-1'], rules: 'neptune-cluster-iam-database-authentication', clients: behind(demoEstate()) });
    const failed = toAsff(rows, new Date('2026-01-01T00:00:00Z')).find((f) => (f as { Compliance: { Status: string } }).Compliance.Status === 'FAILED');
    expect(failed).toMatchObject({
      SchemaVersion: '2018-10-08',
      AwsAccountId: '111122223333',
      GeneratorId: 'dbauth/neptune-cluster-iam-database-authentication',
      Compliance: { Status: 'FAILED', SecurityControlId: 'Neptune.7', RelatedRequirements: ['Neptune.7'] },
      Severity: { Label: 'MEDIUM' },
      Resources: [{ Type: 'AwsRdsDbCluster', Id: 'arn:aws:rds:us-east-1:111122223333:cluster:graph-dev', Region: 'us-east-1' }],
      CreatedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it.each([
    ['AccessDenied', 'AccessDenied', /^access denied in us-east-1, RDS DescribeDBClusters \(.*\): this needs read access: rds:DescribeDBInstances/],
    ['ExpiredToken', 'ExpiredToken', /^the AWS credentials were refused in us-east-1, RDS DescribeDBClusters \(ExpiredToken\): refresh them/],
  ])('explains %s with what to do', async (_name, code, message) => {
    const configure = (client: object) => {
      if (client instanceof STSClient) serveFromMemory(client, { GetCallerIdentity: () => ({ Account: '111122223333' }) });
      if (client instanceof RDSClient || client instanceof DatabaseMigrationServiceClient || client instanceof ConfigServiceClient) {
        serveFromMemory(client, {
          DescribeDBClusters: () => {
            throw new SimulatedServiceError(code, 'User: arn:aws:sts::111122223333:assumed-role/x is not authorized to perform: rds:DescribeDBClusters', 403);
          },
          DescribeDBInstances: () => ({}),
        });
      }
    };
    const failure = scanAccount({ regions: ['us-east-1'], clients: { credentials: simulatedCredentials, configure, maxAttempts: 1 } });
    await expect(failure).rejects.toBeInstanceOf(ScanIncompleteError);
    const error = (await failure.catch((e: unknown) => e)) as ScanIncompleteError;
    expect(error.failures).toHaveLength(1);
    expect(error.failures[0]).toBeInstanceOf(AwsAccessError);
    expect(error.message).toMatch(message);
  });

  it('takes regions from the options or AWS_REGION, and rejects names that are not regions', () => {
    expect(resolveRegions(['us-east-1,eu-west-1', 'eu-west-1'])).toEqual(['us-east-1', 'eu-west-1']);
    expect(resolveRegions([])).toEqual(['us-east-1']);
    // The SDK's partition data decides, not a pattern: well-formed but unknown names are refused too.
    expect(() => resolveRegions(['mars-1'])).toThrow(/^unknown region mars-1: not a region of any AWS partition known to this SDK; /);
    expect(() => resolveRegions(['us-eest-1'])).toThrow(/^unknown region us-eest-1: .*\(did you mean us-east-1\?\)/);
    expect(() => resolveRegions(['eu-north-9'])).toThrow(/^unknown region eu-north-9/);
    expect(resolveRegions(['cn-north-1', 'us-gov-west-1', 'eu-south-2'])).toEqual(['cn-north-1', 'us-gov-west-1', 'eu-south-2']);
  });
});
