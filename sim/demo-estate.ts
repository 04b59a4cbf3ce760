/**
 * The built-in demo account (111122223333, us-east-1): a realistic mix of Neptune, Aurora, DocumentDB and
 * RDS databases and DMS endpoints, with for every rule of the catalog resources that are compliant, not
 * compliant and not applicable. Every non-compliant resource of a fixable check can be fixed by its
 * runbook; the ones a runbook must refuse carry the exemption tag, with the reason.
 */
import type { DBCluster, DBClusterSnapshotAttribute, DBInstance } from '@aws-sdk/client-rds';
import type { Endpoint } from '@aws-sdk/client-database-migration-service';
import { SimulatedAccount } from './account';
import type { SimulatedAccountOptions } from './account';

export const DEMO_ACCOUNT_ID = '111122223333';
export const DEMO_REGION = 'us-east-1';

const arn = (service: string, resource: string): string => `arn:aws:${service}:${DEMO_REGION}:${DEMO_ACCOUNT_ID}:${resource}`;
const KMS_KEY = arn('kms', 'key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d');
const DMS_ROLE = `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/dms-neptune-loader`;
const created = new Date('2025-03-14T09:26:53Z');

function neptuneCluster(id: string, resourceId: string, settings: Partial<DBCluster>): DBCluster {
  return {
    DBClusterIdentifier: id,
    DbClusterResourceId: resourceId,
    Engine: 'neptune',
    EngineVersion: '1.3.2.1',
    EngineMode: 'provisioned',
    Status: 'available',
    MasterUsername: 'admin',
    Port: 8182,
    Endpoint: `${id}.cluster-cxyzabc12345.${DEMO_REGION}.neptune.amazonaws.com`,
    ClusterCreateTime: created,
    StorageEncrypted: true,
    KmsKeyId: KMS_KEY,
    IAMDatabaseAuthenticationEnabled: true,
    EnabledCloudwatchLogsExports: ['audit'],
    BackupRetentionPeriod: 7,
    DeletionProtection: true,
    CopyTagsToSnapshot: true,
    MultiAZ: true,
    DBClusterMembers: [{ DBInstanceIdentifier: `${id}-instance-1`, IsClusterWriter: true }],
    TagList: [{ Key: 'team', Value: 'graph' }],
    ...settings,
  };
}

function instance(id: string, resourceId: string, engine: string, settings: Partial<DBInstance>): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DbiResourceId: resourceId,
    Engine: engine,
    DBInstanceClass: 'db.r6g.large',
    DBInstanceStatus: 'available',
    MasterUsername: 'admin',
    InstanceCreateTime: created,
    IAMDatabaseAuthenticationEnabled: false,
    StorageEncrypted: true,
    PendingModifiedValues: {},
    TagList: [],
    ...settings,
  };
}

function neptuneEndpoint(id: string, suffix: string, settings: Endpoint['NeptuneSettings']): Endpoint {
  return {
    EndpointIdentifier: id,
    EndpointArn: arn('dms', `endpoint:${suffix}`),
    EndpointType: 'TARGET' as Endpoint['EndpointType'], // AWS answers in upper case; the SDK's enum is lower case
    EngineName: 'neptune',
    EngineDisplayName: 'Amazon Neptune',
    ServerName: `${id}.cluster-cxyzabc12345.${DEMO_REGION}.neptune.amazonaws.com`,
    Port: 8182,
    SslMode: 'require',
    Status: 'active',
    NeptuneSettings: settings,
  };
}

const PRIVATE: DBClusterSnapshotAttribute[] = [{ AttributeName: 'restore', AttributeValues: [] }];

