import { FieldReader } from './fields';
import type { ConfigurationItem } from './item';
import { MalformedItemError } from './errors';

/**
 * Typed views of the resources the rules judge. Each resource type has one field table that names the
 * key in a configuration item (whose casing differs per resource type: `iAMDatabaseAuthenticationEnabled`
 * on instances, `iamdatabaseAuthenticationEnabled` on clusters) and the key in the service API's result
 * (`IAMDatabaseAuthenticationEnabled`). Rules read only views, never raw keys.
 */
type FieldType = 'string' | 'boolean' | 'integer' | 'strings';
interface FieldSpec {
  readonly item: string;
  readonly api: string;
  readonly type: FieldType;
}
type ValueOf<T extends FieldType> = T extends 'string' ? string : T extends 'boolean' ? boolean : T extends 'integer' ? number : string[];
export type ViewOf<S extends Record<string, FieldSpec>> = { readonly [K in keyof S]: ValueOf<S[K]['type']> | undefined };

export type Encoding = 'item' | 'api';

const field = <T extends FieldType>(item: string, api: string, type: T) => ({ item, api, type }) as const;

export const dbInstanceFields = {
  identifier: field('dBInstanceIdentifier', 'DBInstanceIdentifier', 'string'),
  resourceId: field('dbiResourceId', 'DbiResourceId', 'string'),
  engine: field('engine', 'Engine', 'string'),
  engineVersion: field('engineVersion', 'EngineVersion', 'string'),
  status: field('dBInstanceStatus', 'DBInstanceStatus', 'string'),
  iamDatabaseAuthentication: field('iAMDatabaseAuthenticationEnabled', 'IAMDatabaseAuthenticationEnabled', 'boolean'),
  clusterIdentifier: field('dBClusterIdentifier', 'DBClusterIdentifier', 'string'),
  masterUsername: field('masterUsername', 'MasterUsername', 'string'),
} as const;

export const dbClusterFields = {
  identifier: field('dbclusterIdentifier', 'DBClusterIdentifier', 'string'),
  resourceId: field('dbClusterResourceId', 'DbClusterResourceId', 'string'),
  engine: field('engine', 'Engine', 'string'),
  engineVersion: field('engineVersion', 'EngineVersion', 'string'),
  engineMode: field('engineMode', 'EngineMode', 'string'),
  status: field('status', 'Status', 'string'),
  iamDatabaseAuthentication: field('iamdatabaseAuthenticationEnabled', 'IAMDatabaseAuthenticationEnabled', 'boolean'),
  storageEncrypted: field('storageEncrypted', 'StorageEncrypted', 'boolean'),
  kmsKeyId: field('kmsKeyId', 'KmsKeyId', 'string'),
  cloudwatchLogsExports: field('enabledCloudwatchLogsExports', 'EnabledCloudwatchLogsExports', 'strings'),
  backupRetentionPeriod: field('backupRetentionPeriod', 'BackupRetentionPeriod', 'integer'),
  multiAZ: field('multiAZ', 'MultiAZ', 'boolean'),
  deletionProtection: field('deletionProtection', 'DeletionProtection', 'boolean'),
  copyTagsToSnapshot: field('copyTagsToSnapshot', 'CopyTagsToSnapshot', 'boolean'),
  masterUsername: field('masterUsername', 'MasterUsername', 'string'),
} as const;

export const dbClusterSnapshotFields = {
  identifier: field('dbclusterSnapshotIdentifier', 'DBClusterSnapshotIdentifier', 'string'),
  clusterIdentifier: field('dbclusterIdentifier', 'DBClusterIdentifier', 'string'),
  engine: field('engine', 'Engine', 'string'),
  snapshotType: field('snapshotType', 'SnapshotType', 'string'),
  status: field('status', 'Status', 'string'),
  storageEncrypted: field('storageEncrypted', 'StorageEncrypted', 'boolean'),
  kmsKeyId: field('kmsKeyId', 'KmsKeyId', 'string'),
} as const;

/** DMS endpoints are recorded in CloudFormation's PascalCase; the API uses the same names but `EndpointArn` for the id. */
export const dmsEndpointFields = {
  identifier: field('EndpointIdentifier', 'EndpointIdentifier', 'string'),
  arn: field('Id', 'EndpointArn', 'string'),
  engineName: field('EngineName', 'EngineName', 'string'),
  endpointType: field('EndpointType', 'EndpointType', 'string'),
  iamAuthEnabled: field('NeptuneSettings.IamAuthEnabled', 'NeptuneSettings.IamAuthEnabled', 'boolean'),
  serviceAccessRoleArn: field('NeptuneSettings.ServiceAccessRoleArn', 'NeptuneSettings.ServiceAccessRoleArn', 'string'),
} as const;

/** A cluster snapshot's sharing, from `supplementaryConfiguration.DBClusterSnapshotAttributes` or DescribeDBClusterSnapshotAttributes. */
export interface SnapshotSharing {
  /** Values of the `restore` attribute (account ids, or `all` when public); undefined when unknown. */
  readonly restore: readonly string[] | undefined;
}

export type DbInstanceView = ViewOf<typeof dbInstanceFields>;
export type DbClusterView = ViewOf<typeof dbClusterFields>;
export type DbClusterSnapshotView = ViewOf<typeof dbClusterSnapshotFields> & SnapshotSharing;
export type DmsEndpointView = ViewOf<typeof dmsEndpointFields>;

/** Reads one view out of a recorded configuration or an API result, by the field table. */
export function readView<S extends Record<string, FieldSpec>>(fields: S, data: unknown, encoding: Encoding, path: string): ViewOf<S> {
  const root = FieldReader.of(data, path);
  const view: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields)) {
    const keys = spec[encoding].split('.');
    let reader: FieldReader | undefined = root;
    for (const key of keys.slice(0, -1)) reader = reader?.object(key);
    const last = keys[keys.length - 1] as string;
    view[name] = reader ? readField(reader, last, spec.type) : undefined;
  }
  const result = view as ViewOf<S>;
  if ('engine' in result && typeof result.engine === 'string') (view as { engine: string }).engine = result.engine.toLowerCase();
  return result;
}

function readField(reader: FieldReader, key: string, type: FieldType): unknown {
  switch (type) {
    case 'string':
      return reader.string(key);
    case 'boolean':
      return reader.boolean(key);
    case 'integer':
      return reader.integer(key);
    case 'strings':
      return reader.strings(key);
  }
}

/** Decodes the `DBClusterSnapshotAttributes` list of either encoding (`attributeName` or `AttributeName`). */
export function readSnapshotSharing(attributes: unknown, path: string): SnapshotSharing {
  if (attributes === undefined || attributes === null) return { restore: undefined };
  if (!Array.isArray(attributes)) throw new MalformedItemError(path, 'expected a list of snapshot attributes');
  let restore: string[] = [];
  attributes.forEach((entry, i) => {
    const attribute = FieldReader.of(entry, `${path}[${i}]`);
    const name = attribute.string('attributeName') ?? attribute.string('AttributeName');
    if (name === 'restore') restore = restore.concat(attribute.strings('attributeValues') ?? attribute.strings('AttributeValues') ?? []);
  });
  return { restore };
}

/** The configuration of a recorded item, which must be present for the statuses that are evaluated. */
export function recordedConfiguration(item: ConfigurationItem): Record<string, unknown> {
  if (!item.configuration) {
    throw new MalformedItemError('configurationItem.configuration', `missing for a resource with status ${item.status}`);
  }
  return item.configuration;
}
