/**
 * An in-memory AWS account with the RDS, Neptune and DMS behaviour that the rules and runbooks depend on,
 * served behind the real SDK v3 clients (see `transport.ts`).
 *
 * Modelled on AWS, not on our code: the RDS and Neptune Describe APIs return every engine's resources
 * (Aurora, Neptune and DocumentDB are all RDS clusters), Describe calls page with Marker/MaxRecords
 * (20–100, default 100) and filter by resource id, engine and type, a modification puts the resource in
 * `modifying` for a few describes before it is applied, instance changes and Aurora or Multi-AZ DB
 * cluster IAM authentication changes made without ApplyImmediately wait in PendingModifiedValues for the
 * maintenance window (Neptune and DocumentDB apply cluster changes at once, whatever ApplyImmediately
 * says), and invalid requests fail with the error AWS returns: IAM authentication on an engine, engine
 * version or engine mode that cannot have it is InvalidParameterCombination.
 *
 * Every describe is O(page): id filters are answered from indexes, other filters scan forward from the
 * Marker, so sweeping N resources costs O(N), whatever the page size.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import type {
  DBCluster,
  DBClusterSnapshot,
  DBClusterSnapshotAttribute,
  DBInstance,
  Filter,

} from '@aws-sdk/client-rds';
import { NeptuneClient } from '@aws-sdk/client-neptune';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { STSClient } from '@aws-sdk/client-sts';
import type { Endpoint, NeptuneSettings, Tag as DmsTag } from '@aws-sdk/client-database-migration-service';
import { partitionOf } from '../rules/kit/clients';
import { serveFromMemory, SimulatedServiceError, simulatedCredentials } from './transport';
import type { OperationHandler, OperationHandlers } from './transport';

export type SimulatedService = 'rds' | 'neptune' | 'dms' | 'config' | 'sts';

export interface SimulatedAccountCall {
  service: SimulatedService;
  operation: string;
  input: Record<string, unknown>;
}

export interface SimulatedAccountOptions {
  accountId?: string;
  region?: string;
  /** How many describes a modified resource stays `modifying` before the change is applied (default 2). */
  modifyingDescribes?: number;
  /** Fail every Nth API call (across services) with ThrottlingException; 0 or absent = never. */
  throttleEveryNth?: number;
  /** Extra configuration for the clients this account hands out (e.g. maxAttempts, retryStrategy). */
  clientConfig?: Record<string, unknown>;
}

const DEFAULT_PAGE = 100;
const MIN_PAGE = 20;
const MAX_PAGE = 100;

/** Log types each engine can export to CloudWatch Logs. */
const LOG_TYPES: Record<string, readonly string[]> = {
  neptune: ['audit', 'slowquery'],
  docdb: ['audit', 'profiler'],
  'aurora-mysql': ['audit', 'error', 'general', 'slowquery', 'iam-db-auth-error'],
  aurora: ['audit', 'error', 'general', 'slowquery'],
  'aurora-postgresql': ['postgresql', 'iam-db-auth-error'],
  mysql: ['error', 'general', 'slowquery', 'iam-db-auth-error'],
  postgres: ['postgresql', 'upgrade', 'iam-db-auth-error'],
};

/** Engines whose instances or clusters can use IAM database authentication. */
const IAM_CLUSTER_ENGINES = new Set(['neptune', 'aurora', 'aurora-mysql', 'aurora-postgresql', 'mysql', 'postgres']);
const IAM_INSTANCE_ENGINES = new Set(['mysql', 'postgres', 'mariadb']);

/**
 * Engine versions too old for IAM database authentication ("Supported Regions and DB engines for IAM
 * database authentication in Amazon RDS"): each line, by version prefix, with its first version that has
 * it. Kept apart from the rules' table on purpose: the account models AWS, and a test checks the two agree.
 */
const IAM_MINIMUM_VERSIONS: Record<string, readonly [prefix: string, minimum: string][]> = {
  mariadb: [['10.', '10.11.0']],
  mysql: [
    ['5.6.', '5.6.34'],
    ['5.7.', '5.7.16'],
  ],
};

/** The leading numbers of a version string: "5.7.15-rds.20240408" → [5, 7, 15], "5.6.19a" → [5, 6, 19]. */
function versionNumbers(version: string): number[] {
  const numbers: number[] = [];
  for (const part of version.split('.')) {
    const match = /^\d+/.exec(part);
    if (!match) break;
    numbers.push(Number(match[0]));
    if (match[0] !== part) break;
  }
  return numbers;
}

