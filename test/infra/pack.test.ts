/** `dbauth pack` and the CDK organization stack share one pack generator. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { packTemplateText } from '../../cli/pack';
import { CATALOG } from '../../rules/catalog';
import { MAX_PACK_TEMPLATE_BYTES, PackLimitError, renderConformancePack } from '../../infra/pack-template';
import { loadRunbooks } from '../../infra/runbooks';
import { readDeploySettings } from '../../infra/settings';
import { deployment, propertiesOf, resourcesOf } from './synth';

interface PackResource {
  Type: string;
  Properties: Record<string, unknown>;
}
const parsed = (text: string) => parse(text) as { Parameters?: Record<string, { Type: string; Default: string }>; Resources: Record<string, PackResource> };
const rulesIn = (text: string) => Object.values(parsed(text).Resources).filter((r) => r.Type === 'AWS::Config::ConfigRule');

describe('dbauth pack', () => {
  it("writes a prefixed rule per catalog entry on each member's own Lambda", () => {
    const text = packTemplateText({ account: '111122223333', region: 'eu-west-1' });
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_PACK_TEMPLATE_BYTES);
    const rules = rulesIn(text);
    expect(rules.map((r) => r.Properties['ConfigRuleName'])).toEqual(CATALOG.map((rule) => `dbauth-${rule.id}`));
    expect(rules.map((r) => (r.Properties['Source'] as { SourceIdentifier: unknown }).SourceIdentifier)).toEqual(
      CATALOG.map((rule) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:dbauth-${rule.id}` })),
    );
    expect(text).not.toContain('111122223333');
  });

  it('is the template the CDK organization stack deploys, with the same settings', () => {
    const primary = deployment('organizationRegions').stacks.find((s) => s.name === 'DbAuthOrganization-us-east-1')!.template;
    const [found] = resourcesOf(primary, 'AWS::Config::OrganizationConformancePack');
    expect(propertiesOf(found![1])['TemplateBody']).toBe(
      packTemplateText({ account: '111122223333', region: 'us-east-1', context: ['autoRemediate=rds-instance-iam-authentication-enabled'] }),
    );
  });

  it("gives every rule parameter a pack Parameter, with the value as its default, that the rule refers to", () => {
    const text = packTemplateText({
      account: '111122223333',
      region: 'us-east-1',
      context: ['parameters={"rds-instance-iam-authentication-enabled":{"engines":"mysql"}}', 'rulePrefix=sec-'],
    });
    const { Parameters: parameters = {}, Resources: resources } = parsed(text);
    const rds = Object.values(resources).find((r) => r.Properties['ConfigRuleName'] === 'sec-rds-instance-iam-authentication-enabled')!;
    expect(rds.Properties['InputParameters']).toEqual({ engines: { Ref: 'RdsInstanceIamAuthenticationEnabledEngines' } });
    expect(parameters['RdsInstanceIamAuthenticationEnabledEngines']).toMatchObject({ Type: 'String', Default: 'mysql' });
    const referenced = Object.values(resources).flatMap((r) => Object.values((r.Properties['InputParameters'] ?? {}) as Record<string, { Ref: string }>).map((v) => v.Ref));
    expect(referenced.sort()).toEqual(Object.keys(parameters).sort());
    for (const remediation of Object.values(resources).filter((r) => r.Type === 'AWS::Config::RemediationConfiguration')) {
      expect(String(remediation.Properties['ConfigRuleName'])).toMatch(/^sec-/);
    }
  });

  it('takes the pack settings as context, like cdk synth', () => {
    const text = packTemplateText({
      account: '111122223333',
      region: 'us-east-1',
      context: ['periodic=dms-neptune-iam-authorization-enabled', 'remediation=auto', 'excludeRules=neptune-cluster-encrypted'],
    });
    const rules = rulesIn(text);
    expect(rules).toHaveLength(CATALOG.length - 1);
    const dms = rules.find((r) => r.Properties['ConfigRuleName'] === 'dbauth-dms-neptune-iam-authorization-enabled')!;
    expect(JSON.stringify(dms.Properties['Source'])).toContain('ScheduledNotification');
    const remediations = Object.values(parsed(text).Resources).filter((r) => r.Type === 'AWS::Config::RemediationConfiguration');
    expect(remediations).toHaveLength(loadRunbooks().length);
    for (const remediation of remediations) expect(remediation.Properties).toMatchObject({ Automatic: true, MaximumAutomaticAttempts: 3 });
    expect(Object.values(parsed(packTemplateText({ account: '111122223333', region: 'us-east-1', context: ['remediation=off'] })).Resources).map((r) => r.Type)).toEqual(
      CATALOG.map(() => 'AWS::Config::ConfigRule'),
    );
  });

  it.each([
    [{ account: '1234', region: 'us-east-1' }, /--account "1234" is not a 12-digit account id/],
    [{ account: '111122223333', region: 'moon-1' }, /--region "moon-1" is not a region name/],
    [{ account: '111122223333', region: 'us-east-1', context: ['regions=us-east-1'] }, /regions does not change the pack/],
    [{ account: '111122223333', region: 'us-east-1', context: ['colour=blue'] }, /unknown key colour/],
    [{ account: '111122223333', region: 'us-east-1', context: ['periodic=no-such-rule'] }, /invalid context periodic: no-such-rule is not a rule id/],
  ])('refuses bad input with a named reason: %j', (options, message) => {
    expect(() => packTemplateText(options)).toThrow(message);
  });

  it('runs from the command line and writes the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dbauth-pack-'));
    try {
      const out = path.join(dir, 'pack.yaml');
      const run = spawnSync(path.resolve(__dirname, '../../bin/dbauth'), ['pack', '--account', '111122223333', '--region', 'eu-west-1', '--out', out], {
        encoding: 'utf8',
      });
      expect(run.stderr).toContain('put-organization-conformance-pack');
      expect(run.status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(packTemplateText({ account: '111122223333', region: 'eu-west-1' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a template over the AWS limits instead of writing one that AWS rejects', () => {
    const settings = readDeploySettings(() => undefined);
    const input = { runbooks: loadRunbooks(), settings };
    const manyRules = Array.from({ length: 131 }, (_, i) => ({ ...CATALOG[0]!, id: `${CATALOG[0]!.id}-${i}`, fix: { runbook: false as const, manual: '-' } }));
    expect(() => renderConformancePack({ ...input, rules: manyRules })).toThrow(PackLimitError);
    expect(() => renderConformancePack({ ...input, rules: CATALOG, lambdaArn: () => 'x'.repeat(4000) })).toThrow(/template body of \d+ bytes \(at most 51200\)/);
    const manyParameters = Array.from({ length: 61 }, (_, i) => ({ ...CATALOG.find((r) => Object.keys(r.parameters).length > 0)!, id: `p${i}` }));
    expect(() => renderConformancePack({ ...input, settings: { ...settings, remediation: { ...settings.remediation, mode: 'off' } }, rules: manyParameters })).toThrow(
      /\d+ parameters \(at most 60\)/,
    );
  });
});
