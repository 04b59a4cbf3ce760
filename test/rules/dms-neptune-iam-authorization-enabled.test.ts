import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, set } from './fixtures';

const RULE = 'dms-neptune-iam-authorization-enabled';
const ARN = 'arn:aws:dms:us-east-1:123456789012:endpoint:NEPTUNEOFFAAAAAAAAAAAAAAAA';
/** S3BucketName and S3BucketFolder are required members of NeptuneSettings: the command must carry them. */
const FIX = `aws dms modify-endpoint --endpoint-arn ${ARN} --neptune-settings IamAuthEnabled=true,S3BucketName=<bucket>,S3BucketFolder=<folder>`;
const settings = (neptune: Record<string, unknown> | null) => set({ NeptuneSettings: neptune });

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['IAM authorization on', { fixture: 'dms-neptune-iam-on.json' }, 'COMPLIANT', 'IAM authorization is enabled for this Neptune endpoint'],
    ['IAM authorization off', { fixture: 'dms-neptune-iam-off.json' }, 'NON_COMPLIANT', `Neptune endpoint ep-neptuneo has no IAM authorization: ${FIX}`],
    [
      'IamAuthEnabled absent (false, as DMS defaults it)',
      { fixture: 'dms-neptune-iam-off.json', change: settings({ ServiceAccessRoleArn: 'arn:aws:iam::123456789012:role/dms-neptune', S3BucketName: 'b', S3BucketFolder: 'f' }) },
      'NON_COMPLIANT',
      `Neptune endpoint ep-neptuneo has no IAM authorization: ${FIX}`,
    ],
    [
      'no NeptuneSettings and no service access role',
      { fixture: 'dms-neptune-iam-off.json', change: settings(null) },
      'NON_COMPLIANT',
      // The role is named in the command; the name gives way to the command's length.
      `IAM authorization is disabled: ${FIX},ServiceAccessRoleArn=<role>`,
    ],
    ['engine name in other case', { fixture: 'dms-neptune-iam-on.json', change: set({ EngineName: 'NEPTUNE', EndpointType: 'target' }) }, 'COMPLIANT', 'IAM authorization is enabled for this Neptune endpoint'],
    ['exempt endpoint', { fixture: 'dms-neptune-iam-off.json', change: exempt('migration ends Friday') }, 'NOT_APPLICABLE', 'exempt: migration ends Friday'],
    ['MySQL source endpoint', { fixture: 'dms-mysql-source.json' }, 'NOT_APPLICABLE', 'mysql endpoint: only Neptune endpoints are judged'],
    ['Neptune cluster item', { fixture: 'neptune-iam-on.json' }, 'NOT_APPLICABLE', 'AWS::RDS::DBCluster is not judged by this rule (it judges AWS::DMS::Endpoint)'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('keeps the fix whole for the longest endpoint identifiers, shortening the name', () => {
    const verdict = judgeFixture(RULE, { fixture: 'dms-neptune-iam-off.json', change: set({ EndpointIdentifier: `e${'x'.repeat(254)}` }) });
    expect(verdict.annotation).toMatch(new RegExp(`^Neptune endpoint ex+…x+ has no IAM authorization: ${FIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(verdict.annotation.length).toBeLessThanOrEqual(256);
  });

  it('never puts the identifier where the command needs the ARN: without a recorded ARN it names a variable', () => {
    const described = {
      EndpointIdentifier: 'ep-neptuneo',
      EndpointType: 'target',
      EngineName: 'neptune',
      NeptuneSettings: { IamAuthEnabled: false, ServiceAccessRoleArn: 'arn:aws:iam::123456789012:role/dms-neptune', S3BucketName: 'b', S3BucketFolder: 'f' },
    };
    expect(judgeApi(RULE, described).annotation).toBe(
      'Neptune endpoint ep-neptuneo has no IAM authorization: aws dms modify-endpoint --endpoint-arn "$ENDPOINT_ARN" --neptune-settings IamAuthEnabled=true,S3BucketName=<bucket>,S3BucketFolder=<folder> (ENDPOINT_ARN: its ARN)',
    );
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
