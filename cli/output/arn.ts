import { partition } from '@aws-sdk/core/client';

/** The ARN resource kinds of the types whose Config resource id is not an ARN. */
const ARN_KINDS: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'db',
  'AWS::RDS::DBCluster': 'cluster',
  'AWS::RDS::DBClusterSnapshot': 'cluster-snapshot',
};

/**
 * The resource's ARN where it can be known: DMS endpoints are identified by theirs; RDS resources are named
 * by identifier (`arn:aws:rds:us-east-1:111122223333:cluster:graph-dev`). Undefined without an account,
 * a region, or an identifier.
 */
export function arnOf(resource: { resourceType: string; resourceId: string; resourceName: string | undefined; accountId: string | undefined; region: string | undefined }): string | undefined {
  if (resource.resourceId.startsWith('arn:')) return resource.resourceId;
  const kind = ARN_KINDS[resource.resourceType];
  if (!kind || !resource.accountId || !resource.region || !resource.resourceName) return undefined;
  return `arn:${partition(resource.region).name}:rds:${resource.region}:${resource.accountId}:${kind}:${resource.resourceName}`;
}
