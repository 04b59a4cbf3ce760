import { CATALOG } from '../../rules/catalog';
import type { ContextKey } from '../../infra/settings';
import { CONTEXT_KEYS, InvalidContextError, checkContextKeys, readDeploySettings } from '../../infra/settings';

const read = (context: Partial<Record<ContextKey, unknown>>) => readDeploySettings((key) => context[key]);

describe('deployment settings from context', () => {
  it('defaults to one account, change-triggered rules, manual remediation', () => {
    const settings = read({});
    expect(settings).toMatchObject({ mode: 'account', regions: undefined, rulePrefix: 'dbauth-', lambda: { logRetentionDays: 365, reservedConcurrency: 2 } });
    expect(settings.ruleIds).toEqual(CATALOG.map((rule) => rule.id));
    expect(settings.rules.periodic.size).toBe(0);
    expect(settings.remediation).toMatchObject({ mode: 'manual', dmsServiceRolePattern: 'dms-*' });
    expect(settings.remediation.automatic.size).toBe(0);
    expect(settings.organization).toEqual({
      excludedAccounts: [],
      organizationalUnits: undefined,
      callAs: 'DELEGATED_ADMIN',
      packScope: 'organization',
      organizationId: undefined,
      maxConcurrentPercent: 10,
      failureTolerancePercent: 0,
    });
    expect(settings.warnings).toEqual([]);
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
    [{ rules: 'neptune-cluster-encrypted,nope' }, /invalid context rules: nope is not a rule id/],
    [{ excludeRules: 'all' }, /invalid context excludeRules: no rule is left to deploy/],
    [{ rulePrefix: 'db auth' }, /invalid context rulePrefix: "db auth" is not a prefix of at most 16/],
    [{ rulePrefix: 'abcdefghijklmnopq' }, /invalid context rulePrefix/],
    [{ remediation: 'on' }, /invalid context remediation: "on" is not one of off, manual, auto/],
    [{ remediation: 'off', autoRemediate: 'rds-instance-iam-authentication-enabled' }, /invalid context autoRemediate: remediation=off deploys no remediation/],
    [{ excludeRules: 'rds-instance-iam-authentication-enabled', autoRemediate: 'rds-instance-iam-authentication-enabled' }, /autoRemediate: rds-instance-iam-authentication-enabled is not deployed/],
    [{ dmsServiceRolePattern: '*' }, /invalid context dmsServiceRolePattern: "\*" is not an IAM role name pattern/],
    [{ dmsServiceRolePattern: 'a*b*' }, /invalid context dmsServiceRolePattern/],
    [{ reservedConcurrency: '0' }, /invalid context reservedConcurrency: "0" is not a whole number in 1–100/],
    [{ packScope: 'ou' }, /invalid context packScope: "ou" is not one of organization, account/],
    [{ organizationId: '123' }, /invalid context organizationId: "123" is not an organization id/],
    [{ stackSetMaxConcurrentPercent: '0' }, /invalid context stackSetMaxConcurrentPercent/],
    [{ proactive: 'yes' }, /invalid context proactive: "yes" is not one of true, false/],
    // Config's API model: OrganizationCustomRuleMetadata (PutOrganizationConfigRule) has no EvaluationModes.
    [{ mode: 'organization', proactive: 'true' }, /invalid context proactive: Config evaluates proposed resources only with an account's own rules/],
  ])('refuses %j with a message that names the key', (context, message) => {
    expect(() => read(context)).toThrow(InvalidContextError);
    expect(() => read(context)).toThrow(message);
  });
});

describe('context keys', () => {
  it('refuses a key that is neither a setting nor the CDK\'s, naming it and the known settings', () => {
    expect(() => checkContextKeys(['mode', 'regoins'])).toThrow(InvalidContextError);
    expect(() => checkContextKeys(['mode', 'regoins'])).toThrow(/unknown setting regoins\. Known settings: mode, regions, /);
    expect(() => checkContextKeys(['autoremediate', 'Regions'])).toThrow(/unknown settings Regions, autoremediate/);
  });

  it("accepts every setting and the keys the CDK and its CLI put in the context", () => {
    expect(() =>
      checkContextKeys([
        ...Object.keys(CONTEXT_KEYS),
        'aws:cdk:bundling-stacks',
        'aws:cdk:enable-path-metadata',
        '@aws-cdk/core:newStyleStackSynthesis',
        'cli-telemetry',
        'acknowledged-issue-numbers',
        'availability-zones:account=123456789012:region=us-east-1',
      ]),
    ).not.toThrow();
  });
});

describe('settings that do nothing in the chosen mode', () => {
  it('warns when proactive=true reaches no rule that can take the mode', () => {
    expect(read({ proactive: 'true', rules: 'neptune-cluster-snapshot-encrypted,neptune-cluster-multi-az-enabled' }).warnings).toEqual([
      'proactive=true does nothing here: none of the deployed rules can judge a proposed resource (dbauth rules says which can)',
    ]);
    expect(read({ proactive: 'true' }).warnings).toEqual([]);
  });

  it('warns about organization settings in account mode', () => {
    expect(read({ callAs: 'SELF', packScope: 'account' }).warnings).toEqual([
      'callAs, packScope apply to organization mode only (-c mode=organization): ignored',
    ]);
    expect(read({ mode: 'organization', callAs: 'SELF' }).warnings).toEqual([]);
  });

  it('warns about automatic-remediation settings without automatic remediation, and maps autoRemediate', () => {
    expect(read({ remediationAttempts: '5' }).warnings).toEqual([expect.stringMatching(/^remediationAttempts applies to automatic remediation only/)]);
    expect(read({ remediation: 'auto', remediationAttempts: '5' }).warnings).toEqual([]);
    const mapped = read({ autoRemediate: 'rds-instance-iam-authentication-enabled' });
    expect(mapped.remediation).toMatchObject({ mode: 'manual', automatic: new Set(['rds-instance-iam-authentication-enabled']) });
    expect(mapped.warnings).toEqual([expect.stringMatching(/autoRemediate is read as remediation=manual/)]);
  });
});

describe('choosing rules and remediation', () => {
  it('deploys -c rules= minus -c excludeRules=, in catalog order', () => {
    expect(read({ rules: 'rds-instance-default-admin-check,neptune-cluster-encrypted' }).ruleIds).toEqual(['neptune-cluster-encrypted', 'rds-instance-default-admin-check']);
    expect(read({ excludeRules: 'neptune-cluster-encrypted' }).ruleIds).toEqual(CATALOG.map((r) => r.id).filter((id) => id !== 'neptune-cluster-encrypted'));
  });

  it('makes every deployed fixable rule automatic with remediation=auto, and none with off', () => {
    const auto = read({ remediation: 'auto', excludeRules: 'rds-instance-iam-authentication-enabled' });
    expect([...auto.remediation.automatic].sort()).toEqual(
      CATALOG.filter((r) => r.fix.runbook && r.id !== 'rds-instance-iam-authentication-enabled')
        .map((r) => r.id)
        .sort(),
    );
    expect(read({ remediation: 'off' }).remediation).toMatchObject({ mode: 'off', automatic: new Set() });
  });

  it('turns remediation off when no deployed rule has a runbook', () => {
    expect(read({ rules: 'neptune-cluster-encrypted' }).remediation.mode).toBe('off');
  });
});
