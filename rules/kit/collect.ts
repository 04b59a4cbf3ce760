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
import { describeCause } from './errors';
import { mapLimit, pagesFrom, persist, realSleep } from './pages';
import type { ResourceKind, ResourceType } from './resources';
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

/** A listed resource that cannot be judged: its data does not decode, or a call it needs kept failing. */
export interface UnjudgedResource {
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly resourceName: string | undefined;
  readonly reason: string;
  readonly cause: unknown;
}

/** One Describe page, decoded. */
export interface CollectedPage {
  readonly resources: readonly CollectedResource[];
  readonly failures: readonly UnjudgedResource[];
  /** The marker of the next page; undefined after the last. */
  readonly next: string | undefined;
}

export interface CollectOptions {
  /** Read each manual cluster snapshot's sharing attributes (one call per snapshot). */
  readonly snapshotAttributes?: boolean;
}

/** How a sweep pages: where it starts, which resources deserve extra calls, and how many run at once. */
export interface PageOptions {
  /** The marker to start from (a sweep resumed by its next invocation); the first page when absent. */
  readonly from?: string;
  /**
   * Whether some rule judges the resource, from what the Describe page says (and its tags where the page
   * carries them). Per-resource calls (snapshot attributes) and tag reads are made only for those; every
   * resource still gets its verdict (NOT_APPLICABLE needs no extra data). Default: all are judged.
   */
  readonly judged?: (view: unknown, tags: Readonly<Record<string, string>> | undefined) => boolean;
  /** Per-resource calls in flight at once (default DEFAULT_CONCURRENCY). */
  readonly concurrency?: number;
  /** Waits before a call still throttled after the SDK's retries is made again (see persist). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Describe pages of the largest size the APIs allow, so a sweep makes as few calls as possible. */
export const PAGE_SIZE = 100;
/** Per-resource calls in flight at once unless configured (DBAUTH_SWEEP_CONCURRENCY). */
export const DEFAULT_CONCURRENCY = 8;

/** Lists every resource of `type` in the clients' account and region, page by page, with the marker of each next page. */
export function collectPages(type: ResourceType, clients: AwsClients, options: CollectOptions = {}, paging: PageOptions = {}): AsyncGenerator<CollectedPage> {
  switch (type) {
    case 'AWS::RDS::DBInstance':
      return collectInstances(clients, paging);
    case 'AWS::RDS::DBCluster':
      return collectClusters(clients, paging);
    case 'AWS::RDS::DBClusterSnapshot':
      return collectClusterSnapshots(clients, options, paging);
    case 'AWS::DMS::Endpoint':
      return collectEndpoints(clients, paging);
  }
}

/** Lists every resource of `type`, page by page; a resource that cannot be read fails the listing (the CLI's scan). */
export async function* collect(type: ResourceType, clients: AwsClients, options: CollectOptions = {}): AsyncGenerator<CollectedResource[]> {
  for await (const page of collectPages(type, clients, options)) {
    const [failure] = page.failures;
    if (failure) throw failure.cause;
    yield [...page.resources];
  }
}

const tagMap = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key as string, t.Value ?? '']));

interface Listed {
  readonly resourceId: string;
  readonly resourceName: string | undefined;
  readonly raw: unknown;
  readonly tags: Record<string, string> | undefined;
}

/** Decodes each listed resource on its own, so that one with bad data becomes a failure and the page goes on. */
function decodePage(kind: ResourceKind<unknown>, listed: readonly Listed[], extra: (resourceId: string) => unknown = () => undefined) {
  const resources: CollectedResource[] = [];
  const failures: UnjudgedResource[] = [];
  for (const item of listed) {
    try {
      resources.push({ resourceType: kind.type, resourceId: item.resourceId, resourceName: item.resourceName, view: kind.fromApi(item.raw, extra(item.resourceId)), tags: item.tags ?? {} });
    } catch (cause) {
      failures.push(unjudged(kind.type, item, cause));
    }
  }
  return { resources, failures };
}

const unjudged = (resourceType: ResourceType, item: { resourceId: string; resourceName: string | undefined }, cause: unknown): UnjudgedResource => ({
  resourceType,
  resourceId: item.resourceId,
  resourceName: item.resourceName,
  reason: describeCause(cause),
  cause,
});

/** Whether a resource needs its extra call, asked of the decoded view; a view that does not decode needs none (it fails anyway). */
function needsExtra(kind: ResourceKind<unknown>, item: Listed, paging: PageOptions): boolean {
  if (!paging.judged) return true;
  try {
    return paging.judged(kind.fromApi(item.raw, undefined), item.tags);
  } catch {
    return false;
  }
}

async function* collectInstances(clients: AwsClients, paging: PageOptions): AsyncGenerator<CollectedPage> {
  const pages = pagesFrom(paging.from, (Marker) =>
    persist(() => clients.rds.send(new DescribeDBInstancesCommand({ MaxRecords: PAGE_SIZE, Marker })), paging.sleep ?? realSleep).then((page) => ({ items: page.DBInstances, next: page.Marker })),
  );
  for await (const page of pages) {
    const listed = page.items
      .filter((i): i is DBInstance & { DbiResourceId: string } => !!i.DbiResourceId)
      .map((i) => ({ resourceId: i.DbiResourceId, resourceName: i.DBInstanceIdentifier, raw: i, tags: tagMap(i.TagList) }));
    yield { ...decodePage(dbInstance, listed), next: page.next };
  }
}

