/**
 * The nine runbooks as typed descriptions. `npm run runbooks` writes remediations/<rule id>.yaml from
 * them; a test fails when a YAML file differs from what is built here.
 */
import type { AutomationStep, OutputType } from '../document';
import type { RunbookSpec, Segment } from './assemble';
import { apiCall, booleanIsTrue, branch, describeName, field, output, ref, refuse, report, reports, scriptStep, waitAvailable } from './guards';
import type { Choice, Lookup } from './guards';
import { AT_LEAST, AUDIT_LOG_NOTE, FIELD_IS, INSTANCE_STATE, LIST_HAS, NEPTUNE_SETTING_FIELDS, NEPTUNE_SETTINGS, NEPTUNE_SETTINGS_KEPT, SNAPSHOT_PUBLIC } from './scripts';

const CLUSTER_ID_PARAMETER = {
  name: 'DbClusterResourceId',
  description: '(Required) The resource id of the DB cluster (cluster-...), as AWS Config reports it.',
  allowedPattern: '^cluster-[A-Za-z0-9]{1,255}$',
};

const APPLY_IMMEDIATELY = {
  type: 'String' as const,
  description: '(Optional) true to make the change now, false to schedule it for the next maintenance window.',
  default: 'true',
  allowedPattern: '^(?:true|false)$',
};

function clusterLookup(): Lookup {
  return {
    noun: 'cluster',
    stepNoun: 'Cluster',
    service: 'rds',
    api: 'DescribeDBClusters',
    request: { Filters: [{ Name: 'db-cluster-resource-id', Values: ['{{ DbClusterResourceId }}'] }] },
    list: 'DBClusters',
    idField: 'DbClusterResourceId',
    expectedId: '{{ DbClusterResourceId }}',
    statusField: 'Status',
    statusValue: 'available',
    engineField: 'Engine',
  };
}

const segment = (first: string, steps: (next: string) => AutomationStep[]): Segment => ({ first, steps });

/** Ends early when a Boolean field of the resource is already true. */
function booleanAlreadyTrue(l: Lookup, name: string): Segment {
  return segment('CheckAlreadyCompliant', (next) => [
    branch('CheckAlreadyCompliant', `Ends early when ${name} is already on.`, [{ NextStep: 'ReportAlreadyCompliant', Variable: field(l, name), BooleanEquals: true }], next),
  ]);
}

/** A script answers a Boolean; true goes to `onTrue`, anything else to the next step. */
function scriptThenBranch(scriptName: string, description: string, code: Parameters<typeof scriptStep>[2], payload: Record<string, unknown>, answer: string, branchName: string, onTrue: string, value = true): Segment {
  return segment(scriptName, (next) => [
    scriptStep(scriptName, description, code, payload, [[answer, 'Boolean']]),
    branch(branchName, description, [{ NextStep: onTrue, Variable: ref(scriptName, answer), BooleanEquals: value }], next),
  ]);
}

function reportFields(l: Lookup, names: readonly (readonly [string, OutputType])[]): [string, string, OutputType][] {
  return names.map(([name, type]) => [name, `$.${l.list}[0].${name}`, type]);
}

const FAIL_VERIFICATION_DESCRIPTION = 'The change was made but the resource does not show it: look at the resource, then run the runbook again.';

/** The three Neptune cluster settings that are one Boolean of ModifyDBCluster. */
function neptuneBoolean(options: { ruleId: string; title: string; why: string; setting: string; modifyInput: string; stepName: string }): RunbookSpec {
  const l = clusterLookup();
  const fields = [['DBClusterIdentifier', 'String'], ['Engine', 'String'], [options.setting, 'Boolean']] as const;
  return {
    ruleId: options.ruleId,
    description: `### ${options.title}

${options.why}

Steps: resolve the cluster from its resource id; refuse, unchanged, a cluster that carries the exemption
tag (its value, the reason, is in the \`CheckExemption.Reason\` output), a cluster of another engine than
neptune, or one that is not available; end early when ${options.setting} is already on; otherwise set it
(ModifyDBCluster ${options.modifyInput}), wait until the cluster is available again and verify the setting.
Every guard fails closed: a guard that cannot decide stops the automation before the change.

Outputs: \`ReportRemediated.*\` after a change, \`ReportAlreadyCompliant.*\` when nothing had to change.
`,
    lookup: l,
    idParameter: CLUSTER_ID_PARAMETER,
    fields,
    engines: ['neptune'],
    engineRefusal: 'this runbook is for Neptune clusters only (Aurora, RDS and DocumentDB clusters are refused); nothing was changed',
    alreadyCompliant: booleanAlreadyTrue(l, options.setting),
    change: segment(options.stepName, () => [
      {
        name: options.stepName,
        action: 'aws:executeAwsApi',
        description: `Sets ${options.modifyInput}; nothing else.`,
        inputs: { Service: 'neptune', Api: 'ModifyDBCluster', DBClusterIdentifier: field(l, 'DBClusterIdentifier'), [options.modifyInput]: true },
      },
      booleanIsTrue(l, 'WaitForSetting', options.setting, true),
      waitAvailable(l),
      booleanIsTrue(l, 'VerifySetting', options.setting, false),
    ]),
    ends: [
      ...reports(l, reportFields(l, [['DBClusterIdentifier', 'String'], [options.setting, 'Boolean']]), 'Reports the setting after the change.', 'The setting was already right; nothing was changed.'),
    ],
    outputs: [
      `${describeName(l)}.DBClusterIdentifier`,
      `${describeName(l)}.${options.setting}`,
      'CheckExemption.Reason',
      'ReportAlreadyCompliant.DBClusterIdentifier',
      `ReportAlreadyCompliant.${options.setting}`,
      'ReportRemediated.DBClusterIdentifier',
      `ReportRemediated.${options.setting}`,
    ],
  };
}

