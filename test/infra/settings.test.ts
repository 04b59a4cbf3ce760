import { CATALOG } from '../../rules/catalog';
import type { ContextKey } from '../../infra/settings';
import { InvalidContextError, readDeploySettings } from '../../infra/settings';

const read = (context: Partial<Record<ContextKey, unknown>>) => readDeploySettings((key) => context[key]);

describe('deployment settings from context', () => {
  it('defaults to one account, change-triggered rules, manual remediation', () => {
    const settings = read({});
    expect(settings).toMatchObject({ mode: 'account', regions: undefined, logRetentionDays: 365 });
    expect(settings.rules.periodic.size).toBe(0);
    expect(settings.remediation.automatic.size).toBe(0);
    expect(settings.organization).toEqual({ excludedAccounts: [], organizationalUnits: undefined, callAs: 'DELEGATED_ADMIN' });
  });

  it('reads -c strings and cdk.json values alike', () => {
    expect(read({ regions: 'us-east-1, eu-west-1' }).regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(read({ regions: ['us-east-1', 'eu-west-1'] }).regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(read({ autoRemediate: true }).remediation.automatic).toEqual(new Set(CATALOG.filter((r) => r.fix.runbook).map((r) => r.id)));
    expect(read({ periodic: 'all' }).rules.periodic.size).toBe(CATALOG.length);
    expect(read({ parameters: { 'neptune-cluster-backup-retention-check': { minimumBackupRetentionPeriod: 14 } } }).rules.parameters).toEqual({
      'neptune-cluster-backup-retention-check': { minimumBackupRetentionPeriod: '14' },
    });
  });

  it.each<[Partial<Record<ContextKey, unknown>>, RegExp]>([
    [{ mode: 'org' }, /invalid context mode: "org" is not one of account, organization/],
    [{ regions: 'us-east-1,Ireland' }, /invalid context regions: "Ireland" is not a region name/],
    [{ periodic: 'neptune-cluster-iam-database-authentication,nope' }, /invalid context periodic: nope is not a rule id/],
    [{ periodicFrequency: 'Daily' }, /invalid context periodicFrequency: "Daily" is not one of One_Hour/],
    [{ parameters: '{"engines":' }, /invalid context parameters: not JSON/],
    [{ parameters: '{"nope":{}}' }, /invalid context parameters: nope is not a rule id/],
    [{ parameters: '{"rds-instance-iam-authentication-enabled":{"engine":"mysql"}}' }, /has no parameter engine \(it takes engines\)/],
    [{ parameters: '{"rds-instance-iam-authentication-enabled":{"engines":"oracle"}}' }, /invalid rule parameter engines: oracle is not one of mysql, postgres, mariadb/],
    [{ parameters: '{"neptune-cluster-backup-retention-check":{"minimumBackupRetentionPeriod":"40"}}' }, /minimumBackupRetentionPeriod: 40 is outside 1–35/],
    [{ autoRemediate: 'neptune-cluster-multi-az-enabled' }, /invalid context autoRemediate: neptune-cluster-multi-az-enabled has no runbook/],
    [{ remediationAttempts: '30' }, /invalid context remediationAttempts: "30" is not a whole number in 1–25/],
    [{ logRetentionDays: '10' }, /invalid context logRetentionDays: "10" is not one of 1, 3, 5/],
    [{ excludedAccounts: '12345' }, /invalid context excludedAccounts: "12345" is not a 12-digit account id/],
    [{ organizationalUnits: 'Security' }, /invalid context organizationalUnits: "Security" is not an OU id/],
    [{ callAs: 'ADMIN' }, /invalid context callAs: "ADMIN" is not one of DELEGATED_ADMIN, SELF/],
    [{ exemptionTagKey: 'bad\nkey' }, /invalid context exemptionTagKey/],
  ])('refuses %j with a message that names the key', (context, message) => {
    expect(() => read(context)).toThrow(InvalidContextError);
    expect(() => read(context)).toThrow(message);
  });
});
