import { compliant, defineRule, dmsEndpoint, nonCompliant } from '../kit';

/** DMS.10: DMS writes to Neptune with IAM authorization (SigV4), through its service access role. */
export const rule = defineRule({
  id: 'dms-neptune-iam-authorization-enabled',
  title: 'DMS endpoints for Neptune use IAM authorization',
  description: 'Checks that AWS DMS endpoints whose engine is Neptune have IAM authorization enabled (NeptuneSettings.IamAuthEnabled).',
  kind: dmsEndpoint,
  controls: ['DMS.10'],
  severity: 'MEDIUM',
  parameters: {},
  fix: { runbook: true },
  scope: (endpoint) =>
    endpoint.engineName?.toLowerCase() === 'neptune'
      ? undefined
      : `${endpoint.engineName ?? 'unknown-engine'} endpoint: only Neptune endpoints are judged`,
  evaluate: (endpoint) => {
    if (endpoint.iamAuthEnabled === true) return compliant('IAM authorization is enabled for this Neptune endpoint');
    const role = endpoint.serviceAccessRoleArn
      ? 'set NeptuneSettings IamAuthEnabled to true'
      : 'give it a ServiceAccessRoleArn that Neptune trusts and set NeptuneSettings IamAuthEnabled to true';
    // Endpoint identifiers run to 255 characters: the console shows the resource, the annotation the fix.
    return nonCompliant(`IAM authorization is disabled on this Neptune target endpoint: ${role} (modify-endpoint), or run the remediation`);
  },
});
