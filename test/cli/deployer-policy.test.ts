import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { UnknownResourceTypeError, deployerPolicies } from '../../scripts/deployer-policy';

/** A cdk.out-like folder: a stack whose stack set carries a member template inline, and an asset template. */
function synthesized(extra: Record<string, { Type: string }> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dbauth-cdkout-'));
  const member = { Resources: { Queue: { Type: 'AWS::SQS::Queue' }, Alarm: { Type: 'AWS::CloudWatch::Alarm' } } };
  writeFileSync(
    join(dir, 'Stack.template.json'),
    JSON.stringify({
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function' },
        Role: { Type: 'AWS::IAM::Role' },
        Members: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: stringify(member) } },
        ...extra,
      },
    }),
  );
  writeFileSync(join(dir, 'asset.abc.json'), JSON.stringify({ Resources: { Doc: { Type: 'AWS::SSM::Document' } } }));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '1' }));
  return dir;
}

describe('npm run deployer-policy', () => {
  it('derives the execution policy from the templates, and lists what stack sets create in member accounts', () => {
    const policies = deployerPolicies(synthesized());
    expect(policies.resourceTypes).toEqual(['AWS::CloudFormation::StackSet', 'AWS::IAM::Role', 'AWS::Lambda::Function']);
    const actions = (policies.execution as { Statement: { Action: string[] }[] }).Statement[0]?.Action ?? [];
    expect(actions).toEqual(expect.arrayContaining(['lambda:CreateFunction', 'iam:PassRole', 'iam:CreateRole', 'cloudformation:CreateStackInstances']));
    expect(actions).not.toContain('sqs:CreateQueue');
    expect(actions).toEqual([...actions].sort());
    expect(policies.memberAccounts.resourceTypes).toEqual(['AWS::CloudWatch::Alarm', 'AWS::SQS::Queue', 'AWS::SSM::Document']);
    expect(policies.memberAccounts.actions).toEqual(expect.arrayContaining(['sqs:CreateQueue', 'cloudwatch:PutMetricAlarm', 'ssm:CreateDocument']));
    expect(JSON.stringify(policies.deployer)).toContain('"Action":"sts:AssumeRole"');
  });

  it('refuses a template with a resource type it has no actions for', () => {
    expect(() => deployerPolicies(synthesized({ Bucket: { Type: 'AWS::S3::Bucket' } }))).toThrow(UnknownResourceTypeError);
    expect(() => deployerPolicies(synthesized({ Bucket: { Type: 'AWS::S3::Bucket' } }))).toThrow(/^no actions known for AWS::S3::Bucket: add them/);
    expect(() => deployerPolicies(join(tmpdir(), 'no-such-cdk-out'))).toThrow(/run npx cdk synth first/);
  });
});