function olderThan(version: string, minimum: string): boolean {
  const a = versionNumbers(version);
  const b = versionNumbers(minimum);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** Whether AWS refuses to turn IAM database authentication on for this engine at this version. */
function iamVersionTooOld(engine: string, version: string | undefined): boolean {
  if (version === undefined) return false;
  return (IAM_MINIMUM_VERSIONS[engine] ?? []).some(([prefix, minimum]) => version.startsWith(prefix) && olderThan(version, minimum));
}

/** Engines whose ModifyDBCluster applies every change at once, whatever ApplyImmediately says. */
const IMMEDIATE_CLUSTER_ENGINES = new Set(['neptune', 'docdb']);

interface Tracked<T> {
  value: T;
  /** Describes left before the pending change is applied; 0 when nothing is in flight. */
  describesLeft: number;
  /** Applies the change in flight and makes the resource available again. */
  complete?: () => void;
}

/** An ordered table with a unique primary key and any number of secondary keys (all compared lower-case). */
class Table<T> {
  readonly rows: Tracked<T>[] = [];
  private readonly indexes = new Map<string, Map<string, number>>();

  constructor(private readonly keyNames: readonly string[]) {
    for (const name of keyNames) this.indexes.set(name, new Map());
  }

  insert(value: T, keys: Record<string, string | undefined>): void {
    const primary = this.keyNames[0] ?? '';
    const primaryKey = keys[primary];
    if (!primaryKey) throw new Error(`a simulated resource needs ${primary}`);
    if (this.find(primary, primaryKey)) throw new Error(`duplicate simulated resource ${primaryKey}`);
    const position = this.rows.push({ value, describesLeft: 0 }) - 1;
    for (const [name, key] of Object.entries(keys)) {
      if (key) this.indexes.get(name)?.set(key.toLowerCase(), position);
    }
  }

  find(keyName: string, key: string): Tracked<T> | undefined {
    const position = this.indexes.get(keyName)?.get(key.toLowerCase());
    return position === undefined ? undefined : this.rows[position];
  }

  positions(keyName: string, keys: readonly string[]): number[] {
    const index = this.indexes.get(keyName);
    const found = new Set<number>();
    for (const key of keys) {
      const position = index?.get(key.toLowerCase());
      if (position !== undefined) found.add(position);
    }
    return [...found].sort((a, b) => a - b);
  }
}

/** An input member as a string: the SDK has already checked its type. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function invalidParameter(message: string): SimulatedServiceError {
  return new SimulatedServiceError('InvalidParameterValue', message);
}

function readPageSize(input: Record<string, unknown>): number {
  const max = input.MaxRecords;
  if (max === undefined) return DEFAULT_PAGE;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < MIN_PAGE || max > MAX_PAGE) {
    throw invalidParameter(`Invalid value ${text(max)} for MaxRecords. Must be between ${MIN_PAGE} and ${MAX_PAGE}`);
  }
  return max;
}

function readMarker(input: Record<string, unknown>): number {
  const marker = input.Marker;
  if (marker === undefined || marker === '') return 0;
  const match = typeof marker === 'string' ? /^p(\d+)$/.exec(marker) : null;
  if (!match?.[1]) throw invalidParameter(`The marker ${text(marker)} is not valid`);
  return Number(match[1]);
}

type FilterMap = Map<string, string[]>;

function readFilters(input: Record<string, unknown>, supported: readonly string[]): FilterMap {
  const filters: FilterMap = new Map();
  const given = (input.Filters ?? []) as Filter[];
  for (const filter of given) {
    const name = filter.Name ?? '';
    if (!supported.includes(name)) throw invalidParameter(`Unrecognized filter name: ${name}`);
    if (!filter.Values || filter.Values.length === 0) throw invalidParameter(`The filter ${name} needs at least one value`);
    filters.set(name, [...(filters.get(name) ?? []), ...filter.Values]);
  }
  return filters;
}

function matchesAny(value: string | undefined, wanted: readonly string[] | undefined): boolean {
  if (!wanted) return true;
  const lower = (value ?? '').toLowerCase();
  return wanted.some((w) => w.toLowerCase() === lower);
}

interface PageRequest<T> {
  table: Table<T>;
  /** Positions to consider when an id filter narrows the search; otherwise the whole table. */
  candidates?: number[] | undefined;
  accept: (value: T) => boolean;
  input: Record<string, unknown>;
}

/** One page of matching rows, scanning forward from the Marker; never looks beyond what the page needs. */
function pageOf<T>({ table, candidates, accept, input }: PageRequest<T>): { rows: Tracked<T>[]; marker?: string } {
  const size = readPageSize(input);
  let cursor = readMarker(input);
  const limit = candidates ? candidates.length : table.rows.length;
  const rows: Tracked<T>[] = [];
  while (cursor < limit && rows.length < size) {
    const position = candidates ? candidates[cursor] : cursor;
    cursor += 1;
    const row = position === undefined ? undefined : table.rows[position];
    if (row && accept(row.value)) rows.push(row);
  }
  return cursor < limit ? { rows, marker: `p${cursor}` } : { rows };
}

function idFilterCandidates<T>(table: Table<T>, filters: FilterMap, byFilter: Record<string, string>): number[] | undefined {
  let candidates: number[] | undefined;
  for (const [filterName, keyName] of Object.entries(byFilter)) {
    const values = filters.get(filterName);
    if (!values) continue;
    const found = table.positions(keyName, values);
    candidates = candidates ? candidates.filter((p) => found.includes(p)) : found;
  }
  return candidates;
}

function neptuneDefaults(settings: NeptuneSettings): NeptuneSettings {
  return { ErrorRetryDuration: 250, MaxFileSize: 1048576, MaxRetryCount: 5, IamAuthEnabled: false, ...settings };
}