function backupRetention(): RunbookSpec {
  const l = clusterLookup();
  return {
    ruleId: 'neptune-cluster-backup-retention-check',
    description: `### Set the backup retention period of a Neptune DB cluster

Raises the automated backup retention period to at least \`BackupRetentionPeriod\` days (Neptune.5); a
longer period is kept.

Steps: resolve the cluster; refuse, unchanged, an exempt cluster, a cluster of another engine than neptune
or one that is not available; end early when the period is already long enough; otherwise set it
(ModifyDBCluster BackupRetentionPeriod), wait until the cluster is available and verify the new period.
The Integer comparisons are made by a script (DesiredValues takes strings only).
`,
    lookup: l,
    idParameter: CLUSTER_ID_PARAMETER,
    parameters: {
      BackupRetentionPeriod: {
        type: 'Integer',
        description: '(Optional) The least number of days to keep automated backups, 7 to 35.',
        default: 7,
        allowedValues: Array.from({ length: 29 }, (_v, i) => i + 7),
      },
    },
    fields: [['DBClusterIdentifier', 'String'], ['Engine', 'String'], ['BackupRetentionPeriod', 'Integer']],
    engines: ['neptune'],
    engineRefusal: 'this runbook is for Neptune clusters only; nothing was changed',
    alreadyCompliant: scriptThenBranch(
      'CompareRetention',
      'Ends early when the period is already at least the one asked for.',
      AT_LEAST,
      { Value: field(l, 'BackupRetentionPeriod'), Minimum: '{{ BackupRetentionPeriod }}' },
      'AtLeast',
      'CheckAlreadyCompliant',
      'ReportAlreadyCompliant',
    ),
    change: segment('SetBackupRetentionPeriod', () => [
      {
        name: 'SetBackupRetentionPeriod',
        action: 'aws:executeAwsApi',
        description: 'Sets the backup retention period; nothing else.',
        inputs: { Service: 'neptune', Api: 'ModifyDBCluster', DBClusterIdentifier: field(l, 'DBClusterIdentifier'), BackupRetentionPeriod: '{{ BackupRetentionPeriod }}' },
      },
      waitAvailable(l),
      { name: 'ReadRetention', action: 'aws:executeAwsApi', description: 'Reads the period after the change.', inputs: apiCall(l), outputs: [output('BackupRetentionPeriod', '$.DBClusters[0].BackupRetentionPeriod', 'Integer')] },
      scriptStep('VerifyRetention', 'Compares the period after the change with the one asked for.', AT_LEAST, { Value: ref('ReadRetention', 'BackupRetentionPeriod'), Minimum: '{{ BackupRetentionPeriod }}' }, [['AtLeast', 'Boolean']]),
      branch('CheckRetentionTook', 'Fails loudly if the period did not take.', [{ NextStep: 'ReportRemediated', Variable: ref('VerifyRetention', 'AtLeast'), BooleanEquals: true }], 'FailVerification'),
    ]),
    ends: [
      ...reports(l, reportFields(l, [['DBClusterIdentifier', 'String'], ['BackupRetentionPeriod', 'Integer']]), 'Reports the period after the change.', 'The period was already long enough; nothing was changed.'),
      refuse('FailVerification', FAIL_VERIFICATION_DESCRIPTION, `the backup retention period is ${ref('ReadRetention', 'BackupRetentionPeriod')} days after the change, less than the {{ BackupRetentionPeriod }} asked for`),
    ],
    outputs: [
      'DescribeCluster.DBClusterIdentifier',
      'DescribeCluster.BackupRetentionPeriod',
      'CheckExemption.Reason',
      'ReportAlreadyCompliant.DBClusterIdentifier',
      'ReportAlreadyCompliant.BackupRetentionPeriod',
      'ReportRemediated.DBClusterIdentifier',
      'ReportRemediated.BackupRetentionPeriod',
    ],
  };
}

