import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import type { Evaluation } from '@aws-sdk/client-config-service';
import { DescribeDBClusterSnapshotAttributesCommand, DescribeDBClusterSnapshotsCommand, DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import type { Endpoint } from '@aws-sdk/client-database-migration-service';
import { DatabaseMigrationServiceClient, DescribeEndpointsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-database-migration-service';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory, makeRuleHandler, silentLogger } from '../../rules/kit/runtime';
import { ruleOf } from './fixtures';
import { describedAuroraCluster, describedNeptuneCluster, describedNeptuneSnapshot, restoreAttribute } from './api';

/** Periodic runs read the SDK's shapes: the verdicts must be those of the change-triggered path. */

const rds = mockClient(RDSClient);
const config = mockClient(ConfigServiceClient);
const dms = mockClient(DatabaseMigrationServiceClient);
const scheduled = () => JSON.parse(readFileSync(path.join(__dirname, '../fixtures/scheduled.event.json'), 'utf8')) as Record<string, unknown>;

async function sweepWith(ruleId: string, event = scheduled()): Promise<[string | undefined, string | undefined, string | undefined][]> {
  const put: Evaluation[] = [];
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  config.on(PutEvaluationsCommand).callsFake((input: { Evaluations?: Evaluation[] }) => {
    put.push(...(input.Evaluations ?? []));
    return { FailedEvaluations: [] };
  });
  const factory = new ClientFactory({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  await makeRuleHandler(ruleOf(ruleId), { factory, log: silentLogger, sleep: () => Promise.resolve() })(event);
  return put.map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation]);
}

beforeEach(() => {
  rds.reset();
  config.reset();
  dms.reset();
});

describe('periodic sweep of cluster snapshots', () => {
  it('reads the sharing of judged snapshots only (manual Neptune ones), and judges each', async () => {
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({
      DBClusterSnapshots: [
        describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: 'graph-manual-1' }),
        describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: 'graph-manual-4' }),
        describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: 'rds:graph-legacy-2025-06-01-04-48', SnapshotType: 'automated' }),
        describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: 'orders-manual', Engine: 'aurora-mysql' }),
      ],
    });
    const sharing: Record<string, string[]> = { 'graph-manual-1': ['210987654321', 'all'], 'graph-manual-4': ['210987654321'], 'orders-manual': ['all'] };
    rds.on(DescribeDBClusterSnapshotAttributesCommand).callsFake((input: { DBClusterSnapshotIdentifier: string }) => ({
      DBClusterSnapshotAttributesResult: {
        DBClusterSnapshotIdentifier: input.DBClusterSnapshotIdentifier,
        DBClusterSnapshotAttributes: restoreAttribute(...(sharing[input.DBClusterSnapshotIdentifier] ?? [])),
      },
    }));

    const verdicts = await sweepWith('neptune-cluster-snapshot-public-prohibited');

    expect(verdicts).toEqual([
      [
        'graph-manual-1',
        'NON_COMPLIANT',
        'Neptune cluster snapshot graph-manual-1 is public: aws neptune modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier graph-manual-1 --attribute-name restore --values-to-remove all (shared accounts stay)',
      ],
      ['graph-manual-4', 'COMPLIANT', 'not public; shared with 1 account(s)'],
      ['rds:graph-legacy-2025-06-01-04-48', 'COMPLIANT', 'automated snapshot: automated snapshots cannot be shared'],
      ['orders-manual', 'NOT_APPLICABLE', 'aurora-mysql cluster snapshot: Neptune rules do not apply'],
    ]);
    expect(rds.commandCalls(DescribeDBClusterSnapshotAttributesCommand).map((call) => call.args[0].input.DBClusterSnapshotIdentifier)).toEqual([
      'graph-manual-1',
      'graph-manual-4',
    ]);
  });
});

