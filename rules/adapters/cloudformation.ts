import type { ResourceKind } from '../kit';
import { dbCluster, dbInstance, dmsEndpoint } from '../kit';
import { isObject } from '../kit/fields';
import type { DeclaredResource, Suppression } from './declared';
import { Unknown, isUnknown } from './declared';
import { iamAuthFromConnectionAttributes, neptuneMultiAz } from './shared';
import type { DeclaredField } from './values';
import { InvalidDeclarationError, readPath, viewFrom } from './values';

/**
 * CloudFormation resources to views. Each type lists, per view field, the property it comes from and the
 * value AWS uses when the template leaves it out, with the page that documents it. Sources:
 * - CFN-NEPTUNE: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-neptune-dbcluster.html
 * - NEPTUNE-API: https://docs.aws.amazon.com/neptune/latest/apiref/API_CreateDBCluster.html
 * - CFN-RDS-CLUSTER: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbcluster.html
 * - RDS-API-CLUSTER: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html
 * - CFN-RDS-INSTANCE: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html
 * - RDS-API-INSTANCE: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 * - DMS-NEPTUNE: https://docs.aws.amazon.com/dms/latest/APIReference/API_NeptuneSettings.html
 */
interface CloudFormationType {
  readonly kind: ResourceKind<unknown>;
  readonly fields: Readonly<Record<string, DeclaredField>>;
  /** Values the type implies (a Neptune cluster's engine). */
  readonly fixed?: Readonly<Record<string, unknown>>;
  /**
   * When one of these properties is set, the listed fields that the template leaves out come from a snapshot or
   * source. The engine version is not among them: the rules read it only to word the fix for a version too old
   * for IAM authentication, never to decide compliance, so a version the template does not state is judged absent.
   */
  readonly inherited?: { readonly from: readonly string[]; readonly fields: readonly string[] };
}

const NEPTUNE_CLUSTER: CloudFormationType = {
  kind: dbCluster,
  fixed: { engine: 'neptune' },
  fields: {
    identifier: { path: 'DBClusterIdentifier', type: 'string', naming: true },
    engineVersion: { path: 'EngineVersion', type: 'string' },
    iamDatabaseAuthentication: {
      path: 'IamAuthEnabled',
      type: 'boolean',
      default: { value: false, source: 'NEPTUNE-API EnableIAMDatabaseAuthentication: "Default: false"' },
    },
    // No default: neither CFN-NEPTUNE nor NEPTUNE-API states one, so an absent StorageEncrypted stays unrecorded.
    storageEncrypted: { path: 'StorageEncrypted', type: 'boolean' },
    kmsKeyId: { path: 'KmsKeyId', type: 'string' },
    cloudwatchLogsExports: {
      path: 'EnableCloudwatchLogsExports',
      type: 'strings',
      default: { value: [], source: 'NEPTUNE-API EnableCloudwatchLogsExports: only the listed log types are exported' },
    },
    backupRetentionPeriod: {
      path: 'BackupRetentionPeriod',
      type: 'integer',
      default: { value: 1, source: 'CFN-NEPTUNE BackupRetentionPeriod and NEPTUNE-API: "Default: 1"' },
    },
    deletionProtection: {
      path: 'DeletionProtection',
      type: 'boolean',
      default: { value: false, source: 'NEPTUNE-API: "when you create a new cluster using CreateDBCluster directly, deletion protection is disabled by default"' },
    },
    copyTagsToSnapshot: {
      path: 'CopyTagsToSnapshot',
      type: 'boolean',
      default: { value: false, source: 'NEPTUNE-API CopyTagsToSnapshot: tags are copied only "if set to true"' },
    },
  },
  inherited: { from: ['SnapshotIdentifier', 'SourceDBClusterIdentifier'], fields: ['storageEncrypted', 'kmsKeyId'] },
};