function auditLogExport(): RunbookSpec {
  const l = clusterLookup();
  const exports = reportFields(l, [['DBClusterIdentifier', 'String'], ['EnabledCloudwatchLogsExports', 'StringList']]);
  return {
    ruleId: 'neptune-cluster-cloudwatch-log-export-enabled',
    description: `### Export the audit log of a Neptune DB cluster to CloudWatch Logs

Adds \`audit\` to the log types the cluster exports to CloudWatch Logs (Neptune.2); other log types are
kept. This is half of the fix: Neptune records audit events only when the cluster's parameter group sets
neptune_enable_audit_log to 1, which this runbook does not change (a parameter group is shared by other
clusters, and the change needs a reboot). The \`NoteAuditLogParameter.Note\` output says so and names the group.

Steps: resolve the cluster; refuse, unchanged, an exempt cluster, a cluster of another engine than
neptune, or one that is not available; end early when audit is already exported; otherwise enable the
export (ModifyDBCluster CloudwatchLogsExportConfiguration EnableLogTypes [audit]), wait until the cluster
is available again and verify it.
`,
    lookup: l,
    idParameter: CLUSTER_ID_PARAMETER,
    fields: [['DBClusterIdentifier', 'String'], ['Engine', 'String']],
    engines: ['neptune'],
    engineRefusal: 'this runbook is for Neptune clusters only; nothing was changed',
    alreadyCompliant: scriptThenBranch(
      'CheckAuditExport',
      'Ends early when the audit log is already exported (a cluster that exports no log has no EnabledCloudwatchLogsExports).',
      LIST_HAS,
      { Resources: field(l, 'Resources'), Field: 'EnabledCloudwatchLogsExports', Value: 'audit' },
      'Contains',
      'CheckAlreadyCompliant',
      'ReportAlreadyCompliant',
    ),
    change: segment('EnableAuditLogExport', () => [
      {
        name: 'EnableAuditLogExport',
        action: 'aws:executeAwsApi',
        description: 'Enables the audit log export; the other exports are left as they are.',
        inputs: { Service: 'neptune', Api: 'ModifyDBCluster', DBClusterIdentifier: field(l, 'DBClusterIdentifier'), CloudwatchLogsExportConfiguration: { EnableLogTypes: ['audit'] } },
      },
      waitAvailable(l),
      { name: 'ReadLogExports', action: 'aws:executeAwsApi', description: 'Reads the exports after the change.', inputs: apiCall(l), outputs: [output('Resources', '$.DBClusters', 'MapList')] },
      scriptStep('CheckAuditLogExported', 'Looks for audit among the exports after the change.', LIST_HAS, { Resources: ref('ReadLogExports', 'Resources'), Field: 'EnabledCloudwatchLogsExports', Value: 'audit' }, [['Contains', 'Boolean']]),
      branch('VerifyAuditLogExport', 'Fails loudly if the export did not take.', [{ NextStep: 'NoteAuditLogParameter', Variable: ref('CheckAuditLogExported', 'Contains'), BooleanEquals: true }], 'FailVerification'),
      scriptStep(
        'NoteAuditLogParameter',
        'Says what remains to be done by hand: the parameter that makes Neptune record audit events.',
        AUDIT_LOG_NOTE,
        { Resources: ref('ReadLogExports', 'Resources') },
        [['Note', 'String']],
      ),
    ]),
    ends: [
      ...reports(l, exports, 'Reports the exports after the change.', 'Audit was already exported; nothing was changed.'),
      refuse('FailVerification', FAIL_VERIFICATION_DESCRIPTION, 'audit is not among the exported log types after the change'),
    ],
    outputs: [
      'DescribeCluster.DBClusterIdentifier',
      'CheckExemption.Reason',
      'NoteAuditLogParameter.Note',
      'ReportAlreadyCompliant.DBClusterIdentifier',
      'ReportAlreadyCompliant.EnabledCloudwatchLogsExports',
      'ReportRemediated.DBClusterIdentifier',
      'ReportRemediated.EnabledCloudwatchLogsExports',
    ],
  };
}

function snapshotPublic(): RunbookSpec {
  const l: Lookup = {
    noun: 'snapshot',
    stepNoun: 'Snapshot',
    service: 'rds',
    api: 'DescribeDBClusterSnapshots',
    request: { DBClusterSnapshotIdentifier: '{{ DbClusterSnapshotIdentifier }}' },
    list: 'DBClusterSnapshots',
    idField: 'DBClusterSnapshotIdentifier',
    expectedId: '{{ DbClusterSnapshotIdentifier }}',
    statusField: 'Status',
    statusValue: 'available',
    engineField: 'Engine',
  };
  const describeAttributes = { Service: 'rds', Api: 'DescribeDBClusterSnapshotAttributes', DBClusterSnapshotIdentifier: field(l, 'DBClusterSnapshotIdentifier') };
  const attributesSelector = '$.DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes';
  const attributes = (name: string, description: string): AutomationStep => ({
    name,
    action: 'aws:executeAwsApi',
    description,
    inputs: describeAttributes,
    outputs: [output('Attributes', attributesSelector, 'MapList')],
  });
  const shared = (name: 'ReportRemediated' | 'ReportAlreadyCompliant', description: string): AutomationStep =>
    report(name, l, [['Attributes', attributesSelector, 'MapList']], description, describeAttributes);
  return {
    ruleId: 'neptune-cluster-snapshot-public-prohibited',
    description: `### Make a Neptune DB cluster snapshot private

Removes \`all\` from the snapshot's \`restore\` attribute, so that no AWS account can any longer copy or
restore it (Neptune.3). The accounts it is shared with by id keep their access.

Steps: resolve the snapshot; refuse, unchanged, an exempt snapshot, a snapshot of another engine than
neptune, or one that is not available; end early for an automated snapshot (it cannot be shared) or one
that is not public; otherwise remove \`all\` (ModifyDBClusterSnapshotAttribute ValuesToRemove [all]), wait
until the snapshot is available and verify that it is no longer public.
`,
    lookup: l,
    idParameter: {
      name: 'DbClusterSnapshotIdentifier',
      description: '(Required) The identifier of the DB cluster snapshot, as AWS Config reports it.',
      allowedPattern: '^(?:rds:)?[A-Za-z][A-Za-z0-9-]{0,254}$',
    },
    fields: [['DBClusterSnapshotIdentifier', 'String'], ['Engine', 'String'], ['SnapshotType', 'String']],
    engines: ['neptune'],
    engineRefusal: 'this runbook is for Neptune cluster snapshots only; nothing was changed',
    guards: [
      segment('CheckSnapshotType', (next) => [
        branch('CheckSnapshotType', 'An automated snapshot cannot be shared: nothing to do.', [{ NextStep: 'ReportAlreadyCompliant', Variable: field(l, 'SnapshotType'), EqualsIgnoreCase: 'automated' }], next),
      ]),
    ],
    alreadyCompliant: segment('DescribeSharing', (next) => [
      attributes('DescribeSharing', "Reads the snapshot's attributes."),
      scriptStep('CheckPublic', "Public when the restore attribute holds all.", SNAPSHOT_PUBLIC, { Attributes: ref('DescribeSharing', 'Attributes') }, [['Public', 'Boolean']]),
      branch('CheckAlreadyCompliant', 'Ends early when the snapshot is not public.', [{ NextStep: 'ReportAlreadyCompliant', Variable: ref('CheckPublic', 'Public'), BooleanEquals: false }], next),
    ]),
    change: segment('MakeSnapshotPrivate', () => [
      {
        name: 'MakeSnapshotPrivate',
        action: 'aws:executeAwsApi',
        description: 'Removes all from the restore attribute; the account ids stay.',
        inputs: { Service: 'neptune', Api: 'ModifyDBClusterSnapshotAttribute', DBClusterSnapshotIdentifier: field(l, 'DBClusterSnapshotIdentifier'), AttributeName: 'restore', ValuesToRemove: ['all'] },
      },
      waitAvailable(l, 600),
      attributes('ReadSharing', 'Reads the attributes after the change.'),
      scriptStep('CheckStillPublic', 'Public when the restore attribute still holds all.', SNAPSHOT_PUBLIC, { Attributes: ref('ReadSharing', 'Attributes') }, [['Public', 'Boolean']]),
      branch('VerifyNotPublic', 'Fails loudly if the snapshot is still public.', [{ NextStep: 'ReportRemediated', Variable: ref('CheckStillPublic', 'Public'), BooleanEquals: false }], 'FailVerification'),
    ]),
    ends: [
      shared('ReportRemediated', 'Reports the attributes after the change.'),
      shared('ReportAlreadyCompliant', 'The snapshot was not public; nothing was changed.'),
      refuse('FailVerification', FAIL_VERIFICATION_DESCRIPTION, 'the snapshot is still public (restore holds all) after the change'),
    ],
    outputs: ['DescribeSnapshot.DBClusterSnapshotIdentifier', 'DescribeSnapshot.SnapshotType', 'CheckExemption.Reason', 'ReportAlreadyCompliant.Attributes', 'ReportRemediated.Attributes'],
  };
}