/** A fresh demo account, seeded; each call returns an independent copy. */
export function demoEstate(options: Omit<SimulatedAccountOptions, 'accountId' | 'region'> = {}): SimulatedAccount {
  const account = new SimulatedAccount({ ...options, accountId: DEMO_ACCOUNT_ID, region: DEMO_REGION });

  // Neptune: one cluster right in every respect, one wrong in every respect, two in between, one exempt.
  account.addCluster(neptuneCluster('graph-prod', 'cluster-7QZ3K5M2XW4N8R6T1Y9P0A2B3C', { BackupRetentionPeriod: 14 }));
  account.addCluster(
    neptuneCluster('graph-dev', 'cluster-H4J6L8N0P2R4T6V8X0Z2B4D6F8', {
      IAMDatabaseAuthenticationEnabled: false,
      StorageEncrypted: false,
      KmsKeyId: undefined,
      EnabledCloudwatchLogsExports: undefined,
      BackupRetentionPeriod: 1,
      DeletionProtection: false,
      CopyTagsToSnapshot: false,
      MultiAZ: false,
      TagList: [{ Key: 'team', Value: 'graph' }, { Key: 'env', Value: 'dev' }],
    }),
  );
  account.addCluster(
    neptuneCluster('graph-staging', 'cluster-QW3E5R7T9Y1U3I5O7P9A1S3D5F', {
      EnabledCloudwatchLogsExports: ['slowquery'],
      CopyTagsToSnapshot: false,
      MultiAZ: false,
    }),
  );
  account.addCluster(
    neptuneCluster('graph-recommendations', 'cluster-ZX2C4V6B8N0M2L4K6J8H0G2F4D', {
      BackupRetentionPeriod: 3,
      DeletionProtection: false,
      TagList: [],
    }),
  );
  account.addCluster(
    neptuneCluster('graph-legacy', 'cluster-M1N3B5V7C9X1Z3L5K7J9H1G3F5', {
      IAMDatabaseAuthenticationEnabled: false,
      TagList: [{ Key: 'dbauth:exempt', Value: 'legacy Gremlin loader cannot sign requests; retired in Q3 (ticket GRAPH-412)' }],
    }),
  );

  // Aurora, DocumentDB and a Multi-AZ DB cluster, which the RDS and Neptune APIs list alongside Neptune.
  account.addCluster({
    DBClusterIdentifier: 'orders-aurora',
    DbClusterResourceId: 'cluster-A1B2C3D4E5F6G7H8I9J0K1L2M3',
    Engine: 'aurora-mysql',
    EngineVersion: '8.0.mysql_aurora.3.05.2',
    EngineMode: 'provisioned',
    Status: 'available',
    MasterUsername: 'admin',
    IAMDatabaseAuthenticationEnabled: false,
    StorageEncrypted: true,
    KmsKeyId: KMS_KEY,
    BackupRetentionPeriod: 7,
    DeletionProtection: true,
    CopyTagsToSnapshot: true,
    DBClusterMembers: [{ DBInstanceIdentifier: 'orders-aurora-instance-1', IsClusterWriter: true }],
    TagList: [{ Key: 'team', Value: 'orders' }],
  });
  account.addCluster({
    DBClusterIdentifier: 'billing-aurora-pg',
    DbClusterResourceId: 'cluster-N4O5P6Q7R8S9T0U1V2W3X4Y5Z6',
    Engine: 'aurora-postgresql',
    EngineVersion: '15.4',
    EngineMode: 'provisioned',
    Status: 'available',
    MasterUsername: 'billing_owner',
    IAMDatabaseAuthenticationEnabled: true,
    StorageEncrypted: true,
    KmsKeyId: KMS_KEY,
    BackupRetentionPeriod: 14,
    DeletionProtection: true,
    TagList: [{ Key: 'team', Value: 'billing' }],
  });
  account.addCluster({
    DBClusterIdentifier: 'ledger-mysql-maz',
    DbClusterResourceId: 'cluster-B7C8D9E0F1G2H3I4J5K6L7M8N9',
    Engine: 'mysql',
    EngineVersion: '8.0.35',
    Status: 'available',
    MasterUsername: 'ledger_admin',
    IAMDatabaseAuthenticationEnabled: false,
    StorageEncrypted: true,
    BackupRetentionPeriod: 7,
    DBClusterMembers: [{ DBInstanceIdentifier: 'ledger-mysql-maz-instance-1', IsClusterWriter: true }],
    TagList: [],
  });
  account.addCluster({
    DBClusterIdentifier: 'catalog-docdb',
    DbClusterResourceId: 'cluster-D0C0DB5T1U2V3W4X5Y6Z7A8B9C',
    Engine: 'docdb',
    EngineVersion: '5.0.0',
    Status: 'available',
    MasterUsername: 'root',
    IAMDatabaseAuthenticationEnabled: false,
    StorageEncrypted: false,
    BackupRetentionPeriod: 1,
    DeletionProtection: false,
    TagList: [{ Key: 'team', Value: 'catalog' }],
  });

  // Instances: standalone MySQL, PostgreSQL, MariaDB and Oracle, and members of the clusters above.
  account.addInstance(instance('shop-mysql', 'db-K2M4P6R8T0V2X4Z6B8D0F2H4J6', 'mysql', { EngineVersion: '8.0.36', MasterUsername: 'admin' }));
  account.addInstance(
    instance('reports-postgres', 'db-L3N5Q7S9U1W3Y5A7C9E1G3I5K7', 'postgres', {
      EngineVersion: '16.2',
      MasterUsername: 'postgres',
      IAMDatabaseAuthenticationEnabled: true,
    }),
  );
  account.addInstance(
    instance('wiki-mariadb', 'db-M4O6R8T0V2X4Z6B8D0F2H4J6L8', 'mariadb', { EngineVersion: '10.11.6', MasterUsername: 'wiki_owner' }),
  );
  account.addInstance(
    instance('legacy-mysql', 'db-N5P7S9U1W3Y5A7C9E1G3I5K7M9', 'mysql', {
      EngineVersion: '5.7.44',
      MasterUsername: 'root',
      IAMDatabaseAuthenticationEnabled: true,
    }),
  );
  account.addInstance(
    instance('analytics-postgres', 'db-O6Q8T0V2X4Z6B8D0F2H4J6L8N0', 'postgres', {
      EngineVersion: '15.6',
      MasterUsername: 'analytics',
      IAMDatabaseAuthenticationEnabled: false,
      TagList: [{ Key: 'dbauth:exempt', Value: 'vendor BI tool supports password authentication only' }],
    }),
  );
  account.addInstance(
    instance('erp-oracle', 'db-P7R9U1W3Y5A7C9E1G3I5K7M9O1', 'oracle-ee', { EngineVersion: '19.0.0.0.ru-2024-01.rur-2024-01.r1', MasterUsername: 'erp_owner' }),
  );
  account.addInstance(
    instance('graph-prod-instance-1', 'db-Q8S0V2X4Z6B8D0F2H4J6L8N0P2', 'neptune', {
      DBClusterIdentifier: 'graph-prod',
      EngineVersion: '1.3.2.1',
      DBInstanceClass: 'db.r6g.xlarge',
    }),
  );
  account.addInstance(
    instance('orders-aurora-instance-1', 'db-R9T1W3Y5A7C9E1G3I5K7M9O1Q3', 'aurora-mysql', {
      DBClusterIdentifier: 'orders-aurora',
      EngineVersion: '8.0.mysql_aurora.3.05.2',
    }),
  );
  account.addInstance(
    instance('ledger-mysql-maz-instance-1', 'db-S0U2X4Z6B8D0F2H4J6L8N0P2R4', 'mysql', {
      DBClusterIdentifier: 'ledger-mysql-maz',
      EngineVersion: '8.0.35',
      MasterUsername: 'ledger_admin',
    }),
  );
  account.addInstance(
    instance('catalog-docdb-instance-1', 'db-T1V3Y5A7C9E1G3I5K7M9O1Q3S5', 'docdb', { DBClusterIdentifier: 'catalog-docdb', MasterUsername: 'root' }),
  );

  // Cluster snapshots: private, public (shared with a partner account too), automated, exempt, and Aurora.
  const snapshot = (id: string, cluster: string, engine: string, type: 'manual' | 'automated', encrypted: boolean) => ({
    DBClusterSnapshotIdentifier: id,
    DBClusterIdentifier: cluster,
    Engine: engine,
    SnapshotType: type,
    Status: 'available',
    StorageEncrypted: encrypted,
    ...(encrypted ? { KmsKeyId: KMS_KEY } : {}),
    SnapshotCreateTime: new Date('2025-06-02T03:10:00Z'),
    TagList: [],
  });
  account.addClusterSnapshot(snapshot('graph-prod-before-upgrade', 'graph-prod', 'neptune', 'manual', true), PRIVATE);
  account.addClusterSnapshot(snapshot('graph-dev-shared-with-partner', 'graph-dev', 'neptune', 'manual', false), [
    { AttributeName: 'restore', AttributeValues: ['all', '444455556666'] },
  ]);
  account.addClusterSnapshot(snapshot('rds:graph-prod-2025-06-02-03-10', 'graph-prod', 'neptune', 'automated', true), PRIVATE);
  account.addClusterSnapshot(snapshot('graph-staging-export', 'graph-staging', 'neptune', 'manual', true), [
    { AttributeName: 'restore', AttributeValues: ['555566667777'] },
  ]);
  account.addClusterSnapshot(snapshot('orders-aurora-public-sample', 'orders-aurora', 'aurora-mysql', 'manual', true), [
    { AttributeName: 'restore', AttributeValues: ['all'] },
  ]);

  // DMS: Neptune targets with IAM authorization off and on, one without a service access role (exempt:
  // the runbook would refuse it), a MySQL source and an S3 target.
  account.addEndpoint(
    neptuneEndpoint('graph-dev-target', 'NEPTUNEDEVTARGET5Q7R9S1T3U5', {
      ServiceAccessRoleArn: DMS_ROLE,
      S3BucketName: 'dms-neptune-staging-111122223333',
      S3BucketFolder: 'graph-dev',
      IamAuthEnabled: false,
      ErrorRetryDuration: 250,
      MaxFileSize: 1048576,
      MaxRetryCount: 5,
    }),
    [{ Key: 'team', Value: 'graph' }],
  );
  account.addEndpoint(
    neptuneEndpoint('graph-prod-target', 'NEPTUNEPRODTARGET6R8S0T2U4V', {
      ServiceAccessRoleArn: DMS_ROLE,
      S3BucketName: 'dms-neptune-staging-111122223333',
      S3BucketFolder: 'graph-prod',
      IamAuthEnabled: true,
    }),
  );
  account.addEndpoint(
    neptuneEndpoint('graph-sandbox-target', 'NEPTUNESANDBOXTARGET7S9T1U3', {
      S3BucketName: 'dms-neptune-sandbox-111122223333',
      S3BucketFolder: 'load',
      IamAuthEnabled: false,
    }),
    [{ Key: 'dbauth:exempt', Value: 'no DMS service access role yet (ticket DATA-1234); IAM authorization needs one' }],
  );
  account.addEndpoint({
    EndpointIdentifier: 'orders-mysql-source',
    EndpointArn: arn('dms', 'endpoint:ORDERSMYSQLSOURCE8T0U2V4W6X'),
    EndpointType: 'SOURCE' as Endpoint['EndpointType'],
    EngineName: 'mysql',
    EngineDisplayName: 'MySQL',
    ServerName: 'shop-mysql.cxyzabc12345.us-east-1.rds.amazonaws.com',
    Port: 3306,
    Username: 'dms_reader',
    Status: 'active',
    SslMode: 'require',
  });
  account.addEndpoint({
    EndpointIdentifier: 'datalake-s3-target',
    EndpointArn: arn('dms', 'endpoint:DATALAKES3TARGET9U1V3W5X7Y'),
    EndpointType: 'TARGET' as Endpoint['EndpointType'], // AWS answers in upper case; the SDK's enum is lower case
    EngineName: 's3',
    EngineDisplayName: 'Amazon S3',
    Status: 'active',
    SslMode: 'none',
    S3Settings: { BucketName: 'datalake-raw-111122223333', ServiceAccessRoleArn: `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/dms-s3-writer` },
  });

  return account;
}
