import { CATALOG } from '../../rules/catalog';
import type { CheckVerdict, DeclaredResource } from '../../rules/adapters';
import { declaredFromPlan, declaredFromTemplate, judgeDeclared, judgeProposedResource, proactiveSupport } from '../../rules/adapters';
import type { Rule, RuleParameters } from '../../rules/kit';
import { judgeItem, parseParameters, parseRuleEvent } from '../../rules/kit';
import { loadEvent, withItem } from '../helpers/fixtures';
import { plan, template } from './helpers';

/**
 * Parity: a live configuration item (the fixture events, real captures) and the template or plan that
 * declares the same settings get the same verdict and the same annotation from every rule of their kind.
 * Cluster snapshots are excluded: neither CloudFormation nor Terraform can declare one (a snapshot is made
 * from a running cluster), so neptune-cluster-snapshot-encrypted and -public-prohibited have no pair.
 */
type Json = Record<string, unknown>;

interface Pair {
  readonly event: string;
  /** Tags to put on the live item and on both declarations. */
  readonly tags?: Record<string, string>;
  readonly cfn: Json;
  readonly tf?: { readonly type: string; readonly after: Json; readonly instances?: readonly Json[] };
}

const graphLegacyCfn = {
  Type: 'AWS::Neptune::DBCluster',
  Properties: { DBClusterIdentifier: 'graph-legacy', EngineVersion: '1.3.2.1', IamAuthEnabled: false, StorageEncrypted: false },
};
const graphProdCfn = {
  Type: 'AWS::Neptune::DBCluster',
  Properties: {
    DBClusterIdentifier: 'graph-prod',
    EngineVersion: '1.3.2.1',
    IamAuthEnabled: 'true',
    StorageEncrypted: true,
    KmsKeyId: 'arn:aws:kms:us-east-2:123456789012:key/test',
    BackupRetentionPeriod: 7,
    DeletionProtection: true,
    CopyTagsToSnapshot: true,
    EnableCloudwatchLogsExports: ['audit'],
  },
};
const graphProdTf = {
  type: 'aws_neptune_cluster',
  after: {
    cluster_identifier: 'graph-prod',
    engine: 'neptune',
    engine_version: '1.3.2.1',
    iam_database_authentication_enabled: true,
    storage_encrypted: true,
    kms_key_arn: 'arn:aws:kms:us-east-2:123456789012:key/test',
    backup_retention_period: 7,
    deletion_protection: true,
    copy_tags_to_snapshot: true,
    enable_cloudwatch_logs_exports: ['audit'],
  },
  instances: [
    { cluster_identifier: 'graph-prod', availability_zone: 'us-east-2a' },
    { cluster_identifier: 'graph-prod', availability_zone: 'us-east-2b' },
  ],
};
const neptuneInstance = (zone: string) => ({
  Type: 'AWS::Neptune::DBInstance',
  Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, DBInstanceClass: 'db.r6g.large', AvailabilityZone: zone },
});