/** Version refusals as flat And choices: engine is E and the version starts with P. */
function versionGuard(l: Lookup, refusals: readonly { step: string; engine: string; prefixes: readonly string[] }[]): Segment {
  const choices: Choice[] = refusals.flatMap((r) =>
    r.prefixes.map((prefix) => ({
      NextStep: r.step,
      And: [
        { Variable: field(l, 'Engine'), EqualsIgnoreCase: r.engine },
        { Variable: field(l, 'EngineVersion'), StartsWith: prefix },
      ],
    })),
  );
  return segment('CheckEngineVersion', (next) => [branch('CheckEngineVersion', 'Refuses an engine version that cannot use IAM database authentication.', choices, next)]);
}

function upgradeRefusal(l: Lookup, stepName: string, engine: string, minimum: string): AutomationStep {
  const sentence = `upgrade to ${engine} ${minimum} or later first, then enable it`;
  return refuse(stepName, `${engine} before ${minimum} cannot use IAM database authentication: ${sentence} (run this runbook again). Nothing was changed.`, `${engine} ${field(l, 'EngineVersion')} cannot use IAM database authentication: ${sentence}`);
}

const MYSQL_VERSIONS = [
  { step: 'RefuseMysql56Version', engine: 'mysql', prefixes: ['5.6.1', '5.6.2', '5.6.30', '5.6.31', '5.6.32', '5.6.33'], minimum: '5.6.34' },
  { step: 'RefuseMysql57Version', engine: 'mysql', prefixes: ['5.7.10', '5.7.11', '5.7.12', '5.7.13', '5.7.14', '5.7.15'], minimum: '5.7.16' },
] as const;
const MARIADB_VERSIONS = {
  step: 'RefuseMariadbVersion',
  engine: 'mariadb',
  prefixes: ['10.0.', '10.1.', '10.2.', '10.3.', '10.4.', '10.5.', '10.6.', '10.7.', '10.8.', '10.9.', '10.10.'],
  minimum: '10.11',
} as const;

/** Enable now (and wait, verify) or schedule (and verify the pending value), by ApplyImmediately. */
function enableIamAuthentication(l: Lookup, api: 'ModifyDBCluster' | 'ModifyDBInstance', idInput: string, idField: string): Segment {
  const modify = (name: string, now: boolean): AutomationStep => ({
    name,
    action: 'aws:executeAwsApi',
    description: now ? 'Turns IAM database authentication on now; nothing else.' : 'Schedules IAM database authentication for the next maintenance window; nothing else.',
    inputs: { Service: 'rds', Api: api, [idInput]: field(l, idField), EnableIAMDatabaseAuthentication: true, ApplyImmediately: now },
  });
  return segment('ChooseWhenToApply', () => [
    branch('ChooseWhenToApply', 'Now, or in the next maintenance window.', [{ NextStep: 'EnableIamDatabaseAuthentication', Variable: '{{ ApplyImmediately }}', StringEquals: 'true' }], 'ScheduleIamDatabaseAuthentication'),
    modify('EnableIamDatabaseAuthentication', true),
    booleanIsTrue(l, 'WaitForSetting', 'IAMDatabaseAuthenticationEnabled', true),
    waitAvailable(l, 3600),
    { ...booleanIsTrue(l, 'VerifySetting', 'IAMDatabaseAuthenticationEnabled', false), nextStep: 'ReportRemediated' },
    modify('ScheduleIamDatabaseAuthentication', false),
    { ...booleanIsTrue(l, 'VerifyScheduled', 'PendingModifiedValues.IAMDatabaseAuthenticationEnabled', false), description: 'Fails loudly if the change is not pending.' },
    report('ReportScheduled', l, [[idField, `$.${l.list}[0].${idField}`, 'String'], ['PendingIAMDatabaseAuthenticationEnabled', `$.${l.list}[0].PendingModifiedValues.IAMDatabaseAuthenticationEnabled`, 'Boolean']], 'The change is pending until the next maintenance window.'),
  ]);
}