describe('periodic sweep of clusters', () => {
  it('judges Neptune clusters and leaves the Aurora and DocumentDB ones that DescribeDBClusters also lists', async () => {
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        describedNeptuneCluster(),
        describedNeptuneCluster({ DBClusterIdentifier: 'graph-prod', DbClusterResourceId: 'cluster-NEPTUNEPRODAAAAAAAAAAAAAAAA', BackupRetentionPeriod: 14 }),
        describedAuroraCluster({ BackupRetentionPeriod: 1 }),
        describedNeptuneCluster({ DBClusterIdentifier: 'docs-orders', DbClusterResourceId: 'cluster-DOCDBORDERSCCCCCCCCCCCCCCCC', Engine: 'docdb' }),
      ],
    });
    const event = { ...scheduled(), ruleParameters: JSON.stringify({ minimumBackupRetentionPeriod: '14' }) };

    expect(await sweepWith('neptune-cluster-backup-retention-check', event)).toEqual([
      [
        'cluster-NEPTUNELEGACYBBBBBBBBBBBBBB',
        'NON_COMPLIANT',
        'Neptune cluster graph-legacy keeps backups 1 day, below the minimum of 14 days: aws neptune modify-db-cluster --db-cluster-identifier graph-legacy --backup-retention-period 14 --apply-immediately',
      ],
      ['cluster-NEPTUNEPRODAAAAAAAAAAAAAAAA', 'COMPLIANT', 'backups are kept 14 days (minimum 14 days)'],
      ['cluster-test', 'NOT_APPLICABLE', 'aurora-mysql cluster: Neptune rules do not apply'],
      ['cluster-DOCDBORDERSCCCCCCCCCCCCCCCC', 'NOT_APPLICABLE', 'docdb cluster: Neptune rules do not apply'],
    ]);
  });
});

describe('periodic sweep of DMS endpoints', () => {
  const endpoint = (id: string, engine: string) => ({
    EndpointIdentifier: id,
    EndpointArn: `arn:aws:dms:us-east-1:123456789012:endpoint:${id.toUpperCase()}`,
    // DescribeEndpoints returns it upper-case, though the SDK's type spells it lower-case (both are accepted).
    EndpointType: 'TARGET' as Endpoint['EndpointType'],
    EngineName: engine,
    ...(engine === 'neptune' ? { NeptuneSettings: { IamAuthEnabled: true, S3BucketName: 'b', S3BucketFolder: 'f', ServiceAccessRoleArn: 'arn:aws:iam::123456789012:role/dms' } } : {}),
  });

  it('reads tags only for the endpoints the rule judges, and skips the tag call for a page with none', async () => {
    dms
      .on(DescribeEndpointsCommand, { Marker: undefined })
      .resolves({ Endpoints: [endpoint('orders-mysql', 'mysql'), endpoint('graph-load', 'neptune')], Marker: 'p2' })
      .on(DescribeEndpointsCommand, { Marker: 'p2' })
      .resolves({ Endpoints: [endpoint('billing-postgres', 'postgres')] });
    dms.on(ListTagsForResourceCommand).resolves({ TagList: [{ ResourceArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:GRAPH-LOAD', Key: 'dbauth:exempt', Value: 'load test' }] });

    const verdicts = await sweepWith('dms-neptune-iam-authorization-enabled');

    expect(dms.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input.ResourceArnList)).toEqual([['arn:aws:dms:us-east-1:123456789012:endpoint:GRAPH-LOAD']]);
    expect(verdicts.map(([id, compliance]) => [id, compliance])).toEqual([
      ['arn:aws:dms:us-east-1:123456789012:endpoint:ORDERS-MYSQL', 'NOT_APPLICABLE'],
      ['arn:aws:dms:us-east-1:123456789012:endpoint:GRAPH-LOAD', 'NOT_APPLICABLE'],
      ['arn:aws:dms:us-east-1:123456789012:endpoint:BILLING-POSTGRES', 'NOT_APPLICABLE'],
    ]);
    expect(verdicts[1]?.[2]).toBe('exempt: load test');
  });
});
