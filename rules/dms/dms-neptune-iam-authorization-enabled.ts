import { compliant, defineRule, dmsEndpoint, named, nonCompliant } from '../kit';
import { hint } from '../hint';

/** DMS.10: DMS writes to Neptune with IAM authorization (SigV4), through its service access role. */
export const rule = defineRule({
  id: 'dms-neptune-iam-authorization-enabled',
  title: 'DMS endpoints for Neptune use IAM authorization',
  description: 'Checks that AWS DMS endpoints whose engine is Neptune have IAM authorization enabled (NeptuneSettings.IamAuthEnabled).',
  kind: dmsEndpoint,
  controls: ['DMS.10'],
  severity: 'MEDIUM',
  parameters: {},
  fix: { runbook: { document: 'dms-neptune-iam-authorization-enabled', resourceIdParameter: 'EndpointArnOrIdentifier' } },
  scope: (endpoint) =>
    endpoint.engineName?.toLowerCase() === 'neptune'
      ? undefined
      : `${endpoint.engineName ?? 'unknown-engine'} endpoint: only Neptune endpoints are judged`,
  evaluate: (endpoint) => {
    if (endpoint.iamAuthEnabled === true) return compliant('IAM authorization is enabled for this Neptune endpoint');
    // NeptuneSettings needs S3BucketName and S3BucketFolder in every ModifyEndpoint (API model); other settings are kept.
    const role = endpoint.serviceAccessRoleArn ? '' : ',ServiceAccessRoleArn=<role>';
    return nonCompliant(
      hint({
        problem: (name) => (name ? `${named('Neptune endpoint', name)} has no IAM authorization` : 'IAM authorization is disabled'),
        name: endpoint.identifier,
        id: endpoint.arn,
        needsId: true,
        variable: 'ENDPOINT_ARN',
        fix: (arn) => `aws dms modify-endpoint --endpoint-arn ${arn} --neptune-settings IamAuthEnabled=true,S3BucketName=<bucket>,S3BucketFolder=<folder>${role}`,
      }),
    );
  },
});