function rdsCluster(): RunbookSpec {
  const l = clusterLookup();
  const fields = [['DBClusterIdentifier', 'String'], ['Engine', 'String'], ['EngineVersion', 'String'], ['IAMDatabaseAuthenticationEnabled', 'Boolean']] as const;
  const iamReport = reportFields(l, [['DBClusterIdentifier', 'String'], ['IAMDatabaseAuthenticationEnabled', 'Boolean']]);
  return {
    ruleId: 'rds-cluster-iam-authentication-enabled',
    description: `### Enable IAM database authentication on an Aurora or Multi-AZ DB cluster

Turns on IAM database authentication (RDS.12), now or in the next maintenance window (ApplyImmediately).

Steps: resolve the cluster; refuse, unchanged, an exempt cluster, a cluster of another engine (Neptune,
DocumentDB), one that is not available; end early when the setting is on; refuse Aurora Serverless v1 and
mysql versions that cannot use IAM authentication, saying what to upgrade to; otherwise enable it
(ModifyDBCluster EnableIAMDatabaseAuthentication), wait and verify, or verify that it is pending.
`,
    lookup: l,
    idParameter: CLUSTER_ID_PARAMETER,
    parameters: { ApplyImmediately: APPLY_IMMEDIATELY },
    fields,
    engines: ['aurora', 'aurora-mysql', 'aurora-postgresql', 'mysql', 'postgres'],
    engineRefusal: 'this runbook is for Aurora MySQL/PostgreSQL and Multi-AZ DB clusters (Neptune and DocumentDB clusters are refused); nothing was changed',
    alreadyCompliant: booleanAlreadyTrue(l, 'IAMDatabaseAuthenticationEnabled'),
    changeGuards: [
      scriptThenBranch('CheckServerlessV1', 'Aurora Serverless v1 (EngineMode serverless) cannot use IAM database authentication.', FIELD_IS, { Resources: field(l, 'Resources'), Field: 'EngineMode', Value: 'serverless' }, 'Is', 'ChooseServerlessV1', 'RefuseServerlessV1'),
      versionGuard(l, MYSQL_VERSIONS),
    ],
    change: enableIamAuthentication(l, 'ModifyDBCluster', 'DBClusterIdentifier', 'DBClusterIdentifier'),
    ends: [
      ...reports(l, iamReport, 'Reports the setting after the change.', 'The setting was already on; nothing was changed.'),
      refuse(
        'RefuseServerlessV1',
        'Aurora Serverless v1 cannot use IAM database authentication: migrate to Aurora Serverless v2 or a provisioned cluster first, then enable it (run this runbook again). Nothing was changed.',
        'Aurora Serverless v1 cannot use IAM database authentication: migrate to Aurora Serverless v2 or a provisioned cluster first, then enable it',
      ),
      ...MYSQL_VERSIONS.map((v) => upgradeRefusal(l, v.step, v.engine, v.minimum)),
    ],
    outputs: [
      'DescribeCluster.DBClusterIdentifier',
      'DescribeCluster.Engine',
      'DescribeCluster.EngineVersion',
      'DescribeCluster.IAMDatabaseAuthenticationEnabled',
      'CheckExemption.Reason',
      'ReportAlreadyCompliant.DBClusterIdentifier',
      'ReportAlreadyCompliant.IAMDatabaseAuthenticationEnabled',
      'ReportRemediated.DBClusterIdentifier',
      'ReportRemediated.IAMDatabaseAuthenticationEnabled',
      'ReportScheduled.DBClusterIdentifier',
      'ReportScheduled.PendingIAMDatabaseAuthenticationEnabled',
    ],
  };
}

