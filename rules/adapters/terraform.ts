import type { ResourceKind } from '../kit';
import { dbCluster, dbInstance, dmsEndpoint } from '../kit';
import { isObject } from '../kit/fields';
import type { DeclaredResource } from './declared';
import { Unknown, isUnknown } from './declared';
import { iamAuthFromConnectionAttributes, neptuneMultiAz } from './shared';
import type { DeclaredField } from './values';
import { InvalidDeclarationError, readPath, viewFrom } from './values';

/**
 * Terraform plans (`terraform show -json PLAN`) to views. Values come from each resource change's `after`,
 * unknowns from `after_unknown`. Defaults are the AWS provider's, from its documentation
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>), and the AWS APIs':
 * - TF-NEPTUNE: neptune_cluster; TF-RDS-CLUSTER: rds_cluster; TF-DB-INSTANCE: db_instance; TF-DMS: dms_endpoint.
 * - NEPTUNE-API, RDS-API-*, DMS-NEPTUNE: see ./cloudformation.ts.
 */
interface TerraformType {
  readonly kind: ResourceKind<unknown>;
  readonly fields: Readonly<Record<string, DeclaredField>>;
  readonly inherited?: { readonly from: readonly string[]; readonly fields: readonly string[] };
}

/**
 * A version left out is computed ("known after apply"): AWS picks the engine's default version, and every
 * default version supports IAM database authentication, which is all the rules ask of a version.
 */
const ENGINE_VERSION = 'engine_version';

const NEPTUNE_CLUSTER: TerraformType = {
  kind: dbCluster,
  fields: {
    identifier: { path: 'cluster_identifier', type: 'string', naming: true },
    engine: { path: 'engine', type: 'string', default: { value: 'neptune', source: 'TF-NEPTUNE engine: "Defaults to neptune"' } },
    engineVersion: { path: ENGINE_VERSION, type: 'string' },
    iamDatabaseAuthentication: {
      path: 'iam_database_authentication_enabled',
      type: 'boolean',
      default: { value: false, source: 'NEPTUNE-API EnableIAMDatabaseAuthentication: "Default: false"' },
    },
    storageEncrypted: {
      path: 'storage_encrypted',
      type: 'boolean',
      default: { value: false, source: 'TF-NEPTUNE storage_encrypted: "The default is false if not specified"' },
    },
    kmsKeyId: { path: 'kms_key_arn', type: 'string' },
    cloudwatchLogsExports: { path: 'enable_cloudwatch_logs_exports', type: 'strings', default: { value: [], source: 'TF-NEPTUNE: only the listed log types are exported' } },
    backupRetentionPeriod: { path: 'backup_retention_period', type: 'integer', default: { value: 1, source: 'TF-NEPTUNE backup_retention_period: "Default is 1"' } },
    deletionProtection: { path: 'deletion_protection', type: 'boolean', default: { value: false, source: 'NEPTUNE-API: deletion protection is disabled by default' } },
    copyTagsToSnapshot: { path: 'copy_tags_to_snapshot', type: 'boolean', default: { value: false, source: 'TF-NEPTUNE copy_tags_to_snapshot: "Default is false"' } },
  },
  inherited: { from: ['snapshot_identifier', 'replication_source_identifier'], fields: ['storageEncrypted', 'kmsKeyId'] },
};

const RDS_CLUSTER: TerraformType = {
  kind: dbCluster,
  fields: {
    identifier: { path: 'cluster_identifier', type: 'string', naming: true },
    engine: { path: 'engine', type: 'string' },
    engineVersion: { path: ENGINE_VERSION, type: 'string' },
    engineMode: { path: 'engine_mode', type: 'string', default: { value: 'provisioned', source: 'TF-RDS-CLUSTER engine_mode: "Defaults to: provisioned"' } },
    iamDatabaseAuthentication: {
      path: 'iam_database_authentication_enabled',
      type: 'boolean',
      default: { value: false, source: 'RDS-API-CLUSTER EnableIAMDatabaseAuthentication: "By default, mapping isn\'t enabled"' },
    },
    storageEncrypted: { path: 'storage_encrypted', type: 'boolean' },
    kmsKeyId: { path: 'kms_key_id', type: 'string' },
    cloudwatchLogsExports: { path: 'enabled_cloudwatch_logs_exports', type: 'strings', default: { value: [], source: 'TF-RDS-CLUSTER: only the listed log types are exported' } },
    backupRetentionPeriod: { path: 'backup_retention_period', type: 'integer', default: { value: 1, source: 'TF-RDS-CLUSTER backup_retention_period: "Default is 1"' } },
    deletionProtection: { path: 'deletion_protection', type: 'boolean', default: { value: false, source: 'RDS-API-CLUSTER: deletion protection isn\'t enabled by default' } },
    copyTagsToSnapshot: { path: 'copy_tags_to_snapshot', type: 'boolean', default: { value: false, source: 'TF-RDS-CLUSTER copy_tags_to_snapshot: "Default is false"' } },
    masterUsername: { path: 'master_username', type: 'string' },
  },
  inherited: {
    from: ['snapshot_identifier', 'replication_source_identifier', 'global_cluster_identifier', 'restore_to_point_in_time', 's3_import'],
    fields: ['masterUsername', 'storageEncrypted', 'kmsKeyId'],
  },
};