const RDS_CLUSTER: CloudFormationType = {
  kind: dbCluster,
  fields: {
    identifier: { path: 'DBClusterIdentifier', type: 'string', naming: true },
    engine: { path: 'Engine', type: 'string' },
    engineVersion: { path: 'EngineVersion', type: 'string' },
    // Absent EngineMode is provisioned (CFN-RDS-CLUSTER EngineMode); the rules only ask whether it is "serverless".
    engineMode: { path: 'EngineMode', type: 'string' },
    iamDatabaseAuthentication: {
      path: 'EnableIAMDatabaseAuthentication',
      type: 'boolean',
      default: { value: false, source: 'RDS-API-CLUSTER EnableIAMDatabaseAuthentication: "By default, mapping isn\'t enabled"' },
    },
    storageEncrypted: { path: 'StorageEncrypted', type: 'boolean' },
    kmsKeyId: { path: 'KmsKeyId', type: 'string' },
    cloudwatchLogsExports: {
      path: 'EnableCloudwatchLogsExports',
      type: 'strings',
      default: { value: [], source: 'RDS-API-CLUSTER EnableCloudwatchLogsExports: only the listed log types are exported' },
    },
    backupRetentionPeriod: {
      path: 'BackupRetentionPeriod',
      type: 'integer',
      default: { value: 1, source: 'CFN-RDS-CLUSTER BackupRetentionPeriod and RDS-API-CLUSTER: "Default: 1"' },
    },
    deletionProtection: {
      path: 'DeletionProtection',
      type: 'boolean',
      default: { value: false, source: 'RDS-API-CLUSTER DeletionProtection: "By default, deletion protection isn\'t enabled"' },
    },
    copyTagsToSnapshot: {
      path: 'CopyTagsToSnapshot',
      type: 'boolean',
      default: { value: false, source: 'RDS-API-CLUSTER CopyTagsToSnapshot: "The default is not to copy them"' },
    },
    masterUsername: { path: 'MasterUsername', type: 'string' },
  },
  inherited: {
    from: ['SnapshotIdentifier', 'SourceDBClusterIdentifier', 'GlobalClusterIdentifier'],
    fields: ['masterUsername', 'storageEncrypted', 'kmsKeyId'],
  },
};

const RDS_INSTANCE: CloudFormationType = {
  kind: dbInstance,
  fields: {
    identifier: { path: 'DBInstanceIdentifier', type: 'string', naming: true },
    engine: { path: 'Engine', type: 'string' },
    engineVersion: { path: 'EngineVersion', type: 'string' },
    iamDatabaseAuthentication: {
      path: 'EnableIAMDatabaseAuthentication',
      type: 'boolean',
      default: { value: false, source: 'RDS-API-INSTANCE EnableIAMDatabaseAuthentication: "By default, mapping isn\'t enabled"' },
    },
    clusterIdentifier: { path: 'DBClusterIdentifier', type: 'string', naming: true },
    masterUsername: { path: 'MasterUsername', type: 'string' },
  },
  inherited: {
    from: ['DBSnapshotIdentifier', 'SourceDBInstanceIdentifier', 'SourceDBInstanceAutomatedBackupsArn', 'SourceDbiResourceId', 'DBClusterSnapshotIdentifier'],
    fields: ['engine', 'masterUsername'],
  },
};

const DMS_ENDPOINT: CloudFormationType = {
  kind: dmsEndpoint,
  fields: {
    identifier: { path: 'EndpointIdentifier', type: 'string', naming: true },
    engineName: { path: 'EngineName', type: 'string' },
    endpointType: { path: 'EndpointType', type: 'string' },
    // The default (false, DMS-NEPTUNE: "The default is false") is applied after ExtraConnectionAttributes.
    iamAuthEnabled: { path: 'NeptuneSettings.IamAuthEnabled', type: 'boolean' },
    serviceAccessRoleArn: { path: 'NeptuneSettings.ServiceAccessRoleArn', type: 'string', naming: true },
  },
};

/** The CloudFormation types judged before deploy, by the catalog's Config resource kinds. */
export const CLOUDFORMATION_TYPES: Readonly<Record<string, CloudFormationType>> = {
  'AWS::Neptune::DBCluster': NEPTUNE_CLUSTER,
  'AWS::RDS::DBCluster': RDS_CLUSTER,
  'AWS::RDS::DBInstance': RDS_INSTANCE,
  'AWS::DMS::Endpoint': DMS_ENDPOINT,
};

