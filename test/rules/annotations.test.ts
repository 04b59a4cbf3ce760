import type { Endpoint } from '@aws-sdk/client-database-migration-service';
import { CATALOG } from '../../rules/catalog';
import type { Verdict } from '../../rules/kit';
import { MAX_ANNOTATION, parseParameters } from '../../rules/kit';
import { describedAuroraCluster, describedInstance, describedNeptuneCluster, describedNeptuneSnapshot, restoreAttribute } from './api';
import { ruleOf } from './fixtures';

/**
 * The longest identifiers AWS allows, each from the API reference:
 * - DB cluster: 1 to 63 letters, numbers or hyphens (RDS API Reference, CreateDBCluster, DBClusterIdentifier:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html; Neptune's CreateDBCluster the same).
 * - DB instance: 1 to 63 (CreateDBInstance, DBInstanceIdentifier: .../API_CreateDBInstance.html).
 * - DB cluster snapshot: 1 to 255 (CreateDBClusterSnapshot, DBClusterSnapshotIdentifier: .../API_CreateDBClusterSnapshot.html).
 * - DMS endpoint identifier: 1 to 255 (the provider documentation of aws_dms_endpoint.endpoint_id; DMS's
 *   CreateEndpoint gives the character rules), and the ARN's last part a generated id or a ResourceIdentifier
 *   of up to 31 characters (DMS API Reference, CreateEndpoint, ResourceIdentifier).
 */
const longest = (length: number, stem: string) => `${stem}-${'x'.repeat(length - stem.length - 2)}9`;
const CLUSTER = longest(63, 'graph-analytics-production');
const INSTANCE = longest(63, 'orders-mysql-primary');
const SNAPSHOT = longest(255, 'graph-analytics-production-before-upgrade');
const ENDPOINT = longest(255, 'neptune-target-orders');
const ENDPOINT_ARN = `arn:aws-us-gov:dms:us-gov-west-1:123456789012:endpoint:${'E'.repeat(31)}`;

const judge = (ruleId: string, resource: unknown, extra?: unknown): Verdict => {
  const rule = ruleOf(ruleId);
  // The rule's own text, before the runtime's cut: it must fit as written.
  return rule.evaluate(rule.kind.fromApi(resource, extra), parseParameters(rule.parameters, {}).rule);
};

/** The usual shape: a generated 26-character resource id in a commercial region. */
const TYPICAL_ARN = 'arn:aws:dms:eu-west-1:123456789012:endpoint:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const dmsEndpoint = (id: string, overrides: Partial<NonNullable<Endpoint['NeptuneSettings']>> = {}, arn = ENDPOINT_ARN): Endpoint => ({
  EndpointIdentifier: id,
  EndpointArn: arn,
  EndpointType: 'target',
  EngineName: 'neptune',
  NeptuneSettings: { S3BucketName: 'bucket', S3BucketFolder: 'folder', IamAuthEnabled: false, ...overrides },
});

const neptune = (id: string) =>
  describedNeptuneCluster({
    DBClusterIdentifier: id,
    IAMDatabaseAuthenticationEnabled: false,
    StorageEncrypted: false,
    EnabledCloudwatchLogsExports: [],
    DeletionProtection: false,
    BackupRetentionPeriod: 1,
    CopyTagsToSnapshot: false,
    MultiAZ: false,
  });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The fix as it must end the annotation: `ID` stands for the real identifier, or the variable that names it. */
const fixPattern = (fix: string, id: string, variable: string) =>
  new RegExp(`: ${escape(fix).replace(/ID/g, `(${escape(id)}|"\\$${variable}")`)}( \\(${variable}: its (identifier|ARN)\\))?$`);

interface AnnotationCase {
  readonly rule: string;
  readonly what: string;
  /** The longest identifier AWS allows for the resource. */
  readonly longest: string;
  readonly resource: (id: string, arn?: string) => unknown;
  readonly extra?: unknown;
  /** The fix that must survive whole; ID is the identifier in the command. */
  readonly fix: string;
  /** The identifier the command uses, when it is not the resource's name. */
  readonly commandId?: string;
  readonly variable: string;
}

