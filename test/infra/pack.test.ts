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
import { cleanUp, flatten, propertiesOf, resourcesOf, synthesize } from './synth';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resourcesIn = (text: string): Resources => (parse(text) as { Resources: Resources }).Resources;
const rulesIn = (text: string) => Object.values(resourcesIn(text)).filter((r) => r.Type === 'AWS::Config::ConfigRule');

afterAll(cleanUp);

describe('dbauth pack', () => {
  it('writes a rule per catalog entry on the Lambdas of the given account and region', () => {
    const text = packTemplateText({ account: '111122223333', region: 'eu-west-1' });
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_PACK_TEMPLATE_BYTES);
    expect(rulesIn(text).map((r) => (r.Properties['Source'] as { SourceIdentifier: string }).SourceIdentifier)).toEqual(
      CATALOG.map((rule) => `arn:aws:lambda:eu-west-1:111122223333:function:dbauth-${rule.id}`),
    );
    expect(text).not.toMatch(/Account-Id|\$\{|Fn::|!Sub|!Ref/);
  });

  it('uses the partition of the region', () => {
    const text = packTemplateText({ account: '111122223333', region: 'cn-north-1' });
    expect(text).toContain('arn:aws-cn:lambda:cn-north-1:111122223333:function:dbauth-');
  });

  it('is the template the CDK organization stack deploys, for the same account and region', () => {
    const { templates } = synthesize({ mode: 'organization', regions: 'eu-west-1', periodic: 'all', autoRemediate: 'all' });
    const template = templates[0]!;
    const functions = template.toJSON()['Resources'] as Record<string, { Properties: { FunctionName: string } }>;
    const [[, pack]] = resourcesOf(template, 'AWS::Config::OrganizationConformancePack') as [[string, Record<string, unknown>]];
    const deployed = flatten(
      propertiesOf(pack)['TemplateBody'],
      (id) => `arn:aws:lambda:eu-west-1:111122223333:function:${functions[id]!.Properties.FunctionName}`,
    );
    expect(deployed).toBe(packTemplateText({ account: '111122223333', region: 'eu-west-1', context: ['periodic=all', 'autoRemediate=all'] }));
  });

  it('takes the pack settings as context, like cdk synth', () => {
    const text = packTemplateText({
      account: '111122223333',
      region: 'us-east-1',
      context: ['periodic=dms-neptune-iam-authorization-enabled', 'autoRemediate=true', 'parameters={"rds-instance-iam-authentication-enabled":{"engines":"mysql"}}'],
    });
    const rules = rulesIn(text);
    const dms = rules.find((r) => r.Properties['ConfigRuleName'] === 'dms-neptune-iam-authorization-enabled')!;
    expect(JSON.stringify(dms.Properties['Source'])).toContain('ScheduledNotification');
    const rds = rules.find((r) => r.Properties['ConfigRuleName'] === 'rds-instance-iam-authentication-enabled')!;
    expect(rds.Properties['InputParameters']).toMatchObject({ engines: 'mysql' });
    for (const remediation of Object.values(resourcesIn(text)).filter((r) => r.Type === 'AWS::Config::RemediationConfiguration')) {
      expect(remediation.Properties).toMatchObject({ Automatic: true, MaximumAutomaticAttempts: 3 });
    }
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
    const input = { runbooks: loadRunbooks(), ruleSettings: settings.rules, remediationSettings: settings.remediation };
    const manyRules = Array.from({ length: 131 }, (_, i) => ({ ...CATALOG[0]!, id: `${CATALOG[0]!.id}-${i}`, fix: { runbook: false as const, manual: '-' } }));
    expect(() => renderConformancePack({ ...input, rules: manyRules, lambdaArn: () => 'arn' })).toThrow(PackLimitError);
    expect(() => renderConformancePack({ ...input, rules: CATALOG, lambdaArn: () => 'x'.repeat(4000) })).toThrow(/template body of \d+ bytes \(at most 51200\)/);
  });
});
