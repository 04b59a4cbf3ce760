import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { DescribeDBClustersCommand as NeptuneDescribeDBClustersCommand } from '@aws-sdk/client-neptune';
import { DescribeEndpointsCommand, ListTagsForResourceCommand, ModifyEndpointCommand } from '@aws-sdk/client-database-migration-service';
import type { DBCluster } from '@aws-sdk/client-rds';
import { SimulatedAccount } from '../../sim/account';
import { iamAuthMinimumVersion, MINIMUM_VERSIONS } from '../../rules/kit';
import { accountWith, cluster, CLUSTER_ID, DBI_ID, endpoint, ENDPOINT_ARN, instance, ROLE } from '../remediations/helpers';

const engines = ['neptune', 'aurora-mysql', 'docdb', 'aurora-postgresql', 'neptune'];
function mixedAccount(): SimulatedAccount {
  return accountWith({
    clusters: engines.map((engine, i) => cluster({ DBClusterIdentifier: `c${i}`, DbClusterResourceId: `cluster-${i}`, Engine: engine })),
  });
}

describe('describe', () => {
  it('returns every engine through both the RDS and the Neptune API, as AWS does', async () => {
    const account = mixedAccount();
    const rds = await account.rdsClient().send(new DescribeDBClustersCommand({}));
    const neptune = await account.neptuneClient().send(new NeptuneDescribeDBClustersCommand({}));
    expect(rds.DBClusters?.map((c) => c.Engine)).toEqual(engines);
    expect(neptune.DBClusters?.map((c) => c.Engine)).toEqual(engines);
    expect(account.calls.map((c) => `${c.service}:${c.operation}`)).toEqual(['rds:DescribeDBClusters', 'neptune:DescribeDBClusters']);
  });

  it.each([
    [[{ Name: 'engine', Values: ['NEPTUNE'] }], ['c0', 'c4']],
    [[{ Name: 'engine', Values: ['docdb', 'aurora-mysql'] }], ['c1', 'c2']],
    [[{ Name: 'db-cluster-resource-id', Values: ['cluster-3'] }], ['c3']],
    [[{ Name: 'db-cluster-id', Values: ['C2', `arn:aws:rds:us-east-1:111122223333:cluster:c4`] }], ['c2', 'c4']],
    [[{ Name: 'db-cluster-id', Values: ['c1'] }, { Name: 'engine', Values: ['neptune'] }], []],
    [[{ Name: 'db-cluster-resource-id', Values: ['cluster-none'] }], []],
  ])('filters clusters by %j', async (Filters, expected) => {
    const page = await mixedAccount().rdsClient().send(new DescribeDBClustersCommand({ Filters }));
    expect(page.DBClusters?.map((c) => c.DBClusterIdentifier)).toEqual(expected);
  });

  it.each([
    [[{ Name: 'dbi-resource-id', Values: [DBI_ID] }], ['shop']],
    [[{ Name: 'db-cluster-id', Values: ['orders'] }], ['orders-1']],
    [[{ Name: 'engine', Values: ['mysql'] }], ['shop']],
  ])('filters instances by %j', async (Filters, expected) => {
    const account = accountWith({
      instances: [instance(), instance({ DBInstanceIdentifier: 'orders-1', DbiResourceId: 'db-X', Engine: 'aurora-mysql', DBClusterIdentifier: 'orders' })],
    });
    const page = await account.rdsClient().send(new DescribeDBInstancesCommand({ Filters }));
    expect(page.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(expected);
  });

  it.each([
    [{ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] }, 'InvalidParameterValue'],
    [{ MaxRecords: 19 }, 'InvalidParameterValue'],
    [{ MaxRecords: 101 }, 'InvalidParameterValue'],
    [{ Marker: 'bogus' }, 'InvalidParameterValue'],
    [{ DBClusterIdentifier: 'missing' }, 'DBClusterNotFoundFault'],
  ])('rejects %j with %s', async (input, error) => {
    await expect(mixedAccount().rdsClient().send(new DescribeDBClustersCommand(input))).rejects.toMatchObject({ name: error });
  });

  it('pages 10,000 clusters in pages of 100 with one call a page, each cluster once', async () => {
    const account = new SimulatedAccount();
    for (let i = 0; i < 10_000; i += 1) {
      account.addCluster({ DBClusterIdentifier: `c${i}`, DbClusterResourceId: `cluster-${i}`, Engine: i % 2 ? 'neptune' : 'aurora-mysql' });
    }
    const seen: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await account.rdsClient().send(new DescribeDBClustersCommand({ Marker }));
      seen.push(...(page.DBClusters ?? []).map((c) => c.DBClusterIdentifier ?? ''));
      Marker = page.Marker;
    } while (Marker);
    expect(seen).toHaveLength(10_000);
    expect(new Set(seen).size).toBe(10_000);
    expect(account.calls).toHaveLength(100);
  });

  it('pages a filtered listing by the rows it scans, never past a page', async () => {
    const account = new SimulatedAccount();
    for (let i = 0; i < 250; i += 1) account.addCluster({ DBClusterIdentifier: `c${i}`, DbClusterResourceId: `cluster-${i}`, Engine: i < 10 ? 'neptune' : 'docdb' });
    const first = await account.rdsClient().send(new DescribeDBClustersCommand({ MaxRecords: 20, Filters: [{ Name: 'engine', Values: ['docdb'] }] }));
    expect(first.DBClusters?.map((c) => c.DBClusterIdentifier)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i + 10}`));
    expect(first.Marker).toBeDefined();
  });

  it('lists manual and automated snapshots by type and engine', async () => {
    const account = new SimulatedAccount();
    account.addClusterSnapshot({ DBClusterSnapshotIdentifier: 'm', Engine: 'neptune', SnapshotType: 'manual' });
    account.addClusterSnapshot({ DBClusterSnapshotIdentifier: 'rds:a', Engine: 'neptune', SnapshotType: 'automated' });
    account.addClusterSnapshot({ DBClusterSnapshotIdentifier: 'x', Engine: 'aurora-mysql', SnapshotType: 'manual' });
    const ids = async (input: object) => (await account.rdsClient().send(new DescribeDBClusterSnapshotsCommand(input))).DBClusterSnapshots?.map((s) => s.DBClusterSnapshotIdentifier);
    expect(await ids({})).toEqual(['m', 'rds:a', 'x']);
    expect(await ids({ SnapshotType: 'automated' })).toEqual(['rds:a']);
    expect(await ids({ Filters: [{ Name: 'snapshot-type', Values: ['manual'] }, { Name: 'engine', Values: ['neptune'] }] })).toEqual(['m']);
    expect(await ids({ Filters: [{ Name: 'db-cluster-snapshot-id', Values: ['rds:a'] }] })).toEqual(['rds:a']);
  });
});

describe('modify', () => {
  it('shows a cluster modifying, with the pending value, for a few describes before applying it', async () => {
    const account = accountWith({ clusters: [cluster()] });
    const client = account.rdsClient();
    const modified = await client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'graph', EnableIAMDatabaseAuthentication: true }));
    expect(modified.DBCluster).toMatchObject({ Status: 'modifying', IAMDatabaseAuthenticationEnabled: false, PendingModifiedValues: { IAMDatabaseAuthenticationEnabled: true } });
    const states: (DBCluster | undefined)[] = [];
    for (let i = 0; i < 3; i += 1) states.push((await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'graph' }))).DBClusters?.[0]);
    expect(states.map((c) => [c?.Status, c?.IAMDatabaseAuthenticationEnabled])).toEqual([
      ['modifying', false],
      ['modifying', false],
      ['available', true],
    ]);
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'graph', BackupRetentionPeriod: 7 }))).resolves.toBeDefined();
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'graph', BackupRetentionPeriod: 8 }))).rejects.toMatchObject({
      name: 'InvalidDBClusterStateFault',
    });
  });

  it.each([
    [{ DBClusterIdentifier: 'nope', DeletionProtection: true }, 'DBClusterNotFoundFault'],
    [{ DBClusterIdentifier: 'graph', BackupRetentionPeriod: 0 }, 'InvalidParameterValue'],
    [{ DBClusterIdentifier: 'graph', BackupRetentionPeriod: 36 }, 'InvalidParameterValue'],
    [{ DBClusterIdentifier: 'graph', CloudwatchLogsExportConfiguration: { EnableLogTypes: ['postgresql'] } }, 'InvalidParameterCombination'],
    [{ DBClusterIdentifier: 'docs', EnableIAMDatabaseAuthentication: true }, 'InvalidParameterCombination'],
  ])('rejects ModifyDBCluster %j with %s', async (input, error) => {
    const account = accountWith({ clusters: [cluster(), cluster({ DBClusterIdentifier: 'docs', DbClusterResourceId: 'cluster-D', Engine: 'docdb' })] });
    await expect(account.rdsClient().send(new ModifyDBClusterCommand(input))).rejects.toMatchObject({ name: error });
  });

  it('keeps instance changes pending without ApplyImmediately, and applies them all with it', async () => {
    const account = accountWith({ instances: [instance()] });
    const client = account.rdsClient();
    await client.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'shop', DBInstanceClass: 'db.r6g.large' }));
    expect(account.instance(DBI_ID)).toMatchObject({ DBInstanceStatus: 'available', DBInstanceClass: 'db.t4g.medium', PendingModifiedValues: { DBInstanceClass: 'db.r6g.large' } });
    await client.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'shop', EnableIAMDatabaseAuthentication: true, ApplyImmediately: true }));
    expect(account.instance(DBI_ID)?.DBInstanceStatus).toBe('modifying');
    account.settle();
    expect(account.instance(DBI_ID)).toMatchObject({ DBInstanceStatus: 'available', DBInstanceClass: 'db.r6g.large', IAMDatabaseAuthenticationEnabled: true, PendingModifiedValues: {} });
  });

  it.each([
    [instance({ DBClusterIdentifier: 'orders', Engine: 'aurora-mysql' }), 'InvalidParameterCombination'],
    [instance({ Engine: 'oracle-ee' }), 'InvalidParameterCombination'],
    [instance({ DBInstanceStatus: 'stopped' }), 'InvalidDBInstanceStateFault'],
  ])('rejects IAM authentication on %j with %s', async (seeded, error) => {
    const account = accountWith({ instances: [seeded] });
    await expect(
      account.rdsClient().send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'shop', EnableIAMDatabaseAuthentication: true, ApplyImmediately: true })),
    ).rejects.toMatchObject({ name: error });
  });

  /** For every line of the rules' table: its minimum (accepted) and the version before it (refused). */
  const versionCases = Object.entries(MINIMUM_VERSIONS).flatMap(([engine, lines]) =>
    lines.flatMap(([, minimum]) => {
      const parts = minimum.split('.');
      const below = [...parts.slice(0, -1), String(Number(parts[parts.length - 1]) - 1)].join('.');
      return [minimum, below, `${below}.7`].map((version) => [engine, version, iamAuthMinimumVersion(engine, version) !== undefined] as const);
    }),
  );

  it.each(versionCases)('answers IAM authentication on a %s %s instance as AWS does (refused: %s), agreeing with the rules', async (engine, version, refused) => {
    const account = accountWith({ instances: [instance({ Engine: engine, EngineVersion: version })] });
    const modify = account.rdsClient().send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'shop', EnableIAMDatabaseAuthentication: true, ApplyImmediately: true }));
    if (refused) await expect(modify).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    else await expect(modify).resolves.toBeDefined();
  });

  it.each([
    ['an Aurora Serverless v1 cluster', cluster({ Engine: 'aurora-mysql', EngineVersion: '5.7.mysql_aurora.2.11.4', EngineMode: 'serverless' })],
    ['a Multi-AZ DB cluster of MySQL 5.7.12', cluster({ Engine: 'mysql', EngineVersion: '5.7.12' })],
  ])('rejects IAM authentication on %s with InvalidParameterCombination', async (_what, seeded) => {
    const account = accountWith({ clusters: [seeded] });
    await expect(
      account.rdsClient().send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'graph', EnableIAMDatabaseAuthentication: true, ApplyImmediately: true })),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    expect(account.cluster(CLUSTER_ID)).toMatchObject({ Status: 'available', IAMDatabaseAuthenticationEnabled: false });
  });

  it.each([['aurora-postgresql'], ['mysql']])(
    'keeps IAM authentication of a %s cluster pending without ApplyImmediately, until the maintenance window',
    async (engine) => {
      const account = accountWith({ clusters: [cluster({ Engine: engine, EngineVersion: engine === 'mysql' ? '8.0.35' : '16.4' })] });
      const client = account.rdsClient();
      const modified = await client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'graph', EnableIAMDatabaseAuthentication: true }));
      expect(modified.DBCluster).toMatchObject({ Status: 'available', IAMDatabaseAuthenticationEnabled: false, PendingModifiedValues: { IAMDatabaseAuthenticationEnabled: true } });
      account.settle();
      expect(account.cluster(CLUSTER_ID)).toMatchObject({ Status: 'available', IAMDatabaseAuthenticationEnabled: false });
      account.runMaintenanceWindow();
      expect(account.cluster(CLUSTER_ID)).toMatchObject({ IAMDatabaseAuthenticationEnabled: true, PendingModifiedValues: undefined });
    },
  );

  it('applies IAM authentication of an Aurora cluster at once with ApplyImmediately, and a Neptune cluster\'s whatever it says', async () => {
    const account = accountWith({
      clusters: [cluster({ Engine: 'aurora-mysql' }), cluster({ DBClusterIdentifier: 'graph2', DbClusterResourceId: 'cluster-N', Engine: 'neptune' })],
    });
    const client = account.rdsClient();
    const aurora = await client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'graph', EnableIAMDatabaseAuthentication: true, ApplyImmediately: true }));
    const neptune = await client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'graph2', EnableIAMDatabaseAuthentication: true, ApplyImmediately: false }));
    expect([aurora.DBCluster?.Status, neptune.DBCluster?.Status]).toEqual(['modifying', 'modifying']);
    account.settle();
    expect([account.cluster('graph'), account.cluster('graph2')].map((c) => [c?.IAMDatabaseAuthenticationEnabled, c?.PendingModifiedValues])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
  });

  it.each([
    [{ ValuesToAdd: ['444455556666'] }, 'rds:auto', 'InvalidDBClusterSnapshotStateFault'],
    [{ ValuesToAdd: ['not-an-account'] }, 'manual', 'InvalidParameterValue'],
    [{ ValuesToAdd: Array.from({ length: 21 }, (_, i) => String(100000000000 + i)) }, 'manual', 'SharedSnapshotQuotaExceededFault'],
  ])('rejects sharing %j of a snapshot %s with %s', async (change, id, error) => {
    const account = new SimulatedAccount();
    account.addClusterSnapshot({ DBClusterSnapshotIdentifier: 'manual', Engine: 'neptune' });
    account.addClusterSnapshot({ DBClusterSnapshotIdentifier: 'rds:auto', Engine: 'neptune', SnapshotType: 'automated' });
    await expect(
      account.rdsClient().send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: id, AttributeName: 'restore', ...change })),
    ).rejects.toMatchObject({ name: error });
  });
});

describe('DMS', () => {
  const account = (): SimulatedAccount =>
    accountWith({
      endpoints: [
        { endpoint: endpoint(), tags: [{ Key: 'team', Value: 'graph' }] },
        { endpoint: { EndpointIdentifier: 'orders-source', EndpointType: 'source', EngineName: 'MySQL' } },
      ],
    });

  it.each([
    [[{ Name: 'endpoint-arn', Values: [ENDPOINT_ARN] }], ['graph-target']],
    [[{ Name: 'endpoint-id', Values: ['orders-source'] }], ['orders-source']],
    [[{ Name: 'engine-name', Values: ['mysql'] }], ['orders-source']],
    [[{ Name: 'endpoint-type', Values: ['TARGET'] }], ['graph-target']],
  ])('filters endpoints by %j', async (Filters, expected) => {
    const page = await account().dmsClient().send(new DescribeEndpointsCommand({ Filters }));
    expect(page.Endpoints?.map((e) => e.EndpointIdentifier)).toEqual(expected);
  });

  it('answers a filter that matches nothing with ResourceNotFoundFault', async () => {
    await expect(account().dmsClient().send(new DescribeEndpointsCommand({ Filters: [{ Name: 'endpoint-id', Values: ['none'] }] }))).rejects.toMatchObject({
      name: 'ResourceNotFoundFault',
    });
  });

  it('lists tags one endpoint at a time or a page at a time', async () => {
    const a = account();
    expect((await a.dmsClient().send(new ListTagsForResourceCommand({ ResourceArn: ENDPOINT_ARN }))).TagList).toEqual([{ Key: 'team', Value: 'graph' }]);
    expect((await a.dmsClient().send(new ListTagsForResourceCommand({ ResourceArnList: [ENDPOINT_ARN] }))).TagList).toEqual([
      { Key: 'team', Value: 'graph', ResourceArn: ENDPOINT_ARN },
    ]);
  });

  it.each([
    [{ IamAuthEnabled: true } as never, 'InvalidParameterValueException', /S3BucketName and S3BucketFolder/],
    [{ S3BucketName: 'b', IamAuthEnabled: true } as never, 'InvalidParameterValueException', /S3BucketFolder/],
  ])('rejects NeptuneSettings %j as the API model does', async (NeptuneSettings, error, message) => {
    await expect(account().dmsClient().send(new ModifyEndpointCommand({ EndpointArn: ENDPOINT_ARN, NeptuneSettings }))).rejects.toMatchObject({
      name: error,
      message: expect.stringMatching(message) as unknown,
    });
  });

  it('merges NeptuneSettings unless ExactSettings is true', async () => {
    const merged = account();
    await merged.dmsClient().send(new ModifyEndpointCommand({ EndpointArn: ENDPOINT_ARN, NeptuneSettings: { S3BucketName: 'b2', S3BucketFolder: 'f2' } }));
    expect(merged.endpoint(ENDPOINT_ARN)?.NeptuneSettings).toMatchObject({ ServiceAccessRoleArn: ROLE, S3BucketName: 'b2', MaxRetryCount: 7 });
    const exact = account();
    await exact.dmsClient().send(new ModifyEndpointCommand({ EndpointArn: ENDPOINT_ARN, ExactSettings: true, NeptuneSettings: { S3BucketName: 'b2', S3BucketFolder: 'f2' } }));
    expect(exact.endpoint(ENDPOINT_ARN)?.NeptuneSettings).toEqual({ S3BucketName: 'b2', S3BucketFolder: 'f2', ErrorRetryDuration: 250, MaxFileSize: 1048576, MaxRetryCount: 5, IamAuthEnabled: false });
  });

  it('refuses IAM authorization without a service access role', async () => {
    const a = accountWith({ endpoints: [{ endpoint: endpoint({ NeptuneSettings: { S3BucketName: 'b', S3BucketFolder: 'f' } }) }] });
    await expect(
      a.dmsClient().send(new ModifyEndpointCommand({ EndpointArn: ENDPOINT_ARN, NeptuneSettings: { S3BucketName: 'b', S3BucketFolder: 'f', IamAuthEnabled: true } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
  });
});

describe('throttling and the call log', () => {
  it('fails every Nth call with ThrottlingException, which the SDK retries, and logs every attempt', async () => {
    const noDelay = {
      mode: 'standard',
      acquireInitialRetryToken: () => Promise.resolve({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
      refreshRetryTokenForRetry: (token: { getRetryCount: () => number }, error: { errorType: string }) =>
        error.errorType === 'THROTTLING' && token.getRetryCount() < 3
          ? Promise.resolve({ getRetryCount: () => token.getRetryCount() + 1, getRetryDelay: () => 0 })
          : Promise.reject(new Error('no retry')),
      recordSuccess: () => undefined,
    };
    const account = new SimulatedAccount({ throttleEveryNth: 2, clientConfig: { retryStrategy: noDelay } });
    account.addCluster(cluster());
    const client = account.rdsClient();
    for (let i = 0; i < 3; i += 1) await client.send(new DescribeDBClustersCommand({ Filters: [{ Name: 'db-cluster-resource-id', Values: [CLUSTER_ID] }] }));
    // Calls 2 and 4 were throttled and retried: five attempts for three requests.
    expect(account.calls.map((c) => c.operation)).toEqual(Array(5).fill('DescribeDBClusters'));
  });
});