/** Each NON_COMPLIANT case, with the fix that must survive whole at any identifier length. */
const CASES: AnnotationCase[] = [
  { rule: 'neptune-cluster-iam-database-authentication', what: 'cluster', longest: CLUSTER, resource: neptune, variable: 'CLUSTER',
    fix: 'aws neptune modify-db-cluster --db-cluster-identifier ID --enable-iam-database-authentication --apply-immediately' },
  { rule: 'rds-instance-iam-authentication-enabled', what: 'instance', longest: INSTANCE, resource: (id) => describedInstance({ DBInstanceIdentifier: id }), variable: 'INSTANCE',
    fix: 'aws rds modify-db-instance --db-instance-identifier ID --enable-iam-database-authentication --apply-immediately' },
  { rule: 'rds-cluster-iam-authentication-enabled', what: 'cluster', longest: CLUSTER, resource: (id) => describedAuroraCluster({ DBClusterIdentifier: id, IAMDatabaseAuthenticationEnabled: false }), variable: 'CLUSTER',
    fix: 'aws rds modify-db-cluster --db-cluster-identifier ID --enable-iam-database-authentication --apply-immediately' },
  { rule: 'dms-neptune-iam-authorization-enabled', what: 'endpoint', longest: ENDPOINT, resource: (id, arn) => dmsEndpoint(id, { ServiceAccessRoleArn: 'arn:aws:iam::123456789012:role/dms-neptune' }, arn),
    commandId: ENDPOINT_ARN, variable: 'ENDPOINT_ARN',
    fix: 'aws dms modify-endpoint --endpoint-arn ID --neptune-settings IamAuthEnabled=true,S3BucketName=<bucket>,S3BucketFolder=<folder>' },
  { rule: 'dms-neptune-iam-authorization-enabled', what: 'endpoint without a role', longest: ENDPOINT, resource: (id, arn) => dmsEndpoint(id, {}, arn), commandId: ENDPOINT_ARN, variable: 'ENDPOINT_ARN',
    fix: 'aws dms modify-endpoint --endpoint-arn ID --neptune-settings IamAuthEnabled=true,S3BucketName=<bucket>,S3BucketFolder=<folder>,ServiceAccessRoleArn=<role>' },
  { rule: 'neptune-cluster-cloudwatch-log-export-enabled', what: 'cluster', longest: CLUSTER, resource: neptune, variable: 'CLUSTER',
    fix: 'aws neptune modify-db-cluster --db-cluster-identifier ID --cloudwatch-logs-export-configuration EnableLogTypes=audit; the log also needs neptune_enable_audit_log=1 in its parameter group' },
  { rule: 'neptune-cluster-snapshot-public-prohibited', what: 'snapshot', longest: SNAPSHOT, resource: (id) => describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: id }), extra: restoreAttribute('all'), variable: 'SNAPSHOT',
    fix: 'aws neptune modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier ID --attribute-name restore --values-to-remove all (shared accounts stay)' },
  { rule: 'neptune-cluster-snapshot-public-prohibited', what: 'snapshot of unknown sharing', longest: SNAPSHOT, resource: (id) => describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: id }), variable: 'SNAPSHOT',
    fix: 'aws neptune describe-db-cluster-snapshot-attributes --db-cluster-snapshot-identifier ID (periodic runs read it)' },
  { rule: 'neptune-cluster-deletion-protection-enabled', what: 'cluster', longest: CLUSTER, resource: neptune, variable: 'CLUSTER',
    fix: 'aws neptune modify-db-cluster --db-cluster-identifier ID --deletion-protection' },
  { rule: 'neptune-cluster-backup-retention-check', what: 'cluster', longest: CLUSTER, resource: neptune, variable: 'CLUSTER',
    fix: 'aws neptune modify-db-cluster --db-cluster-identifier ID --backup-retention-period 7 --apply-immediately' },
  { rule: 'neptune-cluster-copy-tags-to-snapshot-enabled', what: 'cluster', longest: CLUSTER, resource: neptune, variable: 'CLUSTER',
    fix: 'aws neptune modify-db-cluster --db-cluster-identifier ID --copy-tags-to-snapshot' },
  { rule: 'neptune-cluster-multi-az-enabled', what: 'cluster', longest: CLUSTER, resource: neptune, variable: 'CLUSTER',
    fix: 'aws neptune create-db-instance --db-instance-identifier ID-replica --db-instance-class <class> --engine neptune --db-cluster-identifier ID --availability-zone <another zone>' },
  { rule: 'neptune-cluster-encrypted', what: 'cluster', longest: CLUSTER, resource: neptune, variable: 'CLUSTER',
    fix: 'restore a snapshot of it into a new cluster with --kms-key-id <key>, then move clients to it' },
  { rule: 'neptune-cluster-snapshot-encrypted', what: 'snapshot', longest: SNAPSHOT, resource: (id) => describedNeptuneSnapshot({ DBClusterSnapshotIdentifier: id, StorageEncrypted: false }), variable: 'SNAPSHOT',
    fix: 'restore it into a new cluster with --kms-key-id, snapshot that cluster, then delete this one' },
  { rule: 'rds-cluster-default-admin-check', what: 'cluster', longest: CLUSTER, resource: (id) => describedAuroraCluster({ DBClusterIdentifier: id, MasterUsername: 'postgres' }), variable: 'CLUSTER',
    fix: 'it cannot be changed: move the data to a new DB cluster with another name (a snapshot restore keeps it)' },
  { rule: 'rds-instance-default-admin-check', what: 'instance', longest: INSTANCE, resource: (id) => describedInstance({ DBInstanceIdentifier: id, MasterUsername: 'admin' }), variable: 'INSTANCE',
    fix: 'it cannot be changed: move the data to a new DB instance with another name (a snapshot restore keeps it)' },
];

