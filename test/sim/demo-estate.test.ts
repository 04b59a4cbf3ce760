import { assessAccount } from '../../cli/assess';
import { runbooks, runRunbook } from '../../remediations';
import type { RunbookRun } from '../../remediations';
import { CATALOG } from '../../rules/catalog';
import type { SimulatedAccount } from '../../sim/account';
import { demoEstate } from '../../sim/demo-estate';
import { runbookTarget } from '../../sim/runbook-target';

const exempt = (tags: { Key?: string }[] | undefined) => (tags ?? []).some((t) => t.Key === 'dbauth:exempt');

/** Every resource of the type a runbook fixes, by the id Config gives it. */
function resourceIds(account: SimulatedAccount, type: string): string[] {
  switch (type) {
    case 'AWS::RDS::DBCluster':
      return account.allClusters().map((c) => c.DbClusterResourceId ?? '');
    case 'AWS::RDS::DBInstance':
      return account.allInstances().map((i) => i.DbiResourceId ?? '');
    case 'AWS::RDS::DBClusterSnapshot':
      return account.allClusterSnapshots().map((s) => s.DBClusterSnapshotIdentifier ?? '');
    default:
      return account.allEndpoints().map((e) => e.EndpointArn ?? '');
  }
}

/** The fixable settings, read straight from the account, for every in-scope resource that is not exempt. */
function unfixed(account: SimulatedAccount): string[] {
  const wrong: string[] = [];
  for (const c of account.allClusters().filter((c) => !exempt(c.TagList))) {
    const id = c.DBClusterIdentifier ?? '';
    if (c.Engine === 'neptune') {
      if (!c.IAMDatabaseAuthenticationEnabled) wrong.push(`${id}: IAM`);
      if (!(c.EnabledCloudwatchLogsExports ?? []).includes('audit')) wrong.push(`${id}: audit`);
      if (!c.DeletionProtection) wrong.push(`${id}: deletion protection`);
      if ((c.BackupRetentionPeriod ?? 0) < 7) wrong.push(`${id}: backups`);
      if (!c.CopyTagsToSnapshot) wrong.push(`${id}: copy tags`);
    } else if (['aurora', 'aurora-mysql', 'aurora-postgresql', 'mysql', 'postgres'].includes(c.Engine ?? '') && !c.IAMDatabaseAuthenticationEnabled) {
      wrong.push(`${id}: IAM`);
    }
  }
  for (const i of account.allInstances().filter((i) => !exempt(i.TagList) && !i.DBClusterIdentifier)) {
    if (['mysql', 'postgres', 'mariadb'].includes(i.Engine ?? '') && !i.IAMDatabaseAuthenticationEnabled) wrong.push(`${i.DBInstanceIdentifier ?? ''}: IAM`);
  }
  for (const s of account.allClusterSnapshots().filter((s) => s.Engine === 'neptune' && !exempt(s.TagList))) {
    const id = s.DBClusterSnapshotIdentifier ?? '';
    if ((account.clusterSnapshotAttributes(id)[0]?.AttributeValues ?? []).includes('all')) wrong.push(`${id}: public`);
  }
  for (const e of account.allEndpoints()) {
    if ((e.EngineName ?? '').toLowerCase() === 'neptune' && !e.NeptuneSettings?.IamAuthEnabled && !exempt(account.endpointTagList(e.EndpointArn ?? ''))) {
      wrong.push(`${e.EndpointIdentifier ?? ''}: IAM`);
    }
  }
  return wrong;
}

describe('the demo estate', () => {
  it('is a fresh, independent account each time', () => {
    const a = demoEstate();
    a.settle();
    expect(demoEstate().allClusters()).toEqual(a.allClusters());
    expect(a).not.toBe(demoEstate());
  });

  it.each(CATALOG.map((rule) => [rule.id, rule] as const))('gives %s compliant, non-compliant and not-applicable resources', async (_id, rule) => {
    const rows = await assessAccount(demoEstate().awsClients(), { rules: [rule] });
    expect(new Set(rows.map((r) => r.compliance))).toEqual(new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']));
  });

  it('has something for every fixable check to fix', () => {
    expect(unfixed(demoEstate()).sort()).toEqual(
      [
        'graph-dev: IAM',
        'graph-dev: audit',
        'graph-dev: deletion protection',
        'graph-dev: backups',
        'graph-dev: copy tags',
        'graph-staging: audit',
        'graph-staging: copy tags',
        'graph-recommendations: backups',
        'graph-recommendations: deletion protection',
        'orders-aurora: IAM',
        'ledger-mysql-maz: IAM',
        'shop-mysql: IAM',
        'wiki-mariadb: IAM',
        'graph-dev-shared-with-partner: public',
        'graph-dev-target: IAM',
      ].sort(),
    );
  });

  it('is left with nothing to fix after every runbook has run on every resource, refusing only what it must', async () => {
    const account = demoEstate();
    const runs: RunbookRun[] = [];
    for (const runbook of runbooks) {
      for (const resourceId of resourceIds(account, runbook.resourceType)) runs.push(await runRunbook(runbook.ruleId, { resourceId }, runbookTarget(account)));
    }
    const unexpected = runs.filter(
      (run) => run.outcome === 'failed' || (run.outcome === 'refused' && !['RefuseUnsupportedEngine', 'RefuseClusterMember', 'RefuseExempt'].includes(run.failedStep ?? '')),
    );
    expect(unexpected.map((r) => [r.ruleId, r.resourceId, r.failureMessage])).toEqual([]);
    expect(runs.filter((r) => r.outcome === 'remediated')).toHaveLength(15);
    expect(unfixed(account)).toEqual([]);

    const fixable = new Set(runbooks.map((r) => r.ruleId));
    const after = await assessAccount(account.awsClients(), { rules: CATALOG.filter((rule) => fixable.has(rule.id)) });
    expect(after.filter((row) => row.compliance === 'NON_COMPLIANT')).toEqual([]);
  });
});