function rdsInstance(): RunbookSpec {
  const l: Lookup = {
    noun: 'instance',
    stepNoun: 'Instance',
    service: 'rds',
    api: 'DescribeDBInstances',
    request: { Filters: [{ Name: 'dbi-resource-id', Values: ['{{ DbiResourceId }}'] }] },
    list: 'DBInstances',
    idField: 'DbiResourceId',
    expectedId: '{{ DbiResourceId }}',
    statusField: 'DBInstanceStatus',
    statusValue: 'available',
    engineField: 'Engine',
  };
  const fields = [['DBInstanceIdentifier', 'String'], ['Engine', 'String'], ['EngineVersion', 'String'], ['IAMDatabaseAuthenticationEnabled', 'Boolean']] as const;
  const iamReport = reportFields(l, [['DBInstanceIdentifier', 'String'], ['IAMDatabaseAuthenticationEnabled', 'Boolean']]);
  return {
    ruleId: 'rds-instance-iam-authentication-enabled',
    description: `### Enable IAM database authentication on an RDS DB instance

Turns on IAM database authentication (RDS.10) on a MySQL, PostgreSQL or MariaDB instance that is not in a
DB cluster, now or in the next maintenance window (ApplyImmediately). ApplyImmediately also applies every
other pending modification, which may mean downtime: when others are pending the runbook refuses and
names them, unless AllowOtherPendingModifications is true.

Steps: resolve the instance; refuse, unchanged, an exempt instance, a cluster member (fix the cluster), an
instance of another engine or one that is not available; end early when the setting is on; refuse engine
versions that cannot use it; otherwise enable it (ModifyDBInstance EnableIAMDatabaseAuthentication).
`,
    lookup: l,
    idParameter: { name: 'DbiResourceId', description: '(Required) The resource id of the DB instance (db-...), as AWS Config reports it.', allowedPattern: '^db-[A-Za-z0-9]{1,255}$' },
    parameters: {
      ApplyImmediately: APPLY_IMMEDIATELY,
      AllowOtherPendingModifications: {
        type: 'String',
        description: '(Optional) true to go on, with ApplyImmediately, even when other modifications are pending (they are applied too).',
        default: 'false',
        allowedPattern: '^(?:true|false)$',
      },
    },
    fields,
    engines: ['mysql', 'postgres', 'mariadb'],
    engineRefusal: 'IAM database authentication exists only for MySQL, PostgreSQL and MariaDB instances (Oracle, SQL Server, Db2, Neptune and DocumentDB are refused); nothing was changed',
    earlyGuards: [
      segment('CheckInstanceState', (next) => [
        scriptStep('CheckInstanceState', 'Reads cluster membership and pending modifications (a map) of the instance.', INSTANCE_STATE, { Resources: field(l, 'Resources') }, [
          ['ClusterMember', 'Boolean'],
          ['DBClusterIdentifier', 'String'],
          ['HasPendingModifications', 'Boolean'],
          ['PendingModifications', 'String'],
        ]),
        branch('ChooseClusterMembership', 'Refuses a DB cluster member: the setting is the cluster’s.', [{ NextStep: 'RefuseClusterMember', Variable: ref('CheckInstanceState', 'ClusterMember'), BooleanEquals: true }], next),
      ]),
    ],
    alreadyCompliant: booleanAlreadyTrue(l, 'IAMDatabaseAuthenticationEnabled'),
    changeGuards: [
      versionGuard(l, [MARIADB_VERSIONS, ...MYSQL_VERSIONS]),
      segment('CheckPendingModificationsPolicy', (next) => [
        branch(
          'CheckPendingModificationsPolicy',
          'Other pending modifications matter only when applying now without leave.',
          [{ NextStep: next, Or: [{ Variable: '{{ ApplyImmediately }}', StringEquals: 'false' }, { Variable: '{{ AllowOtherPendingModifications }}', StringEquals: 'true' }] }],
          'ChoosePendingModifications',
        ),
        branch('ChoosePendingModifications', 'Refuses when other modifications are pending.', [{ NextStep: 'RefuseOtherPendingModifications', Variable: ref('CheckInstanceState', 'HasPendingModifications'), BooleanEquals: true }], next),
      ]),
    ],
    change: enableIamAuthentication(l, 'ModifyDBInstance', 'DBInstanceIdentifier', 'DBInstanceIdentifier'),
    ends: [
      ...reports(l, iamReport, 'Reports the setting after the change.', 'The setting was already on; nothing was changed.'),
      refuse(
        'RefuseClusterMember',
        'The instance is a member of a DB cluster: IAM database authentication is set on the cluster, not on its instances. Nothing was changed; remediate the cluster (rds-cluster-iam-authentication-enabled).',
        `the instance belongs to DB cluster ${ref('CheckInstanceState', 'DBClusterIdentifier')}: fix the cluster with the rds-cluster-iam-authentication-enabled runbook`,
      ),
      refuse(
        'RefuseOtherPendingModifications',
        'Applying now would also apply the other pending modifications (maybe with downtime). Nothing was changed: run with ApplyImmediately false, or with AllowOtherPendingModifications true.',
        `other modifications are pending (${ref('CheckInstanceState', 'PendingModifications')}) and ApplyImmediately would apply them too: run with ApplyImmediately=false, or AllowOtherPendingModifications=true`,
      ),
      ...[MARIADB_VERSIONS, ...MYSQL_VERSIONS].map((v) => upgradeRefusal(l, v.step, v.engine, v.minimum)),
    ],
    outputs: [
      'DescribeInstance.DBInstanceIdentifier',
      'DescribeInstance.Engine',
      'DescribeInstance.EngineVersion',
      'DescribeInstance.IAMDatabaseAuthenticationEnabled',
      'CheckExemption.Reason',
      'CheckInstanceState.PendingModifications',
      'ReportAlreadyCompliant.DBInstanceIdentifier',
      'ReportAlreadyCompliant.IAMDatabaseAuthenticationEnabled',
      'ReportRemediated.DBInstanceIdentifier',
      'ReportRemediated.IAMDatabaseAuthenticationEnabled',
      'ReportScheduled.DBInstanceIdentifier',
      'ReportScheduled.PendingIAMDatabaseAuthenticationEnabled',
    ],
  };
}