export class SimulatedAccount {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Every API call served, in order, retries included (as AWS counts them). */
  readonly calls: SimulatedAccountCall[] = [];
  throttleEveryNth: number;

  private readonly modifyingDescribes: number;
  private readonly clientConfig: Record<string, unknown>;
  private readonly clusters = new Table<DBCluster>(['id', 'resourceId', 'arn']);
  private readonly instances = new Table<DBInstance>(['id', 'resourceId', 'arn']);
  private readonly snapshots = new Table<DBClusterSnapshot>(['id', 'arn']);
  private readonly snapshotAttributes = new Map<string, DBClusterSnapshotAttribute[]>();
  private readonly endpoints = new Table<Endpoint>(['arn', 'id']);
  private readonly endpointTags = new Map<string, DmsTag[]>();
  private readonly clients = new Map<SimulatedService, unknown>();

  constructor(options: SimulatedAccountOptions = {}) {
    this.accountId = options.accountId ?? '111122223333';
    this.region = options.region ?? 'us-east-1';
    this.partition = partitionOf(this.region);
    this.modifyingDescribes = options.modifyingDescribes ?? 2;
    this.throttleEveryNth = options.throttleEveryNth ?? 0;
    this.clientConfig = options.clientConfig ?? {};
  }

  // ---- seeding -------------------------------------------------------------------------------------

  addCluster(cluster: DBCluster): this {
    const id = cluster.DBClusterIdentifier;
    if (!id) throw new Error('addCluster: DBClusterIdentifier is required');
    const value: DBCluster = {
      Status: 'available',
      TagList: [],
      DBClusterArn: this.arn('rds', `cluster:${id}`),
      ...clone(cluster),
    };
    this.clusters.insert(value, { id, resourceId: value.DbClusterResourceId, arn: value.DBClusterArn });
    return this;
  }

  addInstance(instance: DBInstance): this {
    const id = instance.DBInstanceIdentifier;
    if (!id) throw new Error('addInstance: DBInstanceIdentifier is required');
    const value: DBInstance = {
      DBInstanceStatus: 'available',
      TagList: [],
      PendingModifiedValues: {},
      DBInstanceArn: this.arn('rds', `db:${id}`),
      ...clone(instance),
    };
    this.instances.insert(value, { id, resourceId: value.DbiResourceId, arn: value.DBInstanceArn });
    return this;
  }

  addClusterSnapshot(snapshot: DBClusterSnapshot, attributes?: DBClusterSnapshotAttribute[]): this {
    const id = snapshot.DBClusterSnapshotIdentifier;
    if (!id) throw new Error('addClusterSnapshot: DBClusterSnapshotIdentifier is required');
    const value: DBClusterSnapshot = {
      Status: 'available',
      SnapshotType: 'manual',
      TagList: [],
      DBClusterSnapshotArn: this.arn('rds', `cluster-snapshot:${id}`),
      ...clone(snapshot),
    };
    this.snapshots.insert(value, { id, arn: value.DBClusterSnapshotArn });
    this.snapshotAttributes.set(id.toLowerCase(), clone(attributes ?? [{ AttributeName: 'restore', AttributeValues: [] }]));
    return this;
  }

  addEndpoint(endpoint: Endpoint, tags: DmsTag[] = []): this {
    const id = endpoint.EndpointIdentifier;
    if (!id) throw new Error('addEndpoint: EndpointIdentifier is required');
    const value: Endpoint = {
      Status: 'active',
      EndpointArn: this.arn('dms', `endpoint:${id.toUpperCase().replace(/-/g, '')}`),
      ...clone(endpoint),
    };
    if (value.NeptuneSettings) value.NeptuneSettings = neptuneDefaults(value.NeptuneSettings);
    this.endpoints.insert(value, { arn: value.EndpointArn, id });
    this.endpointTags.set((value.EndpointArn ?? '').toLowerCase(), clone(tags));
    return this;
  }

  // ---- reading the state directly (tests, demo) ----------------------------------------------------

  /** A copy of the cluster with this identifier, resource id or ARN. */
  cluster(key: string): DBCluster | undefined {
    const row = this.clusters.find('id', key) ?? this.clusters.find('resourceId', key) ?? this.clusters.find('arn', key);
    return row && clone(row.value);
  }

  instance(key: string): DBInstance | undefined {
    const row = this.instances.find('id', key) ?? this.instances.find('resourceId', key) ?? this.instances.find('arn', key);
    return row && clone(row.value);
  }

  clusterSnapshot(key: string): DBClusterSnapshot | undefined {
    const row = this.snapshots.find('id', key) ?? this.snapshots.find('arn', key);
    return row && clone(row.value);
  }

  clusterSnapshotAttributes(identifier: string): DBClusterSnapshotAttribute[] {
    return clone(this.snapshotAttributes.get(identifier.toLowerCase()) ?? []);
  }

  endpoint(key: string): Endpoint | undefined {
    const row = this.endpoints.find('arn', key) ?? this.endpoints.find('id', key);
    return row && clone(row.value);
  }