const DB_INSTANCE: TerraformType = {
  kind: dbInstance,
  fields: {
    identifier: { path: 'identifier', type: 'string', naming: true },
    engine: { path: 'engine', type: 'string' },
    engineVersion: { path: ENGINE_VERSION, type: 'string' },
    iamDatabaseAuthentication: {
      path: 'iam_database_authentication_enabled',
      type: 'boolean',
      default: { value: false, source: 'RDS-API-INSTANCE EnableIAMDatabaseAuthentication: "By default, mapping isn\'t enabled"' },
    },
    // aws_db_instance is never a cluster member (members are aws_rds_cluster_instance): clusterIdentifier stays absent.
    masterUsername: { path: 'username', type: 'string' },
  },
  inherited: { from: ['snapshot_identifier', 'replicate_source_db', 'restore_to_point_in_time', 's3_import'], fields: ['engine', 'masterUsername'] },
};

const DMS_ENDPOINT: TerraformType = {
  kind: dmsEndpoint,
  fields: {
    identifier: { path: 'endpoint_id', type: 'string', naming: true },
    engineName: { path: 'engine_name', type: 'string' },
    endpointType: { path: 'endpoint_type', type: 'string' },
    // The default (false: TF-DMS neptune_settings iam_auth_enabled "Default is false") is applied after extra_connection_attributes.
    iamAuthEnabled: { path: 'neptune_settings.0.iam_auth_enabled', type: 'boolean' },
    serviceAccessRoleArn: { path: 'neptune_settings.0.service_access_role', type: 'string', naming: true },
  },
};

export const TERRAFORM_TYPES: Readonly<Record<string, TerraformType>> = {
  aws_neptune_cluster: NEPTUNE_CLUSTER,
  aws_rds_cluster: RDS_CLUSTER,
  aws_db_instance: DB_INSTANCE,
  aws_dms_endpoint: DMS_ENDPOINT,
};

/** Is this parsed JSON a Terraform plan (or state) as `terraform show -json` prints it? */
export function isTerraformPlan(json: unknown): boolean {
  return isObject(json) && typeof json['format_version'] === 'string' && ('resource_changes' in json || 'planned_values' in json);
}

interface Change {
  readonly address: string;
  readonly type: string;
  readonly after: Record<string, unknown>;
  readonly afterUnknown: unknown;
}

/** Every resource of a judged type that the plan creates, updates or keeps (deletions are not judged). */
export function declaredFromPlan(plan: unknown, file = 'plan'): DeclaredResource[] {
  if (!isTerraformPlan(plan)) throw new InvalidDeclarationError(file, 'not a Terraform plan in JSON (terraform show -json PLAN)');
  const changes = changesOf(plan as Record<string, unknown>, file);
  const references = configurationReferences(plan as Record<string, unknown>);
  return changes.flatMap((change) => {
    const type = TERRAFORM_TYPES[change.type];
    return type ? [declareChange(change, type, changes, references, file)] : [];
  });
}

function changesOf(plan: Record<string, unknown>, file: string): Change[] {
  const list = plan['resource_changes'];
  if (list === undefined) return plannedValues(plan['planned_values']);
  if (!Array.isArray(list)) throw new InvalidDeclarationError(`${file} resource_changes`, 'expected a list');
  const changes: Change[] = [];
  for (const entry of list) {
    if (!isObject(entry) || entry['mode'] === 'data' || typeof entry['address'] !== 'string' || typeof entry['type'] !== 'string') continue;
    const change = entry['change'];
    if (!isObject(change) || !isObject(change['after'])) continue;
    changes.push({ address: entry['address'], type: entry['type'], after: change['after'], afterUnknown: change['after_unknown'] ?? {} });
  }
  return changes;
}

/** A plan without resource_changes (or a state): planned_values omit unknown values, so absent may mean unknown. */
function plannedValues(root: unknown): Change[] {
  const changes: Change[] = [];
  const walk = (module: unknown) => {
    if (!isObject(module)) return;
    for (const resource of Array.isArray(module['resources']) ? module['resources'] : []) {
      if (isObject(resource) && resource['mode'] !== 'data' && typeof resource['address'] === 'string' && typeof resource['type'] === 'string' && isObject(resource['values'])) {
        changes.push({ address: resource['address'], type: resource['type'], after: resource['values'], afterUnknown: {} });
      }
    }
    for (const child of Array.isArray(module['child_modules']) ? module['child_modules'] : []) walk(child);
  };
  walk(isObject(root) ? root['root_module'] : undefined);
  return changes;
}