const NEPTUNE_SETTING_TYPES: Record<(typeof NEPTUNE_SETTING_FIELDS)[number], OutputType> = {
  ServiceAccessRoleArn: 'String',
  S3BucketName: 'String',
  S3BucketFolder: 'String',
  ErrorRetryDuration: 'Integer',
  MaxFileSize: 'Integer',
  MaxRetryCount: 'Integer',
};

function dmsNeptune(): RunbookSpec {
  const l: Lookup = {
    noun: 'endpoint',
    stepNoun: 'Endpoint',
    service: 'dms',
    api: 'DescribeEndpoints',
    request: { Filters: [{ Name: 'endpoint-arn', Values: ['{{ variable:EndpointArn }}'] }] },
    list: 'Endpoints',
    idField: 'EndpointArn',
    expectedId: '{{ variable:EndpointArn }}',
    statusField: 'Status',
    statusValue: 'active',
    engineField: 'EngineName',
  };
  const settings = Object.fromEntries(NEPTUNE_SETTING_FIELDS.map((name) => [name, ref('ReadNeptuneSettings', name)]));
  return {
    ruleId: 'dms-neptune-iam-authorization-enabled',
    description: `### Turn on IAM authorization for a DMS endpoint that targets Neptune

Sets NeptuneSettings.IamAuthEnabled to true, sending back every other NeptuneSettings member as
DescribeEndpoints reports it (ServiceAccessRoleArn, S3BucketName, S3BucketFolder, ErrorRetryDuration,
MaxFileSize, MaxRetryCount), and verifies afterwards that none of them changed. An endpoint that does not
report all of them is refused, with the command that sets them: S3BucketName and S3BucketFolder are
required by ModifyEndpoint, and IAM authorization needs the service access role.

Steps: resolve the endpoint from its ARN or identifier; refuse, unchanged, an exempt endpoint, an endpoint
of another engine than neptune or one that is not active; end early when IAM authorization is on; refuse
incomplete settings; otherwise ModifyEndpoint, wait until active, verify.
`,
    lookup: l,
    idParameter: {
      name: 'EndpointArnOrIdentifier',
      description: '(Required) The DMS endpoint, by ARN (as AWS Config reports it) or by endpoint identifier.',
      allowedPattern: '^(?:arn:aws(?:-cn|-us-gov)?:dms:[a-z0-9-]{1,32}:\\d{12}:endpoint:[A-Za-z0-9-]{1,255}|[A-Za-z][A-Za-z0-9-]{0,254})$',
    },
    variables: { EndpointArn: { type: 'String', default: 'unresolved', description: "The endpoint's ARN, whichever way it was given." } },
    prelude: (describeStep) => [
      branch('ChooseEndpointFilter', 'An ARN is used as it is; an identifier is looked up.', [{ NextStep: 'UseEndpointArn', Variable: '{{ EndpointArnOrIdentifier }}', StartsWith: 'arn:' }], 'FindEndpointByIdentifier'),
      {
        name: 'FindEndpointByIdentifier',
        action: 'aws:executeAwsApi',
        description: 'Finds the endpoint by its identifier.',
        inputs: { Service: 'dms', Api: 'DescribeEndpoints', Filters: [{ Name: 'endpoint-id', Values: ['{{ EndpointArnOrIdentifier }}'] }] },
        outputs: [output('EndpointArn', '$.Endpoints[0].EndpointArn', 'String')],
      },
      { name: 'UseFoundEndpointArn', action: 'aws:updateVariable', description: 'Keeps the ARN found.', nextStep: describeStep, inputs: { Name: 'variable:EndpointArn', Value: ref('FindEndpointByIdentifier', 'EndpointArn') } },
      { name: 'UseEndpointArn', action: 'aws:updateVariable', description: 'Keeps the ARN given.', inputs: { Name: 'variable:EndpointArn', Value: '{{ EndpointArnOrIdentifier }}' } },
    ],
    fields: [['EndpointArn', 'String'], ['EndpointIdentifier', 'String'], ['EngineName', 'String']],
    tagsStep: {
      step: {
        name: 'ListEndpointTags',
        action: 'aws:executeAwsApi',
        description: "Reads the endpoint's tags (DescribeEndpoints does not return them).",
        inputs: { Service: 'dms', Api: 'ListTagsForResource', ResourceArn: field(l, 'EndpointArn') },
        outputs: [output('Tags', '$.TagList', 'MapList')],
      },
      tags: ref('ListEndpointTags', 'Tags'),
    },
    engines: ['neptune'],
    engineRefusal: 'this runbook is for DMS endpoints whose engine is neptune; nothing was changed',
    alreadyCompliant: segment('CheckNeptuneSettings', (next) => [
      scriptStep('CheckNeptuneSettings', 'Reads NeptuneSettings: IamAuthEnabled, and whether every member to send back is there.', NEPTUNE_SETTINGS, { Resources: field(l, 'Resources') }, [
        ['Complete', 'Boolean'],
        ['Missing', 'String'],
        ['IamAuthEnabled', 'Boolean'],
      ]),
      branch('CheckAlreadyCompliant', 'Ends early when IAM authorization is on.', [{ NextStep: 'ReportAlreadyCompliant', Variable: ref('CheckNeptuneSettings', 'IamAuthEnabled'), BooleanEquals: true }], next),
    ]),
    changeGuards: [
      segment('ChooseSettingsComplete', (next) => [
        branch('ChooseSettingsComplete', 'Refuses settings that cannot all be sent back.', [{ NextStep: next, Variable: ref('CheckNeptuneSettings', 'Complete'), BooleanEquals: true }], 'RefuseIncompleteSettings'),
      ]),
    ],
    change: segment('ReadNeptuneSettings', () => [
      {
        name: 'ReadNeptuneSettings',
        action: 'aws:executeAwsApi',
        description: 'Reads each NeptuneSettings member to send back, with its type.',
        inputs: apiCall(l),
        outputs: NEPTUNE_SETTING_FIELDS.map((name) => output(name, `$.Endpoints[0].NeptuneSettings.${name}`, NEPTUNE_SETTING_TYPES[name])),
      },
      {
        name: 'EnableIamAuthorization',
        action: 'aws:executeAwsApi',
        description: 'Sets IamAuthEnabled, sending every other member back as it was.',
        inputs: { Service: 'dms', Api: 'ModifyEndpoint', EndpointArn: field(l, 'EndpointArn'), ExactSettings: false, NeptuneSettings: { ...settings, IamAuthEnabled: true } },
      },
      waitAvailable(l, 1800),
      { name: 'ReadEndpointAfter', action: 'aws:executeAwsApi', description: 'Reads the endpoint after the change.', inputs: apiCall(l), outputs: [output('Resources', '$.Endpoints', 'MapList')] },
      scriptStep('CheckSettingsKept', 'Compares NeptuneSettings after the change with before: only IamAuthEnabled may differ, and it must be true.', NEPTUNE_SETTINGS_KEPT, { Before: settings, Resources: ref('ReadEndpointAfter', 'Resources') }, [
        ['Kept', 'Boolean'],
        ['Changed', 'String'],
      ]),
      branch('VerifySettingsKept', 'Fails loudly if a member changed or IAM authorization is not on.', [{ NextStep: 'ReportRemediated', Variable: ref('CheckSettingsKept', 'Kept'), BooleanEquals: true }], 'FailVerification'),
    ]),
    ends: [
      report('ReportRemediated', l, [['IamAuthEnabled', '$.Endpoints[0].NeptuneSettings.IamAuthEnabled', 'Boolean'], ['NeptuneSettings', '$.Endpoints[0].NeptuneSettings', 'StringMap']], 'Reports the settings after the change.'),
      report('ReportAlreadyCompliant', l, [['IamAuthEnabled', '$.Endpoints[0].NeptuneSettings.IamAuthEnabled', 'Boolean']], 'IAM authorization was already on; nothing was changed.'),
      refuse(
        'RefuseIncompleteSettings',
        'ModifyEndpoint must send back every NeptuneSettings member (S3BucketName and S3BucketFolder are required, and IAM authorization needs a service access role that dms.amazonaws.com can assume, with access to the S3 staging bucket and neptune-db:* on the target cluster). Set the missing ones, then run this runbook again. Nothing was changed.',
        `the endpoint's NeptuneSettings lack ${ref('CheckNeptuneSettings', 'Missing')}: set them first, e.g. aws dms modify-endpoint --endpoint-arn ${field(l, 'EndpointArn')} --neptune-settings ServiceAccessRoleArn=ROLE_ARN,S3BucketName=BUCKET,S3BucketFolder=FOLDER,ErrorRetryDuration=250,MaxFileSize=1048576,MaxRetryCount=5 (a role that dms.amazonaws.com can assume), then run this runbook again`,
      ),
      refuse('FailVerification', FAIL_VERIFICATION_DESCRIPTION, `NeptuneSettings after the change differ from before: ${ref('CheckSettingsKept', 'Changed')}`),
    ],
    outputs: [
      'DescribeEndpoint.EndpointArn',
      'DescribeEndpoint.EndpointIdentifier',
      'DescribeEndpoint.EngineName',
      'CheckExemption.Reason',
      'CheckNeptuneSettings.Missing',
      'ReportAlreadyCompliant.IamAuthEnabled',
      'ReportRemediated.IamAuthEnabled',
      'ReportRemediated.NeptuneSettings',
    ],
  };
}