/** A typical identifier length: every command must carry the real one at this length. */
const TYPICAL = 24;

describe('annotations at the longest identifiers AWS allows', () => {
  it('covers every rule of the catalog', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(CATALOG.map((rule) => rule.id)));
  });

  it.each(CASES.map((c) => [c.rule, c.what, c] as const))('%s (%s): within 256 characters at the longest identifier, with the fix whole', (_rule, _what, c) => {
    const verdict = judge(c.rule, c.resource(c.longest), c.extra);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION);
    expect(verdict.annotation).toMatch(fixPattern(c.fix, c.commandId ?? c.longest, c.variable));
  });

  it.each(CASES.map((c) => [c.rule, c.what, c] as const))('%s (%s): the real identifier in the command at a typical length', (_rule, _what, c) => {
    const id = longest(TYPICAL, 'orders-prod');
    const commandId = c.commandId === undefined ? id : TYPICAL_ARN;
    const annotation = judge(c.rule, c.resource(id, TYPICAL_ARN), c.extra).annotation;
    expect(annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION);
    expect(annotation.endsWith(c.fix.replace(/ID/g, commandId))).toBe(true);
  });

  it('puts the real identifier in the command whenever the whole command fits, and shortens only the name', () => {
    const annotation = judge('neptune-cluster-iam-database-authentication', neptune(CLUSTER)).annotation;
    const [problem] = annotation.split(': aws ');
    expect(problem).toMatch(/^IAM database authentication is disabled on Neptune cluster graph-[\w-]*…x+9$/);
    expect(annotation.split(CLUSTER)).toHaveLength(2);
    expect(annotation).toHaveLength(MAX_ANNOTATION);
    // A short name stays whole, in both places.
    const short = judge('neptune-cluster-iam-database-authentication', describedNeptuneCluster({ DBClusterIdentifier: 'graph-dev' })).annotation;
    expect(short).toBe(
      'IAM database authentication is disabled on Neptune cluster graph-dev: aws neptune modify-db-cluster --db-cluster-identifier graph-dev --enable-iam-database-authentication --apply-immediately',
    );
  });

  it('gives the Multi-AZ hint every option create-db-instance needs, with real ids when they fit', () => {
    const annotation = judge('neptune-cluster-multi-az-enabled', describedNeptuneCluster({ DBClusterIdentifier: 'graph-dev', MultiAZ: false })).annotation;
    expect(annotation).toBe(
      "Multi-AZ is disabled on Neptune cluster graph-dev: aws neptune create-db-instance --db-instance-identifier graph-dev-replica --db-instance-class <class> --engine neptune --db-cluster-identifier graph-dev --availability-zone <another zone>",
    );
  });

  it('names the DMS endpoint and its ARN', () => {
    const endpoint: Endpoint = { ...dmsEndpoint('orders-to-graph', { ServiceAccessRoleArn: 'arn:aws:iam::123456789012:role/dms' }), EndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:ABCDEFGHIJKLMNOPQRSTUVWXYZ' };
    expect(judge('dms-neptune-iam-authorization-enabled', endpoint).annotation).toBe(
      'Neptune endpoint orders-to-graph has no IAM authorization: aws dms modify-endpoint --endpoint-arn arn:aws:dms:us-east-1:123456789012:endpoint:ABCDEFGHIJKLMNOPQRSTUVWXYZ ' +
        '--neptune-settings IamAuthEnabled=true,S3BucketName=<bucket>,S3BucketFolder=<folder>',
    );
  });

  it('says that the audit log needs the parameter group, outside the modify-db-cluster command, even when compliant', () => {
    const missing = judge('neptune-cluster-cloudwatch-log-export-enabled', describedNeptuneCluster({ DBClusterIdentifier: 'graph-dev', EnabledCloudwatchLogsExports: [] })).annotation;
    const [command, rest] = missing.split('; ');
    expect(command).toBe('Neptune cluster graph-dev does not export its audit log: aws neptune modify-db-cluster --db-cluster-identifier graph-dev --cloudwatch-logs-export-configuration EnableLogTypes=audit');
    expect(rest).toBe('the log also needs neptune_enable_audit_log=1 in its parameter group');
    const exported = judge('neptune-cluster-cloudwatch-log-export-enabled', describedNeptuneCluster({ EnabledCloudwatchLogsExports: ['audit'] }));
    expect(exported).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'audit logs are exported to CloudWatch Logs; they have content only with neptune_enable_audit_log=1 in its parameter group',
    });
  });
});