const PAIRS: Pair[] = [
  {
    // Left-out properties take AWS's defaults: backups 1 day, no deletion protection, no tag copy, no log export.
    event: 'neptune-iam-off.json',
    cfn: graphLegacyCfn,
    tf: { type: 'aws_neptune_cluster', after: { cluster_identifier: 'graph-legacy', engine_version: '1.3.2.1' }, instances: [{ cluster_identifier: 'graph-legacy', availability_zone: 'us-east-2a' }] },
  },
  { event: 'neptune-iam-on.json', cfn: graphProdCfn, tf: graphProdTf },
  { event: 'neptune-backup-param.json', cfn: graphProdCfn, tf: graphProdTf },
  { event: 'neptune-encrypted-other-key.json', cfn: graphProdCfn, tf: graphProdTf },
  { event: 'neptune-iam-off.json', tags: { 'dbauth:exempt': 'graph replaced in Q3' }, cfn: graphLegacyCfn },
  {
    event: 'aurora-cluster-iam-off.json',
    cfn: {
      Type: 'AWS::RDS::DBCluster',
      Properties: { DBClusterIdentifier: 'test', Engine: 'aurora-mysql', EngineVersion: '5.7.mysql_aurora.2.07.2', MasterUsername: 'admin', StorageEncrypted: true },
    },
    tf: { type: 'aws_rds_cluster', after: { cluster_identifier: 'test', engine: 'aurora-mysql', engine_version: '5.7.mysql_aurora.2.07.2', master_username: 'admin', iam_database_authentication_enabled: false } },
  },
  {
    event: 'aurora-postgres-cluster-iam-on.json',
    cfn: {
      Type: 'AWS::RDS::DBCluster',
      Properties: { DBClusterIdentifier: 'payments-pg', Engine: 'aurora-postgresql', EngineVersion: '15.4', MasterUsername: 'payments_owner', EnableIAMDatabaseAuthentication: true },
    },
    tf: { type: 'aws_rds_cluster', after: { cluster_identifier: 'payments-pg', engine: 'aurora-postgresql', engine_version: '15.4', master_username: 'payments_owner', iam_database_authentication_enabled: true } },
  },
  {
    event: 'rds-mysql-multi-az-cluster.json',
    cfn: { Type: 'AWS::RDS::DBCluster', Properties: { DBClusterIdentifier: 'orders-mysql', Engine: 'mysql', EngineVersion: '8.0.35', MasterUsername: 'root', DBClusterInstanceClass: 'db.m6gd.large' } },
    tf: { type: 'aws_rds_cluster', after: { cluster_identifier: 'orders-mysql', engine: 'mysql', engine_version: '8.0.35', master_username: 'root' } },
  },
  ...['rds-postgres-iam-off.json', 'rds-postgres-admin-custom.json'].map((event) => ({
    event,
    tags: { 'workload-type': 'other' },
    cfn: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'c7n-data-index', Engine: 'postgres', EngineVersion: '9.6.3', MasterUsername: 'c7nroot' } },
    tf: { type: 'aws_db_instance', after: { identifier: 'c7n-data-index', engine: 'postgres', engine_version: '9.6.3', username: 'c7nroot', iam_database_authentication_enabled: false } },
  })),
  {
    event: 'rds-postgres-iam-on.json',
    tags: { 'workload-type': 'other' },
    cfn: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'c7n-data-index', Engine: 'postgres', EngineVersion: '9.6.3', MasterUsername: 'c7nroot', EnableIAMDatabaseAuthentication: true } },
    tf: { type: 'aws_db_instance', after: { identifier: 'c7n-data-index', engine: 'postgres', engine_version: '9.6.3', username: 'c7nroot', iam_database_authentication_enabled: true } },
  },
  {
    event: 'rds-oracle.json',
    tags: { 'workload-type': 'other' },
    cfn: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'c7n-data-index', Engine: 'oracle-ee', EngineVersion: '9.6.3', MasterUsername: 'c7nroot' } },
    tf: { type: 'aws_db_instance', after: { identifier: 'c7n-data-index', engine: 'oracle-ee', engine_version: '9.6.3', username: 'c7nroot' } },
  },
  {
    event: 'rds-mysql-admin.json',
    tags: { 'workload-type': 'other' },
    cfn: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'shop-mysql', Engine: 'MySQL', EngineVersion: '8.0.35', MasterUsername: 'admin' } },
    tf: { type: 'aws_db_instance', after: { identifier: 'shop-mysql', engine: 'mysql', engine_version: '8.0.35', username: 'admin' } },
  },
  {
    // A cluster member: CloudFormation declares it with DBClusterIdentifier; Terraform's aws_db_instance never is one.
    event: 'aurora-postgres-member-instance.json',
    tags: { 'workload-type': 'other' },
    cfn: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'payments-pg-1', Engine: 'aurora-postgresql', DBClusterIdentifier: 'payments-pg' } },
  },
  ...['dms-neptune-iam-off.json', 'dms-neptune-iam-on.json'].map((event) => {
    const on = event.includes('-on');
    return {
      event,
      cfn: {
        Type: 'AWS::DMS::Endpoint',
        Properties: {
          EndpointIdentifier: 'ep-neptuneo',
          EndpointType: 'target',
          EngineName: 'neptune',
          NeptuneSettings: { IamAuthEnabled: on, ServiceAccessRoleArn: 'arn:aws:iam::123456789012:role/dms-neptune', S3BucketName: 'dms-neptune-staging', S3BucketFolder: 'load' },
        },
      },
      tf: {
        type: 'aws_dms_endpoint',
        after: {
          endpoint_id: 'ep-neptuneo',
          endpoint_type: 'target',
          engine_name: 'neptune',
          // The on case gives the setting the older way, as an extra connection attribute.
          extra_connection_attributes: on ? 'IamAuthEnabled=true;' : '',
          neptune_settings: [{ service_access_role: 'arn:aws:iam::123456789012:role/dms-neptune', s3_bucket_name: 'dms-neptune-staging', s3_bucket_folder: 'load', iam_auth_enabled: on ? null : false }],
        },
      },
    };
  }),
  {
    event: 'dms-mysql-source.json',
    cfn: { Type: 'AWS::DMS::Endpoint', Properties: { EndpointIdentifier: 'ep-mysqlsou', EndpointType: 'source', EngineName: 'mysql' } },
    tf: { type: 'aws_dms_endpoint', after: { endpoint_id: 'ep-mysqlsou', endpoint_type: 'source', engine_name: 'mysql' } },
  },
];

const liveEvent = (pair: Pair) =>
  withItem(loadEvent(pair.event), (item) => {
    if (pair.tags) item['tags'] = { ...(item['tags'] as Json), ...pair.tags };
  });

/** The event's rule parameters that this rule takes (a fixture carries the parameters of the rule it was written for). */
function parametersFor(rule: Rule, raw: Readonly<Record<string, string>>): RuleParameters {
  const own = Object.fromEntries(Object.entries(raw).filter(([name]) => name in rule.parameters));
  return parseParameters(rule.parameters, own);
}