export const RUNBOOK_SPECS: readonly RunbookSpec[] = [
  neptuneBoolean({
    ruleId: 'neptune-cluster-iam-database-authentication',
    title: 'Enable IAM database authentication on a Neptune DB cluster',
    why: 'Turns on IAM database authentication (Neptune.7). Neptune applies it without a reboot.',
    setting: 'IAMDatabaseAuthenticationEnabled',
    modifyInput: 'EnableIAMDatabaseAuthentication',
    stepName: 'EnableIamDatabaseAuthentication',
  }),
  rdsInstance(),
  rdsCluster(),
  dmsNeptune(),
  auditLogExport(),
  snapshotPublic(),
  neptuneBoolean({
    ruleId: 'neptune-cluster-deletion-protection-enabled',
    title: 'Enable deletion protection on a Neptune DB cluster',
    why: 'Turns on deletion protection (Neptune.4), so that the cluster cannot be deleted until it is turned off again. No restart.',
    setting: 'DeletionProtection',
    modifyInput: 'DeletionProtection',
    stepName: 'EnableDeletionProtection',
  }),
  backupRetention(),
  neptuneBoolean({
    ruleId: 'neptune-cluster-copy-tags-to-snapshot-enabled',
    title: 'Copy tags to snapshots of a Neptune DB cluster',
    why: "Turns on CopyTagsToSnapshot (Neptune.8), so that the cluster's snapshots carry its tags. No restart.",
    setting: 'CopyTagsToSnapshot',
    modifyInput: 'CopyTagsToSnapshot',
    stepName: 'EnableCopyTagsToSnapshot',
  }),
];
