/**
 * The SCPs in docs/ protect what the pack deploys: they name the same role paths, function names,
 * runbook documents and exemption tag key as the templates, and fit AWS Organizations' size limit
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html: an SCP holds at
 * most 5,120 characters).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EXEMPTION_TAG_KEY } from '../../rules/kit/parameters';
import { DEFAULT_RULE_PREFIX, LAMBDA_ROLE_PATH, REMEDIATION_ROLE_PATH } from '../../infra/names';
import { loadRunbooks } from '../../infra/runbooks';
import { deployment, propertiesOf, resourcesOf } from './synth';

interface Scp {
  Version: string;
  Statement: { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition: Record<string, Record<string, unknown>> }[];
}
const read = (name: string): { text: string; scp: Scp } => {
  const text = readFileSync(path.resolve(__dirname, '../../docs', name), 'utf8');
  return { text, scp: JSON.parse(text) as Scp };
};
/** An IAM ARN pattern as a regular expression (`*` any run of characters). */
const matcher = (pattern: string): RegExp => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
const matchesAny = (patterns: string | string[], arn: string): boolean => [patterns].flat().some((p) => matcher(p).test(arn));

describe.each(['scp-protect-dbauth.json', 'scp-reserve-exemption-tag.json'])('%s', (name) => {
  it('is a deny-only SCP within the size limit, exempting only the named role', () => {
    const { text, scp } = read(name);
    expect(JSON.stringify(scp).length).toBeLessThanOrEqual(5120);
    expect(text.length).toBeLessThanOrEqual(5120);
    for (const statement of scp.Statement) {
      expect(statement.Effect).toBe('Deny');
      expect(Object.keys(statement.Condition['ArnNotLike'] ?? {})).toEqual(['aws:PrincipalArn']);
    }
  });
});

describe('scp-protect-dbauth.json', () => {
  const { scp } = read('scp-protect-dbauth.json');
  const statement = (sid: string) => scp.Statement.find((s) => s.Sid === sid)!;

  it('covers the roles, Lambdas and runbooks the member template creates, and lets the stack set change them', () => {
    const account = '123456789012';
    expect(matchesAny(statement('OnlyTheStackSetPassesDbauthRemediationRoles').Resource, `arn:aws:iam::${account}:role${REMEDIATION_ROLE_PATH}StackSet-x-Role-1`)).toBe(true);
    const roles = statement('OnlyTheStackSetChangesDbauthRoles').Resource;
    for (const rolePath of [LAMBDA_ROLE_PATH, REMEDIATION_ROLE_PATH]) expect(matchesAny(roles, `arn:aws:iam::${account}:role${rolePath}StackSet-x-Role-1`)).toBe(true);
    const member = deployment('organization').member!;
    for (const [, fn] of resourcesOf(member, 'AWS::Lambda::Function')) {
      const arn = `arn:aws:lambda:eu-west-1:${account}:function:${String(propertiesOf(fn)['FunctionName'])}`;
      expect(matchesAny(statement('OnlyTheStackSetChangesDbauthLambdas').Resource, arn)).toBe(true);
    }
    expect(String(statement('OnlyTheStackSetChangesDbauthLambdas').Resource)).toBe(`arn:*:lambda:*:*:function:${DEFAULT_RULE_PREFIX}*`);
    for (const runbook of loadRunbooks()) {
      expect(matchesAny(statement('OnlyTheStackSetChangesDbauthRunbooks').Resource, `arn:aws:ssm:eu-west-1:${account}:document/${runbook.documentName}`)).toBe(true);
    }
    for (const s of scp.Statement) {
      expect(matchesAny(s.Condition['ArnNotLike']!['aws:PrincipalArn'] as string, `arn:aws:iam::${account}:role/stacksets-exec-0123456789abcdef`)).toBe(true);
    }
  });
});

it('scp-reserve-exemption-tag.json reserves the default exemption tag key', () => {
  const [statement] = read('scp-reserve-exemption-tag.json').scp.Statement;
  expect(statement!.Condition['ForAnyValue:StringEquals']).toEqual({ 'aws:TagKeys': [DEFAULT_EXEMPTION_TAG_KEY] });
  expect(statement!.Action).toEqual(expect.arrayContaining(['rds:AddTagsToResource', 'rds:RemoveTagsFromResource', 'dms:AddTagsToResource', 'dms:RemoveTagsFromResource']));
});