function liveVerdict(pair: Pair, rule: Rule): CheckVerdict {
  const event = parseRuleEvent(liveEvent(pair));
  if (event.invocation.kind !== 'change') throw new Error(`${pair.event} is not a change notification`);
  const { verdict } = judgeItem(rule, event.invocation.item, parametersFor(rule, event.ruleParameters), event.eventLeftScope);
  return { status: verdict.compliance, annotation: verdict.annotation };
}

function declaredCfn(pair: Pair): DeclaredResource {
  const tags = Object.entries(pair.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const cluster = { ...pair.cfn, Properties: { ...(pair.cfn['Properties'] as Json), ...(tags.length ? { Tags: tags } : {}) } };
  const instances =
    pair.cfn['Type'] === 'AWS::Neptune::DBCluster'
      ? pair.event.includes('iam-off')
        ? { Writer: neptuneInstance('us-east-2a') }
        : { Writer: neptuneInstance('us-east-2a'), Reader: neptuneInstance('us-east-2b') }
      : {};
  const [resource] = declaredFromTemplate(template({ Cluster: cluster, ...instances }));
  if (!resource) throw new Error('nothing declared');
  return resource;
}

function declaredTf(pair: Pair): DeclaredResource | undefined {
  if (!pair.tf) return undefined;
  const { type, after, instances = [] } = pair.tf;
  const [resource] = declaredFromPlan(
    plan([
      { address: `${type}.this`, type, after: { ...after, ...(pair.tags ? { tags: pair.tags, tags_all: pair.tags } : {}) } },
      ...instances.map((instance, i) => ({ address: `aws_neptune_cluster_instance.n${i}`, type: 'aws_neptune_cluster_instance', after: instance })),
    ]),
  );
  return resource;
}

const cases = PAIRS.flatMap((pair) => {
  const kind = declaredCfn(pair).kind;
  return CATALOG.filter((rule) => rule.kind === kind).map((rule) => ({ pair, rule, label: `${pair.event}${pair.tags ? ' (tagged)' : ''} / ${rule.id}` }));
});

/**
 * A DMS endpoint's ARN exists only once it is deployed: the live annotation's command names it, the template's
 * names it by a variable. Everything else, the setting and its fix included, must be the same text.
 */
function withoutDeployTimeArn<T extends { annotation?: string }>(verdict: T): T {
  if (verdict.annotation === undefined) return verdict;
  const annotation = verdict.annotation.replace(/--endpoint-arn \S+/, '--endpoint-arn <arn>').replace(/ \(ENDPOINT_ARN: its ARN\)$/, '');
  return { ...verdict, annotation };
}

describe('the same verdict and annotation before and after deploy', () => {
  it.each(cases)('CloudFormation: $label', ({ pair, rule }) => {
    const live = liveVerdict(pair, rule);
    const event = parseRuleEvent(liveEvent(pair));
    expect(withoutDeployTimeArn(judgeDeclared(rule, declaredCfn(pair), parametersFor(rule, event.ruleParameters)))).toEqual(withoutDeployTimeArn(live));
  });

  it.each(cases.filter(({ pair }) => pair.tf))('Terraform: $label', ({ pair, rule }) => {
    const live = liveVerdict(pair, rule);
    const event = parseRuleEvent(liveEvent(pair));
    expect(withoutDeployTimeArn(judgeDeclared(rule, declaredTf(pair) as DeclaredResource, parametersFor(rule, event.ruleParameters)))).toEqual(
      withoutDeployTimeArn(live),
    );
  });

  it('covers every rule whose resource a template can declare, each with a compliant and a non-compliant pair', () => {
    const statuses = new Map<string, Set<string>>();
    for (const { pair, rule } of cases) {
      const set = statuses.get(rule.id) ?? new Set<string>();
      set.add(liveVerdict(pair, rule).status);
      statuses.set(rule.id, set);
    }
    const declarable = CATALOG.filter((rule) => rule.kind.type !== 'AWS::RDS::DBClusterSnapshot').map((rule) => rule.id);
    expect([...statuses.keys()].sort()).toEqual([...declarable].sort());
    for (const id of declarable) expect([id, [...(statuses.get(id) ?? [])].filter((s) => s !== 'NOT_APPLICABLE').sort()]).toEqual([id, ['COMPLIANT', 'NON_COMPLIANT']]);
  });
});

/**
 * Config's proactive mode judges the same CloudFormation properties, one resource at a time (no other
 * resource of the template to look at), through the same adapter: for every rule that takes the mode, the
 * verdict and annotation of the proposed resource are the live ones.
 */
describe('the same verdict and annotation in Config proactive mode', () => {
  it.each(cases.filter(({ rule }) => proactiveSupport(rule).supported))('$label', ({ pair, rule }) => {
    const live = liveVerdict(pair, rule);
    const event = parseRuleEvent(liveEvent(pair));
    const tags = Object.entries(pair.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    const properties = { ...(pair.cfn['Properties'] as Json), ...(tags.length ? { Tags: tags } : {}) };
    const proposed = judgeProposedResource(rule, pair.cfn['Type'] as string, 'proposed', properties, parametersFor(rule, event.ruleParameters));
    expect(withoutDeployTimeArn({ status: proposed.compliance, annotation: proposed.annotation })).toEqual(withoutDeployTimeArn(live));
  });
});