  endpointTagList(arn: string): DmsTag[] {
    return clone(this.endpointTags.get(arn.toLowerCase()) ?? []);
  }

  allClusters(): DBCluster[] {
    return this.clusters.rows.map((r) => clone(r.value));
  }

  allInstances(): DBInstance[] {
    return this.instances.rows.map((r) => clone(r.value));
  }

  allClusterSnapshots(): DBClusterSnapshot[] {
    return this.snapshots.rows.map((r) => clone(r.value));
  }

  allEndpoints(): Endpoint[] {
    return this.endpoints.rows.map((r) => clone(r.value));
  }

  /** Finishes every modification in flight, as time passing would. */
  settle(): void {
    for (const table of [this.clusters, this.instances, this.endpoints] as Table<unknown>[]) {
      for (const row of table.rows) this.finish(row);
    }
  }

  /** Applies the instance and cluster modifications that wait for the maintenance window. */
  runMaintenanceWindow(): void {
    this.settle();
    for (const row of this.instances.rows) applyInstancePending(row.value);
    for (const row of this.clusters.rows) applyClusterPending(row.value);
  }

  // ---- clients -------------------------------------------------------------------------------------

  rdsClient(): RDSClient {
    return this.client('rds', () => new RDSClient(this.config()), this.rdsHandlers());
  }

  neptuneClient(): NeptuneClient {
    // The Neptune API is the RDS API under another name: same resources, same behaviour.
    return this.client('neptune', () => new NeptuneClient(this.config()), this.rdsHandlers());
  }

  dmsClient(): DatabaseMigrationServiceClient {
    return this.client('dms', () => new DatabaseMigrationServiceClient(this.config()), this.dmsHandlers());
  }

  /** AWS Config is not simulated: its client answers every call with InvalidAction. */
  configClient(): ConfigServiceClient {
    return this.client('config', () => new ConfigServiceClient(this.config()), {});
  }

  /** The clients of this account in the shape the rule runtime takes (rules/kit AwsClients). */
  awsClients(): {
    accountId: string;
    region: string;
    config: ConfigServiceClient;
    rds: RDSClient;
    dms: DatabaseMigrationServiceClient;
  } {
    return { accountId: this.accountId, region: this.region, config: this.configClient(), rds: this.rdsClient(), dms: this.dmsClient() };
  }

  private config(): { region: string; credentials: typeof simulatedCredentials } & Record<string, unknown> {
    return { region: this.region, credentials: simulatedCredentials, ...this.clientConfig };
  }

  /**
   * Serves this account's APIs on a client made elsewhere (for example by the rule runtime's client
   * factory or the CLI), so that code which builds its own clients still talks to this account.
   */
  serve(client: object): void {
    if (client instanceof NeptuneClient) this.install(client, 'neptune', this.rdsHandlers());
    else if (client instanceof RDSClient) this.install(client, 'rds', this.rdsHandlers());
    else if (client instanceof DatabaseMigrationServiceClient) this.install(client, 'dms', this.dmsHandlers());
    else if (client instanceof STSClient) this.install(client, 'sts', this.stsHandlers());
    else if (client instanceof ConfigServiceClient) this.install(client, 'config', {});
  }

  private stsHandlers(): OperationHandlers {
    return {
      GetCallerIdentity: () => ({
        Account: this.accountId,
        Arn: `arn:${this.partition}:sts::${this.accountId}:assumed-role/security-audit/scanner`,
        UserId: 'AROASIMULATED:scanner',
      }),
    };
  }

  private client<C extends object>(service: SimulatedService, make: () => C, handlers: OperationHandlers): C {
    const existing = this.clients.get(service) as C | undefined;
    if (existing) return existing;
    const client = make();
    this.install(client, service, handlers);
    this.clients.set(service, client);
    return client;
  }

  private install(client: object, service: SimulatedService, handlers: OperationHandlers): void {
    const logged: OperationHandlers = {};
    for (const [operation, handler] of Object.entries(handlers)) {
      logged[operation] = (input) => {
        this.calls.push({ service, operation, input: clone(input) });
        if (this.throttleEveryNth > 0 && this.calls.length % this.throttleEveryNth === 0) {
          throw new SimulatedServiceError('ThrottlingException', 'Rate exceeded', 400);
        }
        return handler(input);
      };
    }
    serveFromMemory(client, logged, service);
  }

