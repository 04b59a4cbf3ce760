import type { DBCluster, DBClusterSnapshot, DBClusterSnapshotAttribute, DBInstance } from '@aws-sdk/client-rds';

/**
 * Describe* results as the SDK returns them to a periodic sweep (PascalCase, Dates), for the same
 * resources as the fixture events.
 */
export function describedNeptuneCluster(overrides: Partial<DBCluster> = {}): DBCluster {
  return {
    DBClusterIdentifier: 'graph-legacy',
    DbClusterResourceId: 'cluster-NEPTUNELEGACYBBBBBBBBBBBBBB',
    DBClusterArn: 'arn:aws:rds:us-east-2:123456789012:cluster:graph-legacy',
    Engine: 'neptune',
    EngineVersion: '1.3.2.1',
    EngineMode: 'provisioned',
    Status: 'available',
    MasterUsername: 'admin',
    StorageEncrypted: false,
    EnabledCloudwatchLogsExports: [],
    BackupRetentionPeriod: 1,
    MultiAZ: false,
    DeletionProtection: false,
    CopyTagsToSnapshot: false,
    IAMDatabaseAuthenticationEnabled: false,
    ClusterCreateTime: new Date('2022-02-21T18:41:07.743Z'),
    TagList: [],
    ...overrides,
  };
}

export function describedAuroraCluster(overrides: Partial<DBCluster> = {}): DBCluster {
  return {
    DBClusterIdentifier: 'test',
    DbClusterResourceId: 'cluster-test',
    Engine: 'aurora-mysql',
    EngineVersion: '5.7.mysql_aurora.2.07.2',
    EngineMode: 'provisioned',
    Status: 'available',
    MasterUsername: 'admin',
    StorageEncrypted: true,
    KmsKeyId: 'arn:aws:kms:us-east-2:123456789012:key/test',
    IAMDatabaseAuthenticationEnabled: false,
    ClusterCreateTime: new Date('2022-02-21T18:41:07.743Z'),
    ...overrides,
  };
}

export function describedInstance(overrides: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: 'shop-mysql',
    DbiResourceId: 'db-SHOPMYSQLFFFFFFFFFFFFFFFFF',
    Engine: 'mysql',
    EngineVersion: '8.0.35',
    DBInstanceStatus: 'available',
    MasterUsername: 'admin',
    IAMDatabaseAuthenticationEnabled: false,
    InstanceCreateTime: new Date('2017-10-28T15:25:58.412Z'),
    ...overrides,
  };
}

export function describedNeptuneSnapshot(overrides: Partial<DBClusterSnapshot> = {}): DBClusterSnapshot {
  return {
    DBClusterSnapshotIdentifier: 'graph-manual-1',
    DBClusterIdentifier: 'database-1',
    Engine: 'neptune',
    SnapshotType: 'manual',
    Status: 'available',
    StorageEncrypted: true,
    KmsKeyId: 'arn:aws:kms:us-east-2:123456789012:key/test',
    SnapshotCreateTime: new Date('2022-02-21T18:45:31.883Z'),
    ...overrides,
  };
}

/** DescribeDBClusterSnapshotAttributes' DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes. */
export const restoreAttribute = (...values: string[]): DBClusterSnapshotAttribute[] => [{ AttributeName: 'restore', AttributeValues: values }];
