import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';

const RULE = 'dms-neptune-iam-authorization-enabled';
const FIX = 'set NeptuneSettings IamAuthEnabled to true (modify-endpoint), or run the remediation';
const settings = (neptune: Record<string, unknown> | null) => set({ NeptuneSettings: neptune });

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['IAM authorization on', { fixture: 'dms-neptune-iam-on.json' }, 'COMPLIANT', 'IAM authorization is enabled for this Neptune endpoint'],
    ['IAM authorization off', { fixture: 'dms-neptune-iam-off.json' }, 'NON_COMPLIANT', `IAM authorization is disabled on this Neptune target endpoint: ${FIX}`],
    [
      'IamAuthEnabled absent (false, as DMS defaults it)',
      { fixture: 'dms-neptune-iam-off.json', change: settings({ ServiceAccessRoleArn: 'arn:aws:iam::123456789012:role/dms-neptune', S3BucketName: 'b', S3BucketFolder: 'f' }) },
      'NON_COMPLIANT',
      `IAM authorization is disabled on this Neptune target endpoint: ${FIX}`,
    ],
    [
      'no NeptuneSettings and no service access role',
      { fixture: 'dms-neptune-iam-off.json', change: settings(null) },
      'NON_COMPLIANT',
      'IAM authorization is disabled on this Neptune target endpoint: give it a ServiceAccessRoleArn that Neptune trusts and set NeptuneSettings IamAuthEnabled to true (modify-endpoint), or run the remediation',
    ],
    ['engine name in other case', { fixture: 'dms-neptune-iam-on.json', change: set({ EngineName: 'NEPTUNE', EndpointType: 'target' }) }, 'COMPLIANT', 'IAM authorization is enabled for this Neptune endpoint'],
    ['exempt endpoint', { fixture: 'dms-neptune-iam-off.json', change: exempt('migration ends Friday') }, 'NOT_APPLICABLE', 'exempt: migration ends Friday'],
    ['MySQL source endpoint', { fixture: 'dms-mysql-source.json' }, 'NOT_APPLICABLE', 'mysql endpoint: only Neptune endpoints are judged'],
    ['Neptune cluster item', { fixture: 'neptune-iam-on.json' }, 'NOT_APPLICABLE', 'AWS::RDS::DBCluster is not judged by this rule (it judges AWS::DMS::Endpoint)'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('keeps the annotation whole for the longest endpoint identifiers', () => {
    const verdict = judgeFixture(RULE, { fixture: 'dms-neptune-iam-off.json', change: set({ EndpointIdentifier: `e${'x'.repeat(254)}` }) });
    expect(verdict.annotation).toBe(`IAM authorization is disabled on this Neptune target endpoint: ${FIX}`);
  });

  it('decodes the same verdicts from DescribeEndpoints, whose EndpointType is lower case', () => {
    const described = {
      EndpointIdentifier: 'ep-neptuneo',
      EndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:NEPTUNEOFFAAAAAAAAAAAAAAAA',
      EndpointType: 'target',
      EngineName: 'neptune',
      NeptuneSettings: { IamAuthEnabled: false, ServiceAccessRoleArn: 'arn:aws:iam::123456789012:role/dms-neptune', S3BucketName: 'b', S3BucketFolder: 'f' },
    };
    expect(judgeApi(RULE, described)).toEqual(judgeFixture(RULE, { fixture: 'dms-neptune-iam-off.json' }));
    expect(judgeApi(RULE, { ...described, NeptuneSettings: { ...described.NeptuneSettings, IamAuthEnabled: true } }).compliance).toBe('COMPLIANT');
    expect(judgeApi(RULE, { ...described, EngineName: 'postgres' }).compliance).toBe('NOT_APPLICABLE');
  });
});