  private arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resource}`;
  }

  // ---- status transitions --------------------------------------------------------------------------

  private startModifying<T>(row: Tracked<T>, setStatus: (status: string) => void, complete: () => void): void {
    if (this.modifyingDescribes <= 0) {
      complete();
      return;
    }
    setStatus('modifying');
    row.describesLeft = this.modifyingDescribes;
    row.complete = complete;
  }

  /** Called for each resource a describe returns: the change in flight advances one step. */
  private advance<T>(row: Tracked<T>): T {
    const shown = clone(row.value);
    if (row.describesLeft > 0) {
      row.describesLeft -= 1;
      if (row.describesLeft === 0) this.finish(row);
    }
    return shown;
  }

  private finish<T>(row: Tracked<T>): void {
    row.describesLeft = 0;
    const complete = row.complete;
    row.complete = undefined;
    complete?.();
  }

  // ---- RDS and Neptune -----------------------------------------------------------------------------

  private rdsHandlers(): OperationHandlers {
    const handlers: Record<string, OperationHandler> = {
      DescribeDBClusters: (input) => this.describeDBClusters(input),
      DescribeDBInstances: (input) => this.describeDBInstances(input),
      DescribeDBClusterSnapshots: (input) => this.describeDBClusterSnapshots(input),
      DescribeDBClusterSnapshotAttributes: (input) => this.describeDBClusterSnapshotAttributes(input),
      ModifyDBCluster: (input) => this.modifyDBCluster(input),
      ModifyDBInstance: (input) => this.modifyDBInstance(input),
      ModifyDBClusterSnapshotAttribute: (input) => this.modifyDBClusterSnapshotAttribute(input),
      ListTagsForResource: (input) => this.listRdsTags(input),
    };
    return handlers;
  }

  private describeDBClusters(input: Record<string, unknown>): unknown {
    const filters = readFilters(input, ['db-cluster-id', 'db-cluster-resource-id', 'engine', 'domain', 'clone-group-id']);
    let candidates = idFilterCandidates(this.clusters, filters, { 'db-cluster-id': 'id', 'db-cluster-resource-id': 'resourceId' });
    const arnCandidates = filters.get('db-cluster-id') && this.clusters.positions('arn', filters.get('db-cluster-id') ?? []);
    if (candidates && arnCandidates) candidates = [...new Set([...candidates, ...arnCandidates])].sort((a, b) => a - b);
    const identifier = input.DBClusterIdentifier as string | undefined;
    if (identifier !== undefined) {
      const row = this.clusters.find('id', identifier) ?? this.clusters.find('arn', identifier);
      if (!row) throw new SimulatedServiceError('DBClusterNotFoundFault', `DBCluster ${identifier} not found.`, 404);
      candidates = [this.clusters.rows.indexOf(row)];
    }
    const page = pageOf({
      table: this.clusters,
      candidates,
      input,
      accept: (c) => matchesAny(c.Engine, filters.get('engine')),
    });
    return { DBClusters: page.rows.map((r) => this.advance(r)), Marker: page.marker };
  }

  private describeDBInstances(input: Record<string, unknown>): unknown {
    const filters = readFilters(input, ['db-cluster-id', 'db-instance-id', 'dbi-resource-id', 'engine', 'domain']);
    let candidates = idFilterCandidates(this.instances, filters, { 'db-instance-id': 'id', 'dbi-resource-id': 'resourceId' });
    const identifier = input.DBInstanceIdentifier as string | undefined;
    if (identifier !== undefined) {
      const row = this.instances.find('id', identifier) ?? this.instances.find('arn', identifier);
      if (!row) throw new SimulatedServiceError('DBInstanceNotFoundFault', `DBInstance ${identifier} not found.`, 404);
      candidates = [this.instances.rows.indexOf(row)];
    }
    const clusterIds = filters.get('db-cluster-id');
    const page = pageOf({
      table: this.instances,
      candidates,
      input,
      accept: (i) =>
        matchesAny(i.Engine, filters.get('engine')) &&
        (!clusterIds || (i.DBClusterIdentifier !== undefined && matchesAny(i.DBClusterIdentifier, clusterIds))),
    });
    return { DBInstances: page.rows.map((r) => this.advance(r)), Marker: page.marker };
  }

  private describeDBClusterSnapshots(input: Record<string, unknown>): unknown {
    const filters = readFilters(input, ['db-cluster-id', 'db-cluster-snapshot-id', 'snapshot-type', 'engine', 'db-cluster-resource-id']);
    let candidates = idFilterCandidates(this.snapshots, filters, { 'db-cluster-snapshot-id': 'id' });
    const identifier = input.DBClusterSnapshotIdentifier as string | undefined;
    if (identifier !== undefined) {
      const row = this.snapshots.find('id', identifier) ?? this.snapshots.find('arn', identifier);
      if (!row) throw new SimulatedServiceError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${identifier} not found.`, 404);
      candidates = [this.snapshots.rows.indexOf(row)];
    }
    const type = input.SnapshotType as string | undefined;
    if (type !== undefined && !['automated', 'manual', 'shared', 'public', 'awsbackup'].includes(type)) {
      throw invalidParameter(`Invalid snapshot type: ${type}`);
    }
    const clusterIds = filters.get('db-cluster-id');
    const page = pageOf({
      table: this.snapshots,
      candidates,
      input,
      accept: (s) =>
        // This account's own snapshots are manual or automated; shared and public ones belong to others.
        (type === undefined || s.SnapshotType === type) &&
        matchesAny(s.SnapshotType, filters.get('snapshot-type')) &&
        matchesAny(s.Engine, filters.get('engine')) &&
        matchesAny(s.DBClusterIdentifier, clusterIds),
    });
    return { DBClusterSnapshots: page.rows.map((r) => clone(r.value)), Marker: page.marker };
  }

  private snapshotRow(identifier: unknown): Tracked<DBClusterSnapshot> {
    const id = text(identifier);
    const row = this.snapshots.find('id', id);
    if (!row) throw new SimulatedServiceError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${id} not found.`, 404);
    return row;
  }

  private describeDBClusterSnapshotAttributes(input: Record<string, unknown>): unknown {
    const row = this.snapshotRow(input.DBClusterSnapshotIdentifier);
    const id = row.value.DBClusterSnapshotIdentifier ?? '';
    return {
      DBClusterSnapshotAttributesResult: {
        DBClusterSnapshotIdentifier: id,
        DBClusterSnapshotAttributes: this.clusterSnapshotAttributes(id),
      },
    };
  }

  private modifyDBClusterSnapshotAttribute(input: Record<string, unknown>): unknown {
    const row = this.snapshotRow(input.DBClusterSnapshotIdentifier);
    const id = row.value.DBClusterSnapshotIdentifier ?? '';
    if (input.AttributeName !== 'restore') {
      throw invalidParameter(`Invalid attribute name: ${String(input.AttributeName)}. The only attribute is restore`);
    }
    const toAdd = (input.ValuesToAdd as string[] | undefined) ?? [];
    const toRemove = (input.ValuesToRemove as string[] | undefined) ?? [];
    if (row.value.SnapshotType !== 'manual' && toAdd.length > 0) {
      throw new SimulatedServiceError('InvalidDBClusterSnapshotStateFault', 'Only manual snapshots can be shared.');
    }
    if (row.value.Status !== 'available') {
      throw new SimulatedServiceError('InvalidDBClusterSnapshotStateFault', `DBClusterSnapshot ${id} is not available.`);
    }
    for (const value of [...toAdd, ...toRemove]) {
      if (value !== 'all' && !/^\d{12}$/.test(value)) throw invalidParameter(`Invalid account id: ${value}`);
    }
    const attributes = this.snapshotAttributes.get(id.toLowerCase()) ?? [];
    let restore = attributes.find((a) => a.AttributeName === 'restore');
    if (!restore) {
      restore = { AttributeName: 'restore', AttributeValues: [] };
      attributes.push(restore);
    }
    const values = (restore.AttributeValues ?? []).filter((v) => !toRemove.includes(v));
    for (const value of toAdd) if (!values.includes(value)) values.push(value);
    if (values.filter((v) => v !== 'all').length > 20) {
      throw new SimulatedServiceError('SharedSnapshotQuotaExceededFault', 'A snapshot can be shared with at most 20 accounts.');
    }
    restore.AttributeValues = values;
    this.snapshotAttributes.set(id.toLowerCase(), attributes);
    return { DBClusterSnapshotAttributesResult: { DBClusterSnapshotIdentifier: id, DBClusterSnapshotAttributes: clone(attributes) } };
  }

  private modifyDBCluster(input: Record<string, unknown>): unknown {
    const identifier = text(input.DBClusterIdentifier);
    const row = this.clusters.find('id', identifier);
    if (!row) throw new SimulatedServiceError('DBClusterNotFoundFault', `DBCluster ${identifier} not found.`, 404);
    const cluster = row.value;
    const engine = (cluster.Engine ?? '').toLowerCase();
    if (cluster.Status !== 'available') {
      throw new SimulatedServiceError('InvalidDBClusterStateFault', `DB cluster ${identifier} is not in the available state (${cluster.Status ?? 'unknown'}).`);
    }
    const pending: NonNullable<DBCluster['PendingModifiedValues']> = {};
    const apply: (() => void)[] = [];

    const iam = input.EnableIAMDatabaseAuthentication as boolean | undefined;
    if (iam !== undefined) {
      if (!IAM_CLUSTER_ENGINES.has(engine)) {
        throw new SimulatedServiceError('InvalidParameterCombination', `IAM database authentication is not supported for engine ${engine}.`);
      }
      if (iam && (cluster.EngineMode ?? '').toLowerCase() === 'serverless') {
        throw new SimulatedServiceError('InvalidParameterCombination', 'IAM database authentication is not supported for DB clusters in serverless engine mode.');
      }
      if (iam && iamVersionTooOld(engine, cluster.EngineVersion)) {
        throw new SimulatedServiceError('InvalidParameterCombination', 'IAM Database Authentication is not supported for this configuration.');
      }
      if (iam !== cluster.IAMDatabaseAuthenticationEnabled) {
        if (input.ApplyImmediately !== true && !IMMEDIATE_CLUSTER_ENGINES.has(engine)) {
          // Aurora and Multi-AZ DB clusters honour ApplyImmediately (default false) for this setting.
          cluster.PendingModifiedValues = { ...cluster.PendingModifiedValues, IAMDatabaseAuthenticationEnabled: iam };
        } else {
          pending.IAMDatabaseAuthenticationEnabled = iam;
          apply.push(() => (cluster.IAMDatabaseAuthenticationEnabled = iam));
        }
      }
    }
    const retention = input.BackupRetentionPeriod as number | undefined;
    if (retention !== undefined) {
      if (!Number.isInteger(retention) || retention < 1 || retention > 35) {
        throw invalidParameter(`Invalid backup retention period ${retention}: must be between 1 and 35.`);
      }
      pending.BackupRetentionPeriod = retention;
      apply.push(() => (cluster.BackupRetentionPeriod = retention));
    }
    const logs = input.CloudwatchLogsExportConfiguration as { EnableLogTypes?: string[]; DisableLogTypes?: string[] } | undefined;
    if (logs) {
      const supported = LOG_TYPES[engine] ?? [];
      for (const type of [...(logs.EnableLogTypes ?? []), ...(logs.DisableLogTypes ?? [])]) {
        if (!supported.includes(type)) {
          throw new SimulatedServiceError('InvalidParameterCombination', `You cannot use the log type ${type} with engine ${engine}.`);
        }
      }
      pending.PendingCloudwatchLogsExports = { LogTypesToEnable: logs.EnableLogTypes, LogTypesToDisable: logs.DisableLogTypes };
      apply.push(() => {
        const current = new Set(cluster.EnabledCloudwatchLogsExports ?? []);
        for (const type of logs.EnableLogTypes ?? []) current.add(type);
        for (const type of logs.DisableLogTypes ?? []) current.delete(type);
        cluster.EnabledCloudwatchLogsExports = [...current];
      });
    }
    // These two take effect at once, without a modifying phase of their own.
    if (typeof input.DeletionProtection === 'boolean') cluster.DeletionProtection = input.DeletionProtection;
    if (typeof input.CopyTagsToSnapshot === 'boolean') cluster.CopyTagsToSnapshot = input.CopyTagsToSnapshot;

    if (apply.length > 0) {
      cluster.PendingModifiedValues = { ...cluster.PendingModifiedValues, ...pending };
      this.startModifying(
        row,
        (status) => (cluster.Status = status),
        () => {
          for (const change of apply) change();
          cluster.PendingModifiedValues = withoutApplied(cluster.PendingModifiedValues, pending);
          cluster.Status = 'available';
        },
      );
    }
    return { DBCluster: clone(cluster) };
  }

  private modifyDBInstance(input: Record<string, unknown>): unknown {
    const identifier = text(input.DBInstanceIdentifier);
    const row = this.instances.find('id', identifier);
    if (!row) throw new SimulatedServiceError('DBInstanceNotFoundFault', `DBInstance ${identifier} not found.`, 404);
    const instance = row.value;
    const engine = (instance.Engine ?? '').toLowerCase();
    if (instance.DBInstanceStatus !== 'available') {
      throw new SimulatedServiceError(
        'InvalidDBInstanceStateFault',
        `Database instance is not in available state (${instance.DBInstanceStatus ?? 'unknown'}).`,
      );
    }
    const requested: Record<string, unknown> = {};
    const iam = input.EnableIAMDatabaseAuthentication as boolean | undefined;
    if (iam !== undefined) {
      if (instance.DBClusterIdentifier) {
        throw new SimulatedServiceError(
          'InvalidParameterCombination',
          'The requested DB instance will be a member of a DB cluster. Set IAM database authentication for the DB cluster.',
        );
      }
      if (!IAM_INSTANCE_ENGINES.has(engine) || (iam && iamVersionTooOld(engine, instance.EngineVersion))) {
        throw new SimulatedServiceError('InvalidParameterCombination', 'IAM Database Authentication is not supported for this configuration.');
      }
      requested.IAMDatabaseAuthenticationEnabled = iam;
    }
    for (const key of ['DBInstanceClass', 'AllocatedStorage', 'BackupRetentionPeriod', 'MultiAZ', 'EngineVersion', 'StorageType']) {
      if (input[key] !== undefined) requested[key] = input[key];
    }
    const pending = { ...instance.PendingModifiedValues, ...requested } as Record<string, unknown>;
    if (input.ApplyImmediately === true) {
      // ApplyImmediately applies this change and every other one that waited for the maintenance window.
      instance.PendingModifiedValues = pending;
      this.startModifying(
        row,
        (status) => (instance.DBInstanceStatus = status),
        () => {
          applyInstancePending(instance);
          instance.DBInstanceStatus = 'available';
        },
      );
    } else {
      instance.PendingModifiedValues = pending;
    }
    return { DBInstance: clone(instance) };
  }

  private listRdsTags(input: Record<string, unknown>): unknown {
    const arn = text(input.ResourceName);
    const found =
      this.clusters.find('arn', arn)?.value.TagList ??
      this.instances.find('arn', arn)?.value.TagList ??
      this.snapshots.find('arn', arn)?.value.TagList;
    if (!found) {
      const kind = arn.split(':')[5];
      if (kind === 'db') throw new SimulatedServiceError('DBInstanceNotFoundFault', `DBInstance ${arn} not found.`, 404);
      if (kind === 'cluster-snapshot') throw new SimulatedServiceError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${arn} not found.`, 404);
      throw new SimulatedServiceError('DBClusterNotFoundFault', `DBCluster ${arn} not found.`, 404);
    }
    return { TagList: clone(found) };
  }

  // ---- DMS -----------------------------------------------------------------------------------------

  private dmsHandlers(): OperationHandlers {
    return {
      DescribeEndpoints: (input) => this.describeEndpoints(input),
      ModifyEndpoint: (input) => this.modifyEndpoint(input),
      ListTagsForResource: (input) => this.listDmsTags(input),
    };
  }

  private describeEndpoints(input: Record<string, unknown>): unknown {
    const filters = readFilters(input, ['endpoint-arn', 'endpoint-type', 'endpoint-id', 'engine-name']);
    const candidates = idFilterCandidates(this.endpoints, filters, { 'endpoint-arn': 'arn', 'endpoint-id': 'id' });
    const page = pageOf({
      table: this.endpoints,
      candidates,
      input,
      accept: (e) => matchesAny(e.EndpointType, filters.get('endpoint-type')) && matchesAny(e.EngineName, filters.get('engine-name')),
    });
    if (filters.size > 0 && page.rows.length === 0 && !page.marker && readMarker(input) === 0) {
      // DMS answers a filter that matches nothing with an error, unlike RDS.
      throw new SimulatedServiceError('ResourceNotFoundFault', 'No Endpoints found matching provided filters');
    }
    return { Endpoints: page.rows.map((r) => this.advance(r)), Marker: page.marker };
  }

  private modifyEndpoint(input: Record<string, unknown>): unknown {
    const arn = text(input.EndpointArn);
    const row = this.endpoints.find('arn', arn);
    if (!row) throw new SimulatedServiceError('ResourceNotFoundFault', `Endpoint ${arn} not found`);
    const endpoint = row.value;
    if (endpoint.Status !== 'active') {
      throw new SimulatedServiceError('InvalidResourceStateFault', `Endpoint ${arn} is not active (${endpoint.Status ?? 'unknown'}).`);
    }
    const settings = input.NeptuneSettings as NeptuneSettings | undefined;
    if (settings) {
      // NeptuneSettings has two required members in the API model.
      const missing = (['S3BucketName', 'S3BucketFolder'] as const).filter((k) => typeof settings[k] !== 'string' || settings[k] === '');
      if (missing.length > 0) {
        throw new SimulatedServiceError('InvalidParameterValueException', `NeptuneSettings is missing the required ${missing.join(' and ')}.`);
      }
      if ((endpoint.EngineName ?? '').toLowerCase() !== 'neptune') {
        throw new SimulatedServiceError('InvalidParameterCombinationException', `NeptuneSettings cannot be used with engine ${endpoint.EngineName ?? ''}.`);
      }
      const merged = input.ExactSettings === true ? neptuneDefaults(settings) : { ...endpoint.NeptuneSettings, ...settings };
      if (merged.IamAuthEnabled === true && !merged.ServiceAccessRoleArn) {
        throw new SimulatedServiceError(
          'InvalidParameterCombinationException',
          'IAM authorization for a Neptune target needs NeptuneSettings.ServiceAccessRoleArn.',
        );
      }
      endpoint.NeptuneSettings = merged;
      this.startModifying(
        row,
        (status) => (endpoint.Status = status),
        () => (endpoint.Status = 'active'),
      );
    }
    return { Endpoint: clone(endpoint) };
  }

  private listDmsTags(input: Record<string, unknown>): unknown {
    // ResourceArnList reads many resources' tags in one call; each tag then names its ResourceArn.
    if (Array.isArray(input.ResourceArnList)) {
      const arns = input.ResourceArnList.map(text);
      const missing = arns.find((arn) => !this.endpointTags.has(arn.toLowerCase()));
      if (missing !== undefined) throw new SimulatedServiceError('ResourceNotFoundFault', `Resource ${missing} not found`);
      return { TagList: arns.flatMap((arn) => clone(this.endpointTags.get(arn.toLowerCase()) ?? []).map((tag) => ({ ...tag, ResourceArn: arn }))) };
    }
    const arn = text(input.ResourceArn);
    const tags = this.endpointTags.get(arn.toLowerCase());
    if (!tags) throw new SimulatedServiceError('ResourceNotFoundFault', `Resource ${arn} not found`);
    return { TagList: clone(tags) };
  }
}

function applyInstancePending(instance: DBInstance): void {
  const pending = (instance.PendingModifiedValues ?? {}) as Record<string, unknown>;
  const target = instance as Record<string, unknown>;
  for (const [key, value] of Object.entries(pending)) target[key] = value;
  instance.PendingModifiedValues = {};
}


/** The cluster's pending values once those of `applied` have taken effect; undefined when none are left. */
function withoutApplied(
  pending: DBCluster['PendingModifiedValues'],
  applied: NonNullable<DBCluster['PendingModifiedValues']>,
): DBCluster['PendingModifiedValues'] {
  const left = { ...pending } as Record<string, unknown>;
  for (const key of Object.keys(applied)) delete left[key];
  return Object.keys(left).length > 0 ? left : undefined;
}

function applyClusterPending(cluster: DBCluster): void {
  const pending = cluster.PendingModifiedValues;
  if (pending?.IAMDatabaseAuthenticationEnabled !== undefined) cluster.IAMDatabaseAuthenticationEnabled = pending.IAMDatabaseAuthenticationEnabled;
  cluster.PendingModifiedValues = undefined;
}
