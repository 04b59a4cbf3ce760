import type { ConfigurationItem } from './item';
import type { DbClusterSnapshotView, DbClusterView, DbInstanceView, DmsEndpointView } from './views';
import {
  dbClusterFields,
  dbClusterSnapshotFields,
  dbInstanceFields,
  dmsEndpointFields,
  readSnapshotSharing,
  readView,
  recordedConfiguration,
} from './views';

export type ResourceType = 'AWS::RDS::DBInstance' | 'AWS::RDS::DBCluster' | 'AWS::RDS::DBClusterSnapshot' | 'AWS::DMS::Endpoint';

/** How one resource type is read, from a configuration item or from its service's Describe result. Pure: no SDK. */
export interface ResourceKind<V> {
  readonly type: ResourceType;
  /** How annotations name the resource: "DB instance", "cluster snapshot". */
  readonly noun: string;
  /** The top-level configuration keys of a recorded item that the rules read (their casing is Config's). */
  readonly recordedKeys: readonly string[];
  fromItem(item: ConfigurationItem): V;
  /** `extra` carries what a second API call returned (a snapshot's attributes). */
  fromApi(resource: unknown, extra?: unknown): V;
}

const CONFIG = 'configurationItem.configuration';

const topLevelKeys = (fields: Readonly<Record<string, { readonly item: string }>>): string[] => [
  ...new Set(Object.values(fields).map((spec) => spec.item.split('.')[0] as string)),
];

export const dbInstance: ResourceKind<DbInstanceView> = {
  type: 'AWS::RDS::DBInstance',
  noun: 'DB instance',
  recordedKeys: topLevelKeys(dbInstanceFields),
  fromItem: (item) => readView(dbInstanceFields, recordedConfiguration(item), 'item', CONFIG),
  fromApi: (resource) => readView(dbInstanceFields, resource, 'api', 'DBInstance'),
};

export const dbCluster: ResourceKind<DbClusterView> = {
  type: 'AWS::RDS::DBCluster',
  noun: 'DB cluster',
  recordedKeys: topLevelKeys(dbClusterFields),
  fromItem: (item) => readView(dbClusterFields, recordedConfiguration(item), 'item', CONFIG),
  fromApi: (resource) => readView(dbClusterFields, resource, 'api', 'DBCluster'),
};

export const dbClusterSnapshot: ResourceKind<DbClusterSnapshotView> = {
  type: 'AWS::RDS::DBClusterSnapshot',
  noun: 'cluster snapshot',
  recordedKeys: topLevelKeys(dbClusterSnapshotFields),
  fromItem: (item) => ({
    ...readView(dbClusterSnapshotFields, recordedConfiguration(item), 'item', CONFIG),
    ...readSnapshotSharing(
      item.supplementaryConfiguration['DBClusterSnapshotAttributes'],
      'configurationItem.supplementaryConfiguration.DBClusterSnapshotAttributes',
    ),
  }),
  fromApi: (resource, attributes) => ({
    ...readView(dbClusterSnapshotFields, resource, 'api', 'DBClusterSnapshot'),
    ...readSnapshotSharing(attributes, 'DBClusterSnapshotAttributes'),
  }),
};

export const dmsEndpoint: ResourceKind<DmsEndpointView> = {
  type: 'AWS::DMS::Endpoint',
  noun: 'DMS endpoint',
  recordedKeys: topLevelKeys(dmsEndpointFields),
  fromItem: (item) => readView(dmsEndpointFields, recordedConfiguration(item), 'item', CONFIG),
  fromApi: (resource) => readView(dmsEndpointFields, resource, 'api', 'Endpoint'),
};

export const RESOURCE_KINDS = [dbInstance, dbCluster, dbClusterSnapshot, dmsEndpoint] as const;
