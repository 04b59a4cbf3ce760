/**
 * Large simulated accounts for scale tests and the benchmark: clusters, instances, snapshots and DMS
 * endpoints in a fixed mix of engines and settings, so that the expected verdicts can be counted.
 */
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { Endpoint } from '@aws-sdk/client-database-migration-service';
import { SimulatedAccount } from './account';
import type { SimulatedAccountOptions } from './account';

export interface SyntheticCounts {
  readonly clusters: number;
  readonly instances: number;
  readonly snapshots: number;
  readonly endpoints: number;
}

/** Cluster engines in rotation: 2 of 5 Neptune, 2 Aurora, 1 DocumentDB. */
export const CLUSTER_ENGINES = ['neptune', 'aurora-mysql', 'neptune', 'aurora-postgresql', 'docdb'] as const;
/** Instance engines in rotation. */
export const INSTANCE_ENGINES = ['mysql', 'postgres', 'mariadb', 'oracle-ee', 'neptune', 'aurora-mysql'] as const;

const id26 = (prefix: string, i: number) => `${prefix}${String(i).padStart(26 - prefix.length, '0')}`;

export function syntheticCluster(i: number): DBCluster {
  const engine = CLUSTER_ENGINES[i % CLUSTER_ENGINES.length] as string;
  return {
    DBClusterIdentifier: `cluster-${i}`,
    DbClusterResourceId: `cluster-${id26('SYN', i)}`,
    Engine: engine,
    EngineVersion: engine === 'neptune' ? '1.3.2.1' : '8.0.mysql_aurora.3.05.2',
    Status: i % 50 === 0 ? 'stopped' : 'available',
    MasterUsername: i % 3 === 0 ? 'admin' : 'app_owner',
    IAMDatabaseAuthenticationEnabled: i % 2 === 0,
    StorageEncrypted: i % 4 !== 1,
    EnabledCloudwatchLogsExports: i % 3 === 0 ? [] : ['audit'],
    BackupRetentionPeriod: (i % 35) + 1,
    MultiAZ: i % 2 === 1,
    DeletionProtection: i % 5 !== 2,
    CopyTagsToSnapshot: i % 7 !== 3,
    TagList: i % 97 === 0 ? [{ Key: 'dbauth:exempt', Value: 'synthetic exemption' }] : [],
  };
}

export function syntheticInstance(i: number): DBInstance {
  const engine = INSTANCE_ENGINES[i % INSTANCE_ENGINES.length] as string;
  const member = engine === 'neptune' || engine === 'aurora-mysql';
  return {
    DBInstanceIdentifier: `db-${i}`,
    DbiResourceId: `db-${id26('SYN', i)}`,
    Engine: engine,
    EngineVersion: engine === 'mariadb' ? '10.11.8' : engine === 'mysql' ? '8.0.39' : '16.4',
    DBInstanceStatus: 'available',
    MasterUsername: i % 4 === 0 ? 'postgres' : 'owner',
    IAMDatabaseAuthenticationEnabled: i % 3 === 0,
    ...(member ? { DBClusterIdentifier: `cluster-${i}` } : {}),
    TagList: [],
  };
}

export function syntheticEndpoint(i: number, accountId: string, region: string): Endpoint {
  const neptune = i % 2 === 0;
  return {
    EndpointIdentifier: `endpoint-${i}`,
    EndpointArn: `arn:aws:dms:${region}:${accountId}:endpoint:${id26('SYN', i)}`,
    EndpointType: (neptune ? 'TARGET' : 'SOURCE') as Endpoint['EndpointType'],
    EngineName: neptune ? 'neptune' : 'mysql',
    ...(neptune
      ? {
          NeptuneSettings: {
            IamAuthEnabled: i % 4 === 0,
            ServiceAccessRoleArn: `arn:aws:iam::${accountId}:role/dms-neptune`,
            S3BucketName: 'staging',
            S3BucketFolder: `endpoint-${i}`,
          },
        }
      : {}),
  };
}

/** A simulated account holding `counts` resources of each kind. */
export function syntheticEstate(counts: SyntheticCounts, options: SimulatedAccountOptions = {}): SimulatedAccount {
  const account = new SimulatedAccount(options);
  for (let i = 0; i < counts.clusters; i++) account.addCluster(syntheticCluster(i));
  for (let i = 0; i < counts.instances; i++) account.addInstance(syntheticInstance(i));
  for (let i = 0; i < counts.snapshots; i++) {
    account.addClusterSnapshot(
      {
        DBClusterSnapshotIdentifier: `snapshot-${i}`,
        DBClusterIdentifier: `cluster-${i}`,
        Engine: i % 3 === 2 ? 'aurora-mysql' : 'neptune',
        SnapshotType: i % 4 === 3 ? 'automated' : 'manual',
        StorageEncrypted: i % 5 !== 0,
      },
      [{ AttributeName: 'restore', AttributeValues: i % 6 === 0 ? ['all'] : [] }],
    );
  }
  for (let i = 0; i < counts.endpoints; i++) account.addEndpoint(syntheticEndpoint(i, account.accountId, account.region));
  return account;
}
