import { runbooks, runRunbook } from '../../remediations';
import { runbookTarget } from '../../sim/runbook-target';
import { SERVERLESS_V1_MESSAGE, upgradeFirstMessage } from '../../rules/kit';
import type { SimulatedAccount } from '../../sim/account';
import {
  accountWith,
  cluster,
  CLUSTER_ID,
  complianceOf,
  DBI_ID,
  endpoint,
  ENDPOINT_ARN,
  instance,
  modifications,

  verdictOf,
} from './helpers';
import type { Seed } from './helpers';

const EXEMPT = { Key: 'dbauth:exempt', Value: 'batch loader cannot sign requests until Q3' };

interface Scenario {
  ruleId: string;
  resourceId: string;
  /** Non-compliant, fixable. */
  broken: Seed;
  /** Already right. */
  compliant: Seed;
  /** Of an engine the runbook must refuse. */
  wrongEngine: Seed;
  /** Non-compliant but carrying the exemption tag. */
  exempt: Seed;
  isFixed: (account: SimulatedAccount) => boolean;
  /** Everything else about the resource, which the runbook must leave as it was. */
  untouched: (account: SimulatedAccount) => unknown;
}

const snapshot = (engine: string, type = 'manual', tags: { Key: string; Value: string }[] = []) => ({
  DBClusterSnapshotIdentifier: 'graph-share',
  DBClusterIdentifier: 'graph',
  Engine: engine,
  SnapshotType: type,
  Status: 'available',
  StorageEncrypted: true,
  TagList: tags,
});
const restore = (...values: string[]) => [{ AttributeName: 'restore', AttributeValues: values }];
const clusterOf = (account: SimulatedAccount) => account.cluster(CLUSTER_ID);
const clusterExcept = (...keys: string[]) => (account: SimulatedAccount) => {
  const c = { ...clusterOf(account) } as Record<string, unknown>;
  for (const key of [...keys, 'Status', 'PendingModifiedValues']) delete c[key];
  return c;
};

function clusterScenario(ruleId: string, fix: Partial<Parameters<typeof cluster>[0]>, isFixed: Scenario['isFixed'], key: string, rdsEngine = false): Scenario {
  const engine = rdsEngine ? 'aurora-mysql' : 'neptune';
  return {
    ruleId,
    resourceId: CLUSTER_ID,
    broken: { clusters: [cluster({ Engine: engine })] },
    compliant: { clusters: [cluster({ Engine: engine, ...fix })] },
    wrongEngine: { clusters: [cluster({ Engine: rdsEngine ? 'neptune' : 'aurora-postgresql' })] },
    exempt: { clusters: [cluster({ Engine: engine, TagList: [EXEMPT] })] },
    isFixed,
    untouched: clusterExcept(key),
  };
}