const INTRINSIC = /^Fn::|^Ref$|^Condition$/;

/** The template's other resources, for what can be known from them at synth (a generated secret's user name). */
type Resources = Readonly<Record<string, unknown>>;

/**
 * Resolves what can be known before deploy: literals, `Ref AWS::NoValue` (the property is absent), Fn::Sub
 * without variables, Fn::Join of literals, Fn::If whose branches agree, and a dynamic reference to a key
 * of a secret that the same template generates from a fixed template (the CDK's database credentials:
 * the user name is fixed at synth, only the password is generated). Everything else is an `Unknown`, and
 * so is any other dynamic reference (`{{resolve:...}}`), which CloudFormation resolves at deploy.
 */
export function resolveIntrinsics(value: unknown, resources: Resources = {}): unknown {
  if (typeof value === 'string') return value.includes('{{resolve:') ? resolveDynamicReference(value, () => undefined, resources) : value;
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, resources));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length === 1 && key !== undefined && INTRINSIC.test(key)) return resolveIntrinsic(key, value[key], resources);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, resources)]));
}

function resolveIntrinsic(name: string, argument: unknown, resources: Resources): unknown {
  switch (name) {
    case 'Ref':
      if (argument === 'AWS::NoValue') return undefined;
      return new Unknown(`Ref ${String(argument)}`, String(argument));
    case 'Fn::GetAtt': {
      const target = Array.isArray(argument) ? argument.map(String).join('.') : String(argument);
      return new Unknown(`Fn::GetAtt ${target}`, target);
    }
    case 'Fn::Sub':
      if (typeof argument === 'string' && !/\$\{(?!!)/.test(argument)) return resolveIntrinsics(argument.replace(/\$\{!/g, '${'), resources);
      return new Unknown('Fn::Sub with variables');
    case 'Fn::Join': {
      if (!Array.isArray(argument) || typeof argument[0] !== 'string' || !Array.isArray(argument[1])) return new Unknown('Fn::Join');
      const separator = argument[0];
      const rawParts = argument[1] as unknown[];
      const refs: string[] = [];
      // Refs become placeholders, so that a dynamic reference to a secret of this template can be read.
      const text = rawParts
        .map((part) => {
          if (isObject(part) && typeof part['Ref'] === 'string' && Object.keys(part).length === 1) {
            refs.push(part['Ref']);
            return `\uE000${refs.length - 1}\uE000`;
          }
          // A part is only a piece of the text: a dynamic reference is read once the parts are joined.
          const resolved = typeof part === 'string' ? part : resolveIntrinsics(part, resources);
          return typeof resolved === 'string' ? resolved : undefined;
        })
        .reduce<string | undefined>((joined, part, i) => (joined === undefined || part === undefined ? undefined : i === 0 ? part : joined + separator + part), '');
      if (text !== undefined && text.includes('{{resolve:')) return resolveDynamicReference(text, (i) => refs[i], resources);
      if (text !== undefined && refs.length === 0) return text;
      return new Unknown('Fn::Join of values set at deploy');
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = Array.isArray(argument) ? (argument as unknown[]) : [];
      const a = resolveIntrinsics(whenTrue, resources);
      const b = resolveIntrinsics(whenFalse, resources);
      if (!containsUnknown(a) && JSON.stringify(a) === JSON.stringify(b)) return a;
      return new Unknown(`Fn::If on condition ${String(condition)}`);
    }
    default:
      return new Unknown(name);
  }
}

const SECRET_KEY_REFERENCE = /^\{\{resolve:secretsmanager:\uE000(\d+)\uE000:SecretString:([^:}]+)(?::(?:AWSCURRENT)?:?)?\}\}$/;

/**
 * `{{resolve:secretsmanager:<Ref Secret>:SecretString:<key>}}` where the template's own secret fixes that key
 * (GenerateSecretString's SecretStringTemplate, or a literal SecretString): the key's value. Any other
 * dynamic reference is resolved by CloudFormation at deploy.
 */
function resolveDynamicReference(text: string, refAt: (index: number) => string | undefined, resources: Resources): unknown {
  const match = SECRET_KEY_REFERENCE.exec(text);
  const secretId = match ? refAt(Number(match[1])) : undefined;
  const key = match?.[2];
  const secret = secretId !== undefined ? resources[secretId] : undefined;
  if (key !== undefined && isObject(secret) && secret['Type'] === 'AWS::SecretsManager::Secret' && isObject(secret['Properties'])) {
    const generate = secret['Properties']['GenerateSecretString'];
    const fixed = isObject(generate) && generate['GenerateStringKey'] !== key ? generate['SecretStringTemplate'] : secret['Properties']['SecretString'];
    try {
      const values: unknown = typeof fixed === 'string' ? JSON.parse(fixed) : undefined;
      if (isObject(values) && typeof values[key] === 'string') return values[key];
    } catch {
      // Not JSON: the key cannot be read before deploy.
    }
  }
  return new Unknown(`a dynamic reference (${text.replace(/\uE000\d+\uE000/g, (p) => `<${refAt(Number(p.slice(1, -1))) ?? ''}>`)}) resolved at deploy`);
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  return isObject(value) && Object.values(value).some(containsUnknown);
}

export interface TemplateOptions {
  /** Where the template came from, for error messages. */
  readonly file?: string;
  /** The line of a resource's logical id in the file, when the parser kept positions. */
  readonly lineOf?: (logicalId: string) => number | undefined;
}

/** Every resource of a judged type in a CloudFormation template (a parsed JSON or YAML object). */
export function declaredFromTemplate(template: unknown, options: TemplateOptions = {}): DeclaredResource[] {
  const where = options.file ?? 'template';
  if (!isObject(template) || !isObject(template['Resources'])) {
    throw new InvalidDeclarationError(where, 'not a CloudFormation template: no Resources section');
  }
  const resources = template['Resources'];
  const declared: DeclaredResource[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource['Type'] !== 'string') {
      throw new InvalidDeclarationError(`${where} ${logicalId}`, 'a resource needs a Type');
    }
    const type = CLOUDFORMATION_TYPES[resource['Type']];
    if (!type) continue;
    declared.push(declareResource(logicalId, resource, type, resources, where, options.lineOf?.(logicalId)));
  }
  return declared;
}

