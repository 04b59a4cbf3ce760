import { runRunbook } from '../../remediations';
import { runbookTarget } from '../../sim/runbook-target';
import { IAM_AUTH_INSTANCE_ENGINES, iamAuthMinimumVersion, MINIMUM_VERSIONS, RDS_CLUSTER_ENGINES, upgradeFirstMessage } from '../../rules/kit';
import { accountWith, cluster, CLUSTER_ID, DBI_ID, instance, modifications } from './helpers';

/**
 * The runbooks refuse the engine versions that rules/kit/engines.ts says cannot use IAM database
 * authentication, and only those: every expectation here is derived from MINIMUM_VERSIONS, so a line
 * added to or changed in that table fails these tests until the runbooks follow.
 */

/**
 * Versions around each minimum, written as RDS writes them. A line of one number ("10.") varies the minor
 * version, each with patch releases; a line of two ("5.6.") varies the patch release, which RDS numbers
 * with two digits for MySQL 5.6 and 5.7, bare, with a letter (5.6.19a) or with a suffix (5.7.44-rds.20240408).
 */
function versionsAround(line: string, minimum: string): string[] {
  const depth = line.split('.').filter(Boolean).length;
  const next = Number(minimum.split('.')[depth]);
  const versions: string[] = [];
  if (depth === 1) {
    for (let n = 0; n <= next + 2; n += 1) versions.push(`${line}${n}.5`, `${line}${n}.14`);
  } else {
    for (let n = 10; n <= next + 5; n += 1) versions.push(`${line}${n}`);
    for (const n of [10, next - 1, next, next + 1]) versions.push(`${line}${n}a`, `${line}${n}-rds.20240408`);
  }
  return versions;
}

type Case = [engine: string, version: string, minimum: string | undefined];

function casesFor(engines: readonly string[]): Case[] {
  const cases: Case[] = [];
  for (const [engine, lines] of Object.entries(MINIMUM_VERSIONS)) {
    if (!engines.includes(engine)) continue;
    for (const [line, minimum] of lines) {
      for (const version of versionsAround(line, minimum)) cases.push([engine, version, iamAuthMinimumVersion(engine, version)]);
    }
  }
  return cases;
}

const runbooks = [
  {
    ruleId: 'rds-instance-iam-authentication-enabled',
    resourceId: DBI_ID,
    cases: casesFor(IAM_AUTH_INSTANCE_ENGINES),
    seed: (Engine: string, EngineVersion: string, IAMDatabaseAuthenticationEnabled = false) => ({
      instances: [instance({ Engine, EngineVersion, IAMDatabaseAuthenticationEnabled })],
    }),
  },
  {
    // Multi-AZ DB clusters of MySQL: the cluster engines that have minimum versions.
    ruleId: 'rds-cluster-iam-authentication-enabled',
    resourceId: CLUSTER_ID,
    cases: casesFor(RDS_CLUSTER_ENGINES),
    seed: (Engine: string, EngineVersion: string, IAMDatabaseAuthenticationEnabled = false) => ({
      clusters: [cluster({ Engine, EngineVersion, IAMDatabaseAuthenticationEnabled, TagList: [] })],
    }),
  },
];

describe.each(runbooks.map((r) => [r.ruleId, r] as const))('%s', (_ruleId, r) => {
  it('has versions on both sides of every minimum that applies to it', () => {
    expect(r.cases.some(([, , minimum]) => minimum !== undefined)).toBe(true);
    expect(r.cases.some(([, , minimum]) => minimum === undefined)).toBe(true);
  });

  it.each(r.cases)('%s %s: refused only below the minimum (%s), before any change, in the words of the rule', async (engine, version, minimum) => {
    const account = accountWith(r.seed(engine, version));
    const run = await runRunbook(r.ruleId, { resourceId: r.resourceId }, runbookTarget(account));
    if (minimum === undefined) {
      expect([run.outcome, run.failureMessage]).toEqual(['remediated', undefined]);
      return;
    }
    expect([run.outcome, run.failedStep?.startsWith('Refuse')]).toEqual(['refused', true]);
    expect(run.failureMessage).toContain(upgradeFirstMessage(engine, version, minimum));
    expect(run.explanation).toContain(`upgrade to ${engine} ${minimum} or later first, then enable it`);
    expect(modifications(account)).toEqual([]);
  });

  it('ends early, as the rule judges it COMPLIANT, when an old version somehow has IAM authentication on', async () => {
    const [engine, version] = r.cases.find(([, , minimum]) => minimum !== undefined) as Case;
    const run = await runRunbook(r.ruleId, { resourceId: r.resourceId }, runbookTarget(accountWith(r.seed(engine, version, true))));
    expect(run.outcome).toBe('already-compliant');
  });
});