async function* collectClusters(clients: AwsClients, paging: PageOptions): AsyncGenerator<CollectedPage> {
  const pages = pagesFrom(paging.from, (Marker) =>
    persist(() => clients.rds.send(new DescribeDBClustersCommand({ MaxRecords: PAGE_SIZE, Marker })), paging.sleep ?? realSleep).then((page) => ({ items: page.DBClusters, next: page.Marker })),
  );
  for await (const page of pages) {
    const listed = page.items
      .filter((c): c is DBCluster & { DbClusterResourceId: string } => !!c.DbClusterResourceId)
      .map((c) => ({ resourceId: c.DbClusterResourceId, resourceName: c.DBClusterIdentifier, raw: c, tags: tagMap(c.TagList) }));
    yield { ...decodePage(dbCluster, listed), next: page.next };
  }
}

async function* collectClusterSnapshots(clients: AwsClients, options: CollectOptions, paging: PageOptions): AsyncGenerator<CollectedPage> {
  const pages = pagesFrom(paging.from, (Marker) =>
    persist(() => clients.rds.send(new DescribeDBClusterSnapshotsCommand({ MaxRecords: PAGE_SIZE, Marker })), paging.sleep ?? realSleep).then((page) => ({ items: page.DBClusterSnapshots, next: page.Marker })),
  );
  for await (const page of pages) {
    const listed = page.items
      .filter((s): s is DBClusterSnapshot & { DBClusterSnapshotIdentifier: string } => !!s.DBClusterSnapshotIdentifier)
      .map((s) => ({ resourceId: s.DBClusterSnapshotIdentifier, resourceName: s.DBClusterSnapshotIdentifier, raw: s, tags: tagMap(s.TagList) }));
    // Only manual snapshots can be shared, and only those some rule judges need their sharing read.
    const wanted = options.snapshotAttributes
      ? listed.filter((s) => (s.raw as DBClusterSnapshot).SnapshotType?.toLowerCase() !== 'automated' && needsExtra(dbClusterSnapshot, s, paging))
      : [];
    const attributes = new Map<string, unknown>();
    const failed: UnjudgedResource[] = [];
    await mapLimit(wanted, paging.concurrency ?? DEFAULT_CONCURRENCY, async (snapshot) => {
      try {
        const result = await persist(() => clients.rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: snapshot.resourceId })), paging.sleep ?? realSleep);
        attributes.set(snapshot.resourceId, result.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? []);
      } catch (cause) {
        failed.push(unjudged(dbClusterSnapshot.type, snapshot, cause));
      }
    });
    const failedIds = new Set(failed.map((f) => f.resourceId));
    const decoded = decodePage(
      dbClusterSnapshot,
      listed.filter((s) => !failedIds.has(s.resourceId)),
      (id) => attributes.get(id),
    );
    yield { resources: decoded.resources, failures: [...failed, ...decoded.failures], next: page.next };
  }
}

async function* collectEndpoints(clients: AwsClients, paging: PageOptions): AsyncGenerator<CollectedPage> {
  const pages = pagesFrom(paging.from, (Marker) =>
    persist(() => clients.dms.send(new DescribeEndpointsCommand({ MaxRecords: PAGE_SIZE, Marker })), paging.sleep ?? realSleep).then((page) => ({ items: page.Endpoints, next: page.Marker })),
  );
  for await (const page of pages) {
    const listed = page.items
      .filter((e): e is Endpoint & { EndpointArn: string } => !!e.EndpointArn)
      .map((e) => ({ resourceId: e.EndpointArn, resourceName: e.EndpointIdentifier, raw: e, tags: undefined }));
    // DescribeEndpoints carries no tags: one ListTagsForResource call reads them for the judged endpoints of the page.
    const wanted = listed.filter((e) => needsExtra(dmsEndpoint, e, paging));
    const tags = new Map<string, Record<string, string>>();
    let tagFailure: unknown;
    if (wanted.length > 0) {
      try {
        const result = await persist(() => clients.dms.send(new ListTagsForResourceCommand({ ResourceArnList: wanted.map((e) => e.resourceId) })), paging.sleep ?? realSleep);
        for (const tag of result.TagList ?? []) {
          if (!tag.ResourceArn || tag.Key === undefined) continue;
          tags.set(tag.ResourceArn, { ...tags.get(tag.ResourceArn), [tag.Key]: tag.Value ?? '' });
        }
      } catch (cause) {
        tagFailure = cause;
      }
    }
    const untagged = new Set(tagFailure === undefined ? [] : wanted.map((e) => e.resourceId));
    const decoded = decodePage(
      dmsEndpoint,
      listed.filter((e) => !untagged.has(e.resourceId)).map((e) => ({ ...e, tags: tags.get(e.resourceId) ?? {} })),
    );
    const failures = listed.filter((e) => untagged.has(e.resourceId)).map((e) => unjudged(dmsEndpoint.type, e, tagFailure));
    yield { resources: decoded.resources, failures: [...failures, ...decoded.failures], next: page.next };
  }
}