/** One resource's properties (as CloudFormation would receive them) to its declared view. */
export function declaredFromProperties(
  resourceType: string,
  logicalId: string,
  properties: unknown,
  where = 'resource configuration',
): DeclaredResource | undefined {
  const type = CLOUDFORMATION_TYPES[resourceType];
  if (!type) return undefined;
  return declareResource(logicalId, { Type: resourceType, Properties: properties ?? {} }, type, {}, where, undefined);
}

function declareResource(
  logicalId: string,
  resource: Record<string, unknown>,
  type: CloudFormationType,
  resources: Record<string, unknown>,
  file: string,
  line: number | undefined,
): DeclaredResource {
  const where = `${file} ${logicalId}`;
  const raw = resource['Properties'] ?? {};
  if (!isObject(raw)) throw new InvalidDeclarationError(`${where} Properties`, 'expected an object');
  const properties = resolveIntrinsics(raw, resources) as Record<string, unknown>;
  const source = type.inherited?.from.find((p) => properties[p] !== undefined);
  const view = viewFrom(
    type.fields,
    (field, name) => {
      const value = readPath(properties, field.path);
      if (value === undefined && source && type.inherited?.fields.includes(name)) {
        return new Unknown(`${field.path} comes from ${source}`);
      }
      return value;
    },
    where,
    (unknown) => unknown.label,
  );
  Object.assign(view, type.fixed ?? {});
  if (view['identifier'] === undefined) view['identifier'] = logicalId;
  if (type.kind === dmsEndpoint && view['iamAuthEnabled'] === undefined) {
    view['iamAuthEnabled'] = iamAuthFromConnectionAttributes(properties['ExtraConnectionAttributes'], `${where} ExtraConnectionAttributes`) ?? false;
  }
  if (resource['Type'] === 'AWS::Neptune::DBCluster') {
    view['multiAZ'] = neptuneMultiAz(neptuneInstancesOf(logicalId, view['identifier'], resources));
  }
  return {
    kind: type.kind,
    sourceType: String(resource['Type']),
    name: logicalId,
    view,
    tags: tagsOf(properties['Tags'], where),
    suppressions: suppressionsOf(resource['Metadata'], where),
    ...(cdkPathOf(resource['Metadata']) ? { cdkPath: cdkPathOf(resource['Metadata']) } : {}),
    ...(line !== undefined ? { line } : {}),
  };
}