/** Whether `after_unknown` marks the value at `path` (or a block above it) as known only after apply. */
function unknownAt(afterUnknown: unknown, path: string): boolean {
  let current = afterUnknown;
  for (const key of path.split('.')) {
    if (current === true) return true;
    if (Array.isArray(current)) current = /^\d+$/.test(key) ? (current as unknown[])[Number(key)] : undefined;
    else if (isObject(current)) current = current[key];
    else return false;
  }
  return current === true;
}

function declareChange(
  change: Change,
  type: TerraformType,
  changes: readonly Change[],
  references: ReadonlyMap<string, readonly string[]>,
  file: string,
): DeclaredResource {
  const where = `${file} ${change.address}`;
  const read = (path: string): unknown =>
    unknownAt(change.afterUnknown, path) ? new Unknown(`${path} is known only after apply`, change.address) : readPath(change.after, path);
  const source = type.inherited?.from.find((p) => {
    const value = read(p);
    return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  });
  const view = viewFrom(
    type.fields,
    (field, name) => {
      const value = read(field.path);
      if (field.path === ENGINE_VERSION && isUnknown(value)) return undefined;
      if ((value === undefined || value === null) && source && type.inherited?.fields.includes(name)) {
        return new Unknown(`${field.path} comes from ${source}`);
      }
      return value;
    },
    where,
    () => change.address,
  );
  if (view['identifier'] === undefined) view['identifier'] = change.address;
  if (type.kind === dmsEndpoint && view['iamAuthEnabled'] === undefined) {
    view['iamAuthEnabled'] = iamAuthFromConnectionAttributes(read('extra_connection_attributes'), `${where} extra_connection_attributes`) ?? false;
  }
  if (change.type === 'aws_neptune_cluster' || (change.type === 'aws_rds_cluster' && view['engine'] === 'neptune')) {
    view['multiAZ'] = neptuneMultiAz(clusterInstanceZones(change, view['identifier'], changes, references));
  }
  return { kind: type.kind, sourceType: change.type, name: change.address, view, tags: tagsOf(change, read), suppressions: [] };
}

const INSTANCE_TYPES = ['aws_neptune_cluster_instance', 'aws_rds_cluster_instance'];

function clusterInstanceZones(cluster: Change, identifier: unknown, changes: readonly Change[], references: ReadonlyMap<string, readonly string[]>): unknown[] {
  return changes
    .filter((change) => INSTANCE_TYPES.includes(change.type))
    .filter((instance) => {
      const named = instance.after['cluster_identifier'];
      if (typeof named === 'string' && typeof identifier === 'string' && named === identifier) return true;
      return (references.get(instance.address) ?? []).some((ref) => ref === cluster.address || ref.startsWith(`${cluster.address}.`));
    })
    .map((instance) =>
      unknownAt(instance.afterUnknown, 'availability_zone') ? new Unknown('availability_zone is known only after apply') : instance.after['availability_zone'] ?? undefined,
    )
    .map((zone) => (zone === undefined || zone === null ? new Unknown('availability_zone not stated') : zone));
}

/** `configuration.root_module.resources[].expressions.cluster_identifier.references`, by address. */
function configurationReferences(plan: Record<string, unknown>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const configuration = plan['configuration'];
  const root = isObject(configuration) ? configuration['root_module'] : undefined;
  const resources = isObject(root) && Array.isArray(root['resources']) ? root['resources'] : [];
  for (const resource of resources) {
    if (!isObject(resource) || typeof resource['address'] !== 'string' || !isObject(resource['expressions'])) continue;
    const expression = resource['expressions']['cluster_identifier'];
    const refs = isObject(expression) && Array.isArray(expression['references']) ? expression['references'].filter((r): r is string => typeof r === 'string') : [];
    found.set(resource['address'], refs);
  }
  return found;
}

function tagsOf(change: Change, read: (path: string) => unknown): DeclaredResource['tags'] {
  for (const key of ['tags_all', 'tags']) {
    const tags = read(key);
    if (tags === undefined || tags === null) continue;
    if (isUnknown(tags)) return key === 'tags_all' && isObject(change.after['tags']) ? plainTags(change, 'tags') : tags;
    return plainTags(change, key);
  }
  return {};
}

function plainTags(change: Change, key: string): Record<string, string | Unknown> {
  const tags = change.after[key];
  const result: Record<string, string | Unknown> = {};
  for (const [name, value] of Object.entries(isObject(tags) ? tags : {})) {
    result[name] = unknownAt(change.afterUnknown, `${key}.${name}`) ? new Unknown(`tag ${name} is known only after apply`) : typeof value === 'string' ? value : JSON.stringify(value ?? '');
  }
  return result;
}
