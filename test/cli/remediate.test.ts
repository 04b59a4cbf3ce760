import { PlanStopError, readOnlyClient, remediate, remediateExitCode, remediationText } from '../../cli/remediate';
import type { PlannedCall, RemediateRequest, RemediationReport } from '../../cli/remediate';
import { UsageError } from '../../cli/errors';
import { virtualClock } from '../../remediations/runner';
import { SimulatedAccount } from '../../sim/account';
import { DescribeDBClustersCommand, ModifyDBClusterCommand } from '@aws-sdk/client-rds';

const ACCOUNT = '111122223333';
const RESOURCE_ID = 'cluster-AAAAAAAAAAAAAAAAAAAAAAAAAA';

function account(settings: { deletionProtection: boolean; tags?: { Key: string; Value: string }[] }): SimulatedAccount {
  return new SimulatedAccount({ accountId: ACCOUNT, region: 'us-east-1' }).addCluster({
    DBClusterIdentifier: 'graph',
    DbClusterResourceId: RESOURCE_ID,
    Engine: 'neptune',
    EngineVersion: '1.3.2.1',
    Status: 'available',
    DeletionProtection: settings.deletionProtection,
    TagList: settings.tags ?? [{ Key: 'team', Value: 'graph' }],
  });
}

function request(sim: SimulatedAccount, plan: boolean, ruleId = 'neptune-cluster-deletion-protection-enabled'): RemediateRequest {
  return {
    ruleId,
    resourceId: RESOURCE_ID,
    plan,
    clients: { rds: sim.rdsClient(), neptune: sim.neptuneClient(), dms: sim.dmsClient() },
    accountId: ACCOUNT,
    region: 'us-east-1',
    clock: virtualClock(),
  };
}

const mutatingCalls = (sim: SimulatedAccount) => sim.calls.filter((c) => !/^(Describe|List|Get)/.test(c.operation));

describe('dbauth remediate', () => {
  it('plans the change without sending it: only Describe, List and Get calls reach the account', async () => {
    const sim = account({ deletionProtection: false });
    const report = await remediate(request(sim, true));
    expect(report.outcome).toBe('would-change');
    expect(report.wouldCall).toEqual([{ service: 'neptune', api: 'ModifyDBCluster', input: { DBClusterIdentifier: 'graph', DeletionProtection: true } }]);
    expect(mutatingCalls(sim)).toEqual([]);
    expect(remediateExitCode(report)).toBe(0);
    expect(remediationText(report)).toContain('would call neptune ModifyDBCluster {"DBClusterIdentifier":"graph","DeletionProtection":true}');
  });

  it('remediates without --plan, and a second run finds nothing to do', async () => {
    const sim = account({ deletionProtection: false });
    const first = await remediate(request(sim, false));
    expect(first.outcome).toBe('remediated');
    expect(mutatingCalls(sim).map((c) => c.operation)).toEqual(['ModifyDBCluster']);
    const second = await remediate(request(sim, false));
    expect([second.outcome, remediateExitCode(second)]).toEqual(['already-compliant', 0]);
  });

  it('reports a refusal with the step that refused, exit 1, and changes nothing', async () => {
    const sim = account({ deletionProtection: false, tags: [{ Key: 'dbauth:exempt', Value: 'load tests until May' }] });
    const report = await remediate(request(sim, false));
    expect([report.outcome, report.failedStep, remediateExitCode(report)]).toEqual(['refused', 'RefuseExempt', 1]);
    expect(mutatingCalls(sim)).toEqual([]);
    expect(remediationText(report)).toMatch(/refused: nothing was changed\n {2}why: \S/);
  });

  it('refuses a rule without a runbook as a usage error naming the fixable rules', async () => {
    const sim = account({ deletionProtection: false });
    await expect(remediate(request(sim, false, 'neptune-cluster-encrypted'))).rejects.toThrow(UsageError);
    await expect(remediate(request(sim, false, 'neptune-cluster-encrypted'))).rejects.toThrow(/fixable rules are: .*neptune-cluster-deletion-protection-enabled/);
  });

  it('exits 2 when the run fails for another reason than a refusal', () => {
    const report: RemediationReport = { ruleId: 'x', resourceId: 'y', plan: false, outcome: 'failed', steps: [], wouldCall: [], outputs: {} };
    expect(remediateExitCode(report)).toBe(2);
  });
});

describe('the read-only client of a plan', () => {
  it('passes reads through and refuses a change before it is sent', async () => {
    const sent: unknown[] = [];
    const client = { send: (command: never) => Promise.resolve(sent.push(command)) };
    const recorded: PlannedCall[] = [];
    const guarded = readOnlyClient('rds', client, recorded);
    await guarded.send(new DescribeDBClustersCommand({}) as never);
    await expect(guarded.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'graph', DeletionProtection: true }) as never)).rejects.toThrow(PlanStopError);
    expect(sent).toHaveLength(1);
    expect(recorded).toEqual([{ service: 'rds', api: 'ModifyDBCluster', input: { DBClusterIdentifier: 'graph', DeletionProtection: true } }]);
  });
});