const scenarios: Scenario[] = [
  clusterScenario(
    'neptune-cluster-iam-database-authentication',
    { IAMDatabaseAuthenticationEnabled: true },
    (a) => clusterOf(a)?.IAMDatabaseAuthenticationEnabled === true,
    'IAMDatabaseAuthenticationEnabled',
  ),
  clusterScenario(
    'rds-cluster-iam-authentication-enabled',
    { IAMDatabaseAuthenticationEnabled: true },
    (a) => clusterOf(a)?.IAMDatabaseAuthenticationEnabled === true,
    'IAMDatabaseAuthenticationEnabled',
    true,
  ),
  clusterScenario(
    'neptune-cluster-cloudwatch-log-export-enabled',
    { EnabledCloudwatchLogsExports: ['slowquery', 'audit'] },
    (a) => (clusterOf(a)?.EnabledCloudwatchLogsExports ?? []).includes('audit') && (clusterOf(a)?.EnabledCloudwatchLogsExports ?? []).includes('slowquery'),
    'EnabledCloudwatchLogsExports',
  ),
  clusterScenario(
    'neptune-cluster-deletion-protection-enabled',
    { DeletionProtection: true },
    (a) => clusterOf(a)?.DeletionProtection === true,
    'DeletionProtection',
  ),
  clusterScenario('neptune-cluster-backup-retention-check', { BackupRetentionPeriod: 14 }, (a) => clusterOf(a)?.BackupRetentionPeriod === 7, 'BackupRetentionPeriod'),
  clusterScenario(
    'neptune-cluster-copy-tags-to-snapshot-enabled',
    { CopyTagsToSnapshot: true },
    (a) => clusterOf(a)?.CopyTagsToSnapshot === true,
    'CopyTagsToSnapshot',
  ),
  {
    ruleId: 'rds-instance-iam-authentication-enabled',
    resourceId: DBI_ID,
    broken: { instances: [instance()] },
    compliant: { instances: [instance({ IAMDatabaseAuthenticationEnabled: true })] },
    wrongEngine: { instances: [instance({ Engine: 'oracle-ee', EngineVersion: '19.0.0.0' })] },
    exempt: { instances: [instance({ TagList: [EXEMPT] })] },
    isFixed: (a) => a.instance(DBI_ID)?.IAMDatabaseAuthenticationEnabled === true,
    untouched: (a) => {
      const i = { ...a.instance(DBI_ID) } as Record<string, unknown>;
      for (const key of ['IAMDatabaseAuthenticationEnabled', 'DBInstanceStatus', 'PendingModifiedValues']) delete i[key];
      return i;
    },
  },
  {
    ruleId: 'neptune-cluster-snapshot-public-prohibited',
    resourceId: 'graph-share',
    broken: { snapshots: [{ snapshot: snapshot('neptune'), attributes: restore('444455556666', 'all', '555566667777') }] },
    compliant: { snapshots: [{ snapshot: snapshot('neptune'), attributes: restore('444455556666') }] },
    wrongEngine: { snapshots: [{ snapshot: snapshot('aurora-mysql'), attributes: restore('all') }] },
    exempt: { snapshots: [{ snapshot: snapshot('neptune', 'manual', [EXEMPT]), attributes: restore('all') }] },
    isFixed: (a) => !(a.clusterSnapshotAttributes('graph-share')[0]?.AttributeValues ?? []).includes('all'),
    untouched: (a) => ({
      snapshot: a.clusterSnapshot('graph-share'),
      accounts: (a.clusterSnapshotAttributes('graph-share')[0]?.AttributeValues ?? []).filter((v) => v !== 'all'),
    }),
  },
  {
    ruleId: 'dms-neptune-iam-authorization-enabled',
    resourceId: ENDPOINT_ARN,
    broken: { endpoints: [{ endpoint: endpoint() }] },
    compliant: { endpoints: [{ endpoint: endpoint({ NeptuneSettings: { ...endpoint().NeptuneSettings, S3BucketName: 'b', S3BucketFolder: 'f', IamAuthEnabled: true } }) }] },
    wrongEngine: { endpoints: [{ endpoint: endpoint({ EngineName: 'docdb', NeptuneSettings: undefined }) }] },
    exempt: { endpoints: [{ endpoint: endpoint(), tags: [EXEMPT] }] },
    isFixed: (a) => a.endpoint(ENDPOINT_ARN)?.NeptuneSettings?.IamAuthEnabled === true,
    untouched: (a) => {
      const e = a.endpoint(ENDPOINT_ARN);
      return { ...e, Status: undefined, NeptuneSettings: { ...e?.NeptuneSettings, IamAuthEnabled: undefined } };
    },
  },
];
const table = scenarios.map((s) => [s.ruleId, s] as const);

it('covers every runbook, each judged by its rule of the catalog', () => {
  expect(scenarios.map((s) => s.ruleId).sort()).toEqual(runbooks.map((r) => r.ruleId).sort());
});

