import type { DBCluster, DBClusterSnapshot, DBInstance, Tag } from '@aws-sdk/client-rds';
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
} from '@aws-sdk/client-rds';
import type { Endpoint } from '@aws-sdk/client-database-migration-service';
import { DescribeEndpointsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-database-migration-service';
import type { AwsClients } from './clients';
import { pagesOf } from './pages';
import type { ResourceType } from './resources';
import { dbCluster, dbClusterSnapshot, dbInstance, dmsEndpoint } from './resources';

/** A resource listed through its service's API, decoded to the same view a configuration item gives. */
export interface CollectedResource {
  readonly resourceType: ResourceType;
  /** What Config uses as the resource id: dbi/cluster resource id, snapshot identifier, endpoint ARN. */
  readonly resourceId: string;
  readonly resourceName: string | undefined;
  readonly view: unknown;
  readonly tags: Readonly<Record<string, string>>;
}

export interface CollectOptions {
  /** Read each manual cluster snapshot's sharing attributes (one call per snapshot). */
  readonly snapshotAttributes?: boolean;
}

/** Describe pages of the largest size the APIs allow, so a sweep makes as few calls as possible. */
export const PAGE_SIZE = 100;

/** Lists every resource of `type` in the clients' account and region, page by page. */
export function collect(type: ResourceType, clients: AwsClients, options: CollectOptions = {}): AsyncGenerator<CollectedResource[]> {
  switch (type) {
    case 'AWS::RDS::DBInstance':
      return collectInstances(clients);
    case 'AWS::RDS::DBCluster':
      return collectClusters(clients);
    case 'AWS::RDS::DBClusterSnapshot':
      return collectClusterSnapshots(clients, options);
    case 'AWS::DMS::Endpoint':
      return collectEndpoints(clients);
  }
}

const tagMap = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key as string, t.Value ?? '']));

async function* collectInstances(clients: AwsClients): AsyncGenerator<CollectedResource[]> {
  const pages = pagesOf((Marker) =>
    clients.rds.send(new DescribeDBInstancesCommand({ MaxRecords: PAGE_SIZE, Marker })).then((page) => ({ items: page.DBInstances, next: page.Marker })),
  );
  for await (const instances of pages) {
    yield instances.filter((i): i is DBInstance & { DbiResourceId: string } => !!i.DbiResourceId).map((i) => ({
      resourceType: dbInstance.type,
      resourceId: i.DbiResourceId,
      resourceName: i.DBInstanceIdentifier,
      view: dbInstance.fromApi(i),
      tags: tagMap(i.TagList),
    }));
  }
}

async function* collectClusters(clients: AwsClients): AsyncGenerator<CollectedResource[]> {
  const pages = pagesOf((Marker) =>
    clients.rds.send(new DescribeDBClustersCommand({ MaxRecords: PAGE_SIZE, Marker })).then((page) => ({ items: page.DBClusters, next: page.Marker })),
  );
  for await (const clusters of pages) {
    yield clusters.filter((c): c is DBCluster & { DbClusterResourceId: string } => !!c.DbClusterResourceId).map((c) => ({
      resourceType: dbCluster.type,
      resourceId: c.DbClusterResourceId,
      resourceName: c.DBClusterIdentifier,
      view: dbCluster.fromApi(c),
      tags: tagMap(c.TagList),
    }));
  }
}

async function* collectClusterSnapshots(clients: AwsClients, options: CollectOptions): AsyncGenerator<CollectedResource[]> {
  const pages = pagesOf((Marker) =>
    clients.rds
      .send(new DescribeDBClusterSnapshotsCommand({ MaxRecords: PAGE_SIZE, Marker }))
      .then((page) => ({ items: page.DBClusterSnapshots, next: page.Marker })),
  );
  for await (const page of pages) {
    const snapshots = page.filter((s): s is DBClusterSnapshot & { DBClusterSnapshotIdentifier: string } => !!s.DBClusterSnapshotIdentifier);
    const resources: CollectedResource[] = [];
    for (const snapshot of snapshots) {
      // Only manual snapshots can be shared; automated ones need no attribute call.
      const attributes =
        options.snapshotAttributes && snapshot.SnapshotType?.toLowerCase() !== 'automated'
          ? ((
              await clients.rds.send(
                new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: snapshot.DBClusterSnapshotIdentifier }),
              )
            ).DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [])
          : undefined;
      resources.push({
        resourceType: dbClusterSnapshot.type,
        resourceId: snapshot.DBClusterSnapshotIdentifier,
        resourceName: snapshot.DBClusterSnapshotIdentifier,
        view: dbClusterSnapshot.fromApi(snapshot, attributes),
        tags: tagMap(snapshot.TagList),
      });
    }
    yield resources;
  }
}

async function* collectEndpoints(clients: AwsClients): AsyncGenerator<CollectedResource[]> {
  const pages = pagesOf((Marker) =>
    clients.dms.send(new DescribeEndpointsCommand({ MaxRecords: PAGE_SIZE, Marker })).then((page) => ({ items: page.Endpoints, next: page.Marker })),
  );
  for await (const page of pages) {
    const endpoints = page.filter((e): e is Endpoint & { EndpointArn: string } => !!e.EndpointArn);
    // DescribeEndpoints carries no tags: one ListTagsForResource call reads them for the whole page.
    const tags = new Map<string, Record<string, string>>();
    if (endpoints.length > 0) {
      const listed = await clients.dms.send(new ListTagsForResourceCommand({ ResourceArnList: endpoints.map((e) => e.EndpointArn) }));
      for (const tag of listed.TagList ?? []) {
        if (!tag.ResourceArn || tag.Key === undefined) continue;
        tags.set(tag.ResourceArn, { ...tags.get(tag.ResourceArn), [tag.Key]: tag.Value ?? '' });
      }
    }
    yield endpoints.map((e) => ({
      resourceType: dmsEndpoint.type,
      resourceId: e.EndpointArn,
      resourceName: e.EndpointIdentifier,
      view: dmsEndpoint.fromApi(e),
      tags: tags.get(e.EndpointArn) ?? {},
    }));
  }
}