/** The Availability Zones of the template's AWS::Neptune::DBInstance resources that belong to this cluster. */
function neptuneInstancesOf(logicalId: string, identifier: unknown, resources: Record<string, unknown>): unknown[] {
  const zones: unknown[] = [];
  for (const resource of Object.values(resources)) {
    if (!isObject(resource) || resource['Type'] !== 'AWS::Neptune::DBInstance' || !isObject(resource['Properties'])) continue;
    const cluster = resource['Properties']['DBClusterIdentifier'];
    const belongs =
      (isObject(cluster) && cluster['Ref'] === logicalId) ||
      (typeof cluster === 'string' && typeof identifier === 'string' && cluster.toLowerCase() === identifier.toLowerCase());
    if (belongs) zones.push(resolveIntrinsics(resource['Properties']['AvailabilityZone'], resources));
  }
  return zones;
}

function tagsOf(raw: unknown, where: string): DeclaredResource['tags'] {
  if (raw === undefined) return {};
  if (isUnknown(raw)) return raw;
  if (!Array.isArray(raw)) throw new InvalidDeclarationError(`${where} Tags`, 'expected a list of Key and Value');
  const tags: Record<string, string | Unknown> = {};
  for (const entry of raw) {
    if (isUnknown(entry)) return entry;
    if (!isObject(entry)) throw new InvalidDeclarationError(`${where} Tags`, 'expected a list of Key and Value');
    const { Key: key, Value: value } = entry;
    if (isUnknown(key)) return key;
    if (typeof key !== 'string') throw new InvalidDeclarationError(`${where} Tags`, 'a tag Key must be a string');
    tags[key] = isUnknown(value) ? value : tagText(value, `${where} Tags ${key}`);
  }
  return tags;
}

/**
 * Suppressions with reasons, in the resource's metadata (the CDK: `resource.addMetadata('dbauth', ...)`):
 * `Metadata: { dbauth: { suppressions: [{ rule: <rule id>, reason: <why> }] } }`.
 */
export function suppressionsOf(metadata: unknown, where: string): Suppression[] {
  if (!isObject(metadata) || metadata['dbauth'] === undefined) return [];
  const list = isObject(metadata['dbauth']) ? metadata['dbauth']['suppressions'] : undefined;
  if (!Array.isArray(list)) throw new InvalidDeclarationError(`${where} Metadata.dbauth`, 'expected { suppressions: [{ rule, reason }] }');
  return list.map((entry, i) => {
    const rule: unknown = isObject(entry) ? entry['rule'] : undefined;
    const reason: unknown = isObject(entry) ? entry['reason'] : undefined;
    if (typeof rule !== 'string' || typeof reason !== 'string' || reason.trim() === '') {
      throw new InvalidDeclarationError(`${where} Metadata.dbauth.suppressions[${i}]`, 'each suppression needs a rule id and a reason');
    }
    return { rule, reason: reason.trim() };
  });
}

function cdkPathOf(metadata: unknown): string | undefined {
  return isObject(metadata) && typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : undefined;
}

function tagText(value: unknown, where: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new InvalidDeclarationError(where, 'a tag Value must be a string');
}