describe.each(table)('%s', (_ruleId, s) => {
  it('fixes a non-compliant resource, which the rule then judges COMPLIANT, and changes nothing else', async () => {
    const account = accountWith(s.broken);
    const before = s.untouched(account);
    expect(await complianceOf(account, s.ruleId, s.resourceId)).not.toBe('COMPLIANT');

    const run = await runRunbook(s.ruleId, { resourceId: s.resourceId }, runbookTarget(account));

    expect([run.outcome, run.status, run.failureMessage]).toEqual(['remediated', 'Success', undefined]);
    expect(s.isFixed(account)).toBe(true);
    expect(s.untouched(account)).toEqual(before);
    expect(modifications(account)).toHaveLength(1);
    expect(Object.keys(run.outputs).some((k) => k.startsWith('ReportRemediated.'))).toBe(true);
    expect(await complianceOf(account, s.ruleId, s.resourceId)).toBe('COMPLIANT');
  });

  it('is harmless to run twice', async () => {
    const account = accountWith(s.broken);
    await runRunbook(s.ruleId, { resourceId: s.resourceId }, runbookTarget(account));
    const calls = account.calls.length;
    const second = await runRunbook(s.ruleId, { resourceId: s.resourceId }, runbookTarget(account));
    expect(second.outcome).toBe('already-compliant');
    expect(modifications({ calls: account.calls.slice(calls) } as SimulatedAccount)).toEqual([]);
  });

  it('ends early, changing nothing, when the resource is already compliant', async () => {
    const account = accountWith(s.compliant);
    const before = s.untouched(account);
    const run = await runRunbook(s.ruleId, { resourceId: s.resourceId }, runbookTarget(account));
    expect([run.outcome, run.status]).toEqual(['already-compliant', 'Success']);
    expect(modifications(account)).toEqual([]);
    expect(s.untouched(account)).toEqual(before);
    expect(Object.keys(run.outputs).some((k) => k.startsWith('ReportAlreadyCompliant.'))).toBe(true);
  });

  it('refuses a resource of another engine and changes nothing', async () => {
    const account = accountWith(s.wrongEngine);
    const before = JSON.stringify([account.allClusters(), account.allInstances(), account.allEndpoints(), account.clusterSnapshotAttributes('graph-share')]);
    const run = await runRunbook(s.ruleId, { resourceId: s.resourceId }, runbookTarget(account));
    expect([run.outcome, run.status, run.failedStep]).toEqual(['refused', 'Failed', 'RefuseUnsupportedEngine']);
    expect(run.failureMessage).toMatch(/engine (aurora-postgresql|aurora-mysql|neptune|oracle-ee|docdb) is not supported by this runbook/);
    expect(modifications(account)).toEqual([]);
    expect(JSON.stringify([account.allClusters(), account.allInstances(), account.allEndpoints(), account.clusterSnapshotAttributes('graph-share')])).toBe(before);
  });

  it('refuses an exempt resource, unchanged, with the reason in its output', async () => {
    const account = accountWith(s.exempt);
    const run = await runRunbook(s.ruleId, { resourceId: s.resourceId }, runbookTarget(account));
    expect([run.outcome, run.failedStep]).toEqual(['refused', 'RefuseExempt']);
    expect(run.failureMessage).toContain(EXEMPT.Value);
    expect(JSON.stringify(run.outputs)).toContain(EXEMPT.Value);
    expect(modifications(account)).toEqual([]);
    expect(s.isFixed(account)).toBe(false);
  });

  it('honours another exemption tag key given as a parameter', async () => {
    const account = accountWith(s.exempt);
    const run = await runRunbook(s.ruleId, { resourceId: s.resourceId, ExemptionTagKey: 'security:exempt' }, runbookTarget(account));
    expect(run.outcome).toBe('remediated');
  });
});

