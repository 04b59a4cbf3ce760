import type { DBCluster, DBClusterSnapshotAttribute, DBInstance } from '@aws-sdk/client-rds';
import type { Endpoint, Tag as DmsTag } from '@aws-sdk/client-database-migration-service';
import { assessAccount } from '../../cli/assess';
import { findRule } from '../../rules/catalog';
import { SimulatedAccount } from '../../sim/account';
import type { SimulatedAccountOptions } from '../../sim/account';

export const ACCOUNT = '111122223333';
export const CLUSTER_ID = 'cluster-AAAAAAAAAAAAAAAAAAAAAAAAAA';
export const DBI_ID = 'db-BBBBBBBBBBBBBBBBBBBBBBBBBB';
export const ENDPOINT_ARN = `arn:aws:dms:us-east-1:${ACCOUNT}:endpoint:CCCCCCCCCCCCCCCCCCCCCCCCCC`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/dms-neptune`;

export function cluster(settings: Partial<DBCluster> = {}): DBCluster {
  return {
    DBClusterIdentifier: 'graph',
    DbClusterResourceId: CLUSTER_ID,
    Engine: 'neptune',
    EngineVersion: '1.3.2.1',
    Status: 'available',
    MasterUsername: 'admin',
    IAMDatabaseAuthenticationEnabled: false,
    EnabledCloudwatchLogsExports: ['slowquery'],
    BackupRetentionPeriod: 1,
    DeletionProtection: false,
    CopyTagsToSnapshot: false,
    StorageEncrypted: true,
    MultiAZ: false,
    TagList: [{ Key: 'team', Value: 'graph' }],
    ...settings,
  };
}

export function instance(settings: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: 'shop',
    DbiResourceId: DBI_ID,
    Engine: 'mysql',
    EngineVersion: '8.0.36',
    DBInstanceClass: 'db.t4g.medium',
    DBInstanceStatus: 'available',
    MasterUsername: 'shop_owner',
    IAMDatabaseAuthenticationEnabled: false,
    PendingModifiedValues: {},
    TagList: [],
    ...settings,
  };
}

export function endpoint(settings: Partial<Endpoint> = {}): Endpoint {
  return {
    EndpointIdentifier: 'graph-target',
    EndpointArn: ENDPOINT_ARN,
    EndpointType: 'target',
    EngineName: 'neptune',
    Status: 'active',
    ServerName: 'graph.cluster-cxyz.us-east-1.neptune.amazonaws.com',
    Port: 8182,
    NeptuneSettings: {
      ServiceAccessRoleArn: ROLE,
      S3BucketName: 'dms-neptune-staging',
      S3BucketFolder: 'load',
      ErrorRetryDuration: 300,
      MaxFileSize: 2097152,
      MaxRetryCount: 7,
      IamAuthEnabled: false,
    },
    ...settings,
  };
}

export interface Seed {
  clusters?: DBCluster[];
  instances?: DBInstance[];
  snapshots?: { snapshot: Parameters<SimulatedAccount['addClusterSnapshot']>[0]; attributes: DBClusterSnapshotAttribute[] }[];
  endpoints?: { endpoint: Endpoint; tags?: DmsTag[] }[];
}

export function accountWith(seed: Seed, options: SimulatedAccountOptions = {}): SimulatedAccount {
  const account = new SimulatedAccount({ ...options, accountId: ACCOUNT, region: 'us-east-1' });
  for (const c of seed.clusters ?? []) account.addCluster(c);
  for (const i of seed.instances ?? []) account.addInstance(i);
  for (const s of seed.snapshots ?? []) account.addClusterSnapshot(s.snapshot, s.attributes);
  for (const e of seed.endpoints ?? []) account.addEndpoint(e.endpoint, e.tags);
  return account;
}

/** Calls that change something, by operation name. */
export function modifications(account: SimulatedAccount): string[] {
  return account.calls.filter((c) => c.operation.startsWith('Modify')).map((c) => `${c.service}:${c.operation}`);
}

/**
 * The verdict the catalog's rule gives the resource now, through the same Describe-based path as a
 * periodic evaluation. Every rule with a runbook is in the catalog: a missing one is an error.
 */
export async function verdictOf(account: SimulatedAccount, ruleId: string, resourceId: string): Promise<{ compliance: string; annotation: string }> {
  const rule = findRule(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId} in the catalog`);
  const rows = await assessAccount(account.awsClients(), { rules: [rule] });
  const row = rows.find((r) => r.resourceId === resourceId);
  if (!row) throw new Error(`${ruleId} did not judge ${resourceId}`);
  return { compliance: row.compliance, annotation: row.annotation };
}

/** The compliance the catalog's rule gives the resource now (see verdictOf). */
export async function complianceOf(account: SimulatedAccount, ruleId: string, resourceId: string): Promise<string> {
  return (await verdictOf(account, ruleId, resourceId)).compliance;
}