describe('RDS instance runbook', () => {
  const rule = 'rds-instance-iam-authentication-enabled';

  it.each([
    ['an Aurora member', instance({ Engine: 'aurora-mysql', DBClusterIdentifier: 'orders-aurora' })],
    ['a Multi-AZ DB cluster member', instance({ Engine: 'postgres', DBClusterIdentifier: 'ledger' })],
  ])('refuses %s and says to fix the cluster', async (_what, seeded) => {
    const account = accountWith({ instances: [seeded] });
    const run = await runRunbook(rule, { resourceId: DBI_ID }, runbookTarget(account));
    expect([run.outcome, run.failedStep]).toEqual(['refused', 'RefuseClusterMember']);
    expect(run.failureMessage).toContain('fix the cluster with the rds-cluster-iam-authentication-enabled runbook');
    expect(run.explanation).toMatch(/remediate the cluster/);
    expect(modifications(account)).toEqual([]);
  });

  it.each([['neptune'], ['docdb'], ['sqlserver-se']])('refuses a %s instance', async (engine) => {
    const account = accountWith({ instances: [instance({ Engine: engine })] });
    const run = await runRunbook(rule, { resourceId: DBI_ID }, runbookTarget(account));
    expect(run.outcome).toBe('refused');
    expect(modifications(account)).toEqual([]);
  });

  const pending = instance({ PendingModifiedValues: { DBInstanceClass: 'db.r6g.2xlarge', EngineVersion: '8.0.40' } });

  it('refuses, naming them, when other modifications are pending', async () => {
    const account = accountWith({ instances: [pending] });
    const run = await runRunbook(rule, { resourceId: DBI_ID }, runbookTarget(account));
    expect([run.outcome, run.failedStep]).toEqual(['refused', 'RefuseOtherPendingModifications']);
    expect(run.failureMessage).toContain('DBInstanceClass');
    expect(run.failureMessage).toContain('EngineVersion');
    expect(run.outputs['CheckInstanceState.PendingModifications']).toBe('DBInstanceClass, EngineVersion');
    expect(modifications(account)).toEqual([]);
  });

  it('applies them too when the caller allows it', async () => {
    const account = accountWith({ instances: [pending] });
    const run = await runRunbook(rule, { resourceId: DBI_ID, AllowOtherPendingModifications: 'true' }, runbookTarget(account));
    expect(run.outcome).toBe('remediated');
    expect(account.instance(DBI_ID)).toMatchObject({ IAMDatabaseAuthenticationEnabled: true, DBInstanceClass: 'db.r6g.2xlarge', PendingModifiedValues: {} });
  });

  it('schedules the change for the maintenance window with ApplyImmediately false', async () => {
    const account = accountWith({ instances: [pending] });
    const run = await runRunbook(rule, { resourceId: DBI_ID, ApplyImmediately: 'false' }, runbookTarget(account));
    expect([run.outcome, run.outputs['ReportScheduled.PendingIAMDatabaseAuthenticationEnabled']]).toEqual(['scheduled', true]);
    expect(account.instance(DBI_ID)).toMatchObject({ IAMDatabaseAuthenticationEnabled: false, DBInstanceClass: 'db.t4g.medium' });
    expect(account.calls.find((c) => c.operation === 'ModifyDBInstance')?.input).toMatchObject({ ApplyImmediately: false });
    account.runMaintenanceWindow();
    expect(account.instance(DBI_ID)?.IAMDatabaseAuthenticationEnabled).toBe(true);
  });

  it('refuses an instance that is not available', async () => {
    const account = accountWith({ instances: [instance({ DBInstanceStatus: 'backing-up' })] });
    const run = await runRunbook(rule, { resourceId: DBI_ID }, runbookTarget(account));
    expect([run.outcome, run.failedStep]).toEqual(['refused', 'AssertInstanceAvailable']);
    expect(run.failureMessage).toContain('"backing-up"');
  });
});

describe('IAM authentication the engine cannot have', () => {
  it.each([
    ['rds-instance-iam-authentication-enabled', DBI_ID, { instances: [instance({ Engine: 'mariadb', EngineVersion: '10.6.14' })] }, 'mariadb', '10.6.14', '10.11'],
    ['rds-instance-iam-authentication-enabled', DBI_ID, { instances: [instance({ EngineVersion: '5.7.15' })] }, 'mysql', '5.7.15', '5.7.16'],
    ['rds-instance-iam-authentication-enabled', DBI_ID, { instances: [instance({ EngineVersion: '5.6.19a' })] }, 'mysql', '5.6.19a', '5.6.34'],
    ['rds-cluster-iam-authentication-enabled', CLUSTER_ID, { clusters: [cluster({ Engine: 'mysql', EngineVersion: '5.7.12' })] }, 'mysql', '5.7.12', '5.7.16'],
  ] as [string, string, Seed, string, string, string][])(
    '%s refuses %s %s %s %s, unchanged, in the words of the rule',
    async (ruleId, resourceId, seed, engine, version, minimum) => {
      const account = accountWith(seed);
      const before = JSON.stringify([account.allClusters(), account.allInstances()]);
      const sentence = upgradeFirstMessage(engine, version, minimum);
      expect(await verdictOf(account, ruleId, resourceId)).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: `IAM database authentication is disabled: ${sentence}`,
      });

      const run = await runRunbook(ruleId, { resourceId }, runbookTarget(account));

      expect([run.outcome, run.status]).toEqual(['refused', 'Failed']);
      expect(run.failureMessage).toContain(sentence);
      expect(run.explanation).toContain(`upgrade to ${engine} ${minimum} or later first, then enable it`);
      expect(modifications(account)).toEqual([]);
      expect(JSON.stringify([account.allClusters(), account.allInstances()])).toBe(before);
    },
  );

  it('refuses an Aurora Serverless v1 cluster, unchanged, in the words of the rule', async () => {
    const account = accountWith({ clusters: [cluster({ Engine: 'aurora-postgresql', EngineVersion: '11.21', EngineMode: 'serverless' })] });
    const before = JSON.stringify(account.allClusters());
    expect(await verdictOf(account, 'rds-cluster-iam-authentication-enabled', CLUSTER_ID)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `IAM database authentication is disabled: ${SERVERLESS_V1_MESSAGE}`,
    });

    const run = await runRunbook('rds-cluster-iam-authentication-enabled', { resourceId: CLUSTER_ID }, runbookTarget(account));

    expect([run.outcome, run.failedStep]).toEqual(['refused', 'RefuseServerlessV1']);
    expect(run.failureMessage).toContain(SERVERLESS_V1_MESSAGE);
    expect(run.explanation).toContain(SERVERLESS_V1_MESSAGE);
    expect(modifications(account)).toEqual([]);
    expect(JSON.stringify(account.allClusters())).toBe(before);
  });

  it.each([['provisioned'], [undefined]])('fixes an Aurora cluster whose engine mode is %s', async (EngineMode) => {
    const account = accountWith({ clusters: [cluster({ Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.05.2', EngineMode })] });
    const run = await runRunbook('rds-cluster-iam-authentication-enabled', { resourceId: CLUSTER_ID }, runbookTarget(account));
    expect(run.outcome).toBe('remediated');
  });
});

describe('RDS cluster runbook', () => {
  const rule = 'rds-cluster-iam-authentication-enabled';
  const multiAz = cluster({ DBClusterIdentifier: 'ledger', Engine: 'mysql', EngineVersion: '8.0.35', DBClusterInstanceClass: 'db.m6gd.large', TagList: [] });

  it('applies the change immediately by default, and says so to ModifyDBCluster', async () => {
    const account = accountWith({ clusters: [multiAz] });
    const run = await runRunbook(rule, { resourceId: CLUSTER_ID }, runbookTarget(account));
    expect(run.outcome).toBe('remediated');
    expect(account.calls.find((c) => c.operation === 'ModifyDBCluster')?.input).toEqual({
      DBClusterIdentifier: 'ledger',
      EnableIAMDatabaseAuthentication: true,
      ApplyImmediately: true,
    });
  });

  it.each([['a Multi-AZ DB cluster', multiAz], ['an Aurora cluster', cluster({ Engine: 'aurora-postgresql', EngineVersion: '16.4' })]])(
    'schedules the change for the maintenance window of %s with ApplyImmediately false, without waiting',
    async (_what, seeded) => {
      const account = accountWith({ clusters: [seeded] });
      const run = await runRunbook(rule, { resourceId: CLUSTER_ID, ApplyImmediately: 'false' }, runbookTarget(account));
      expect([run.outcome, run.status, run.outputs['ReportScheduled.PendingIAMDatabaseAuthenticationEnabled']]).toEqual(['scheduled', 'Success', true]);
      expect(run.stepResults.map((s) => s.name)).not.toContain('WaitForSetting');
      expect(account.calls.find((c) => c.operation === 'ModifyDBCluster')?.input).toMatchObject({ ApplyImmediately: false });
      expect(account.cluster(CLUSTER_ID)).toMatchObject({ Status: 'available', IAMDatabaseAuthenticationEnabled: false });
      // A pending modification does not count until it is applied.
      expect(await complianceOf(account, rule, CLUSTER_ID)).toBe('NON_COMPLIANT');
      account.runMaintenanceWindow();
      expect(await complianceOf(account, rule, CLUSTER_ID)).toBe('COMPLIANT');
    },
  );

  it('refuses an ApplyImmediately that is not true or false before any call', async () => {
    const account = accountWith({ clusters: [multiAz] });
    const run = await runRunbook(rule, { resourceId: CLUSTER_ID, ApplyImmediately: 'yes' }, runbookTarget(account));
    expect([run.outcome, run.failureMessage]).toEqual(['refused', 'parameter ApplyImmediately: yes does not match ^(?:true|false)$']);
    expect(account.calls).toEqual([]);
  });
});

describe('DMS runbook', () => {
  const rule = 'dms-neptune-iam-authorization-enabled';

  it('keeps the service access role, the S3 settings and the tuning settings', async () => {
    const account = accountWith({ endpoints: [{ endpoint: endpoint() }] });
    await runRunbook(rule, { resourceId: ENDPOINT_ARN }, runbookTarget(account));
    expect(account.endpoint(ENDPOINT_ARN)?.NeptuneSettings).toEqual({ ...endpoint().NeptuneSettings, IamAuthEnabled: true });
    const modify = account.calls.find((c) => c.operation === 'ModifyEndpoint');
    expect(modify?.input).toEqual({
      EndpointArn: ENDPOINT_ARN,
      ExactSettings: false,
      NeptuneSettings: { ...endpoint().NeptuneSettings, IamAuthEnabled: true },
    });
  });

  it.each([['MaxRetryCount', 1], ['S3BucketFolder', 'elsewhere'], ['IamAuthEnabled', false]] as const)(
    'fails loudly when DescribeEndpoints shows %s changed after ModifyEndpoint',
    async (member, value) => {
      const account = accountWith({ endpoints: [{ endpoint: endpoint() }] });
      const dms = account.dmsClient();
      let modified = false;
      const tampering = {
        send: async (command: never): Promise<unknown> => {
          const name = (command as object).constructor.name;
          const output = (await dms.send(command)) as { Endpoints?: { NeptuneSettings?: Record<string, unknown> }[] };
          if (name === 'ModifyEndpointCommand') modified = true;
          const settings = output.Endpoints?.[0]?.NeptuneSettings;
          if (modified && name === 'DescribeEndpointsCommand' && settings) output.Endpoints = [{ ...output.Endpoints?.[0], NeptuneSettings: { ...settings, [member]: value } }];
          return output;
        },
      };
      const target = runbookTarget(account);
      const run = await runRunbook(rule, { resourceId: ENDPOINT_ARN }, { ...target, clientFor: (service) => (service === 'dms' ? tampering : target.clientFor(service)) });
      expect([run.outcome, run.failedStep]).toEqual(['failed', 'FailVerification']);
      expect(run.failureMessage).toContain(`differ from before: ${member}`);
    },
  );

  it('resolves an endpoint identifier as well as an ARN', async () => {
    const account = accountWith({ endpoints: [{ endpoint: endpoint() }] });
    const run = await runRunbook(rule, { resourceId: 'graph-target' }, runbookTarget(account));
    expect(run.outcome).toBe('remediated');
    expect(account.calls.filter((c) => c.operation === 'DescribeEndpoints')[0]?.input).toEqual({ Filters: [{ Name: 'endpoint-id', Values: ['graph-target'] }] });
  });

  it.each([['S3BucketName'], ['S3BucketFolder'], ['ServiceAccessRoleArn']])('refuses, naming it, an endpoint whose NeptuneSettings lack %s, which ModifyEndpoint must send back', async (missing) => {
    const settings = { ...endpoint().NeptuneSettings } as Record<string, unknown>;
    delete settings[missing];
    const account = accountWith({ endpoints: [{ endpoint: endpoint({ NeptuneSettings: settings as unknown as NonNullable<ReturnType<typeof endpoint>['NeptuneSettings']> }) }] });
    const run = await runRunbook(rule, { resourceId: ENDPOINT_ARN }, runbookTarget(account));
    expect([run.outcome, run.failedStep]).toEqual(['refused', 'RefuseIncompleteSettings']);
    expect(run.failureMessage).toContain(`NeptuneSettings lack ${missing}:`);
    expect(modifications(account)).toEqual([]);
  });

  it('fails, saying how to give one, when the endpoint has no service access role', async () => {
    const settings = { S3BucketName: 'dms-neptune-staging', S3BucketFolder: 'load', IamAuthEnabled: false };
    const account = accountWith({ endpoints: [{ endpoint: endpoint({ NeptuneSettings: settings }) }] });
    const run = await runRunbook(rule, { resourceId: ENDPOINT_ARN }, runbookTarget(account));
    expect([run.outcome, run.failedStep]).toEqual(['refused', 'RefuseIncompleteSettings']);
    expect(run.failureMessage).toContain("NeptuneSettings lack ServiceAccessRoleArn");
    expect(run.failureMessage).toContain(`aws dms modify-endpoint --endpoint-arn ${ENDPOINT_ARN} --neptune-settings ServiceAccessRoleArn=ROLE_ARN`);
    expect(run.explanation).toContain('dms.amazonaws.com');
    expect(modifications(account)).toEqual([]);
  });

  it.each([['the identifier'], ['the ARN']])('fails clearly when no endpoint has %s', async (what) => {
    const account = accountWith({ endpoints: [{ endpoint: endpoint() }] });
    const id = what === 'the ARN' ? ENDPOINT_ARN.replace('CCCC', 'DDDD') : 'other-endpoint';
    const run = await runRunbook(rule, { resourceId: id }, runbookTarget(account));
    expect([run.outcome, run.status]).toEqual(['failed', 'Failed']);
    expect(run.failureMessage).toMatch(/ResourceNotFoundFault: No Endpoints found matching provided filters/);
  });
});

describe('snapshot runbook', () => {
  const rule = 'neptune-cluster-snapshot-public-prohibited';

  it('keeps the accounts the snapshot is shared with', async () => {
    const account = accountWith({ snapshots: [{ snapshot: snapshot('neptune'), attributes: restore('444455556666', 'all') }] });
    const run = await runRunbook(rule, { resourceId: 'graph-share' }, runbookTarget(account));
    expect(account.clusterSnapshotAttributes('graph-share')).toEqual(restore('444455556666'));
    expect(run.outputs['ReportRemediated.Attributes']).toEqual([{ AttributeName: 'restore', AttributeValues: ['444455556666'] }]);
    expect(account.calls.find((c) => c.operation === 'ModifyDBClusterSnapshotAttribute')?.input).toEqual({
      DBClusterSnapshotIdentifier: 'graph-share',
      AttributeName: 'restore',
      ValuesToRemove: ['all'],
    });
  });

  it('has nothing to do for an automated snapshot', async () => {
    const account = accountWith({ snapshots: [{ snapshot: { ...snapshot('neptune', 'automated'), DBClusterSnapshotIdentifier: 'rds:graph-2025-06-02' }, attributes: restore() }] });
    const run = await runRunbook(rule, { resourceId: 'rds:graph-2025-06-02' }, runbookTarget(account));
    expect(run.outcome).toBe('already-compliant');
    expect(modifications(account)).toEqual([]);
  });
});

describe('every runbook', () => {
  it.each([
    ['neptune-cluster-iam-database-authentication', 'graph-prod'],
    ['rds-instance-iam-authentication-enabled', 'shop; aws iam delete-role'],
    ['neptune-cluster-snapshot-public-prohibited', '{{ AutomationAssumeRole }}'],
    ['dms-neptune-iam-authorization-enabled', 'arn:aws:dms:us-east-1:1:endpoint:X'],
    ['neptune-cluster-backup-retention-check', CLUSTER_ID, { BackupRetentionPeriod: 6 }],
    ['neptune-cluster-backup-retention-check', CLUSTER_ID, { BackupRetentionPeriod: 36 }],
    ['neptune-cluster-iam-database-authentication', CLUSTER_ID, { AutomationAssumeRole: 'arn:aws:iam::111122223333:user/alice' }],
  ] as [string, string, Record<string, unknown>?][])('%s refuses the parameters %s %j before any call', async (rule, resourceId, extra = {}) => {
    const account = accountWith({ clusters: [cluster()] });
    const run = await runRunbook(rule, { resourceId, ...extra }, runbookTarget(account));
    expect([run.outcome, run.status]).toEqual(['refused', 'Failed']);
    expect(run.failureMessage).toMatch(/does not match|is not one of/);
    expect(account.calls).toEqual([]);
  });

  it('sets the backup retention period it is given', async () => {
    const account = accountWith({ clusters: [cluster()] });
    const run = await runRunbook('neptune-cluster-backup-retention-check', { resourceId: CLUSTER_ID, BackupRetentionPeriod: 35 }, runbookTarget(account));
    expect([run.outcome, account.cluster(CLUSTER_ID)?.BackupRetentionPeriod]).toEqual(['remediated', 35]);
  });

  it('fails when the cluster does not exist', async () => {
    const account = accountWith({ clusters: [cluster()] });
    const run = await runRunbook('neptune-cluster-deletion-protection-enabled', { resourceId: 'cluster-ZZZZ' }, runbookTarget(account));
    expect([run.outcome, run.failedStep]).toEqual(['refused', 'AssertClusterExists']);
    expect(run.failureMessage).toContain('$.DBClusters[0].DbClusterResourceId has no value');
  });

  it('refuses a cluster that is not available', async () => {
    const account = accountWith({ clusters: [cluster({ Status: 'backing-up' })] });
    const run = await runRunbook('neptune-cluster-copy-tags-to-snapshot-enabled', { resourceId: CLUSTER_ID }, runbookTarget(account));
    expect([run.outcome, run.failedStep]).toEqual(['refused', 'AssertClusterAvailable']);
    expect(modifications(account)).toEqual([]);
  });

  it('fails loudly, by the wait timeout and not by wall time, when a change never takes', async () => {
    // A modification that stays in flight for a million describes: the runbook must give up on its own.
    const account = accountWith({ clusters: [cluster()] }, { modifyingDescribes: 1_000_000 });
    const run = await runRunbook('neptune-cluster-iam-database-authentication', { resourceId: CLUSTER_ID }, runbookTarget(account));
    expect([run.status, run.outcome, run.failedStep]).toEqual(['TimedOut', 'failed', 'WaitForSetting']);
    expect(run.failureMessage).toMatch(/timed out after 1800 s: \$\.DBClusters\[0\]\.IAMDatabaseAuthenticationEnabled is "False"/);
  });
});
