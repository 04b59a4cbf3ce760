/**
 * Where moto 5.2.1 departs from AWS, as seen on this machine (checked with boto3 against moto_server).
 * A case that one of these stops is skipped with the gap's name, and only when the run's own messages
 * show that gap: if moto closes a gap, the case runs and must pass. moto is never patched.
 */
export interface MotoGap {
  name: string;
  /** What the run reports when the gap stopped it (step failure messages). */
  signature: RegExp;
}

export const GAPS = {
  clusterResourceIdFilter: {
    name: 'moto 5.2.1: DescribeDBClusters does not know the filter db-cluster-resource-id (InvalidParameterValue), so no cluster runbook gets past its lookup',
    signature: /Unrecognized filter name: db-cluster-resource-id/,
  },
  neptuneIamFlag: {
    name: "moto 5.2.1: Neptune's EnableIAMDatabaseAuthentication is dropped on create and ignored by ModifyDBCluster",
    signature: /IAMDatabaseAuthenticationEnabled is "False"/,
  },
  clusterIamFlagIgnored: {
    name: 'moto 5.2.1: ModifyDBCluster ignores EnableIAMDatabaseAuthentication (Aurora too)',
    signature: /IAMDatabaseAuthenticationEnabled is "False"/,
  },
  logExportsIgnored: {
    name: 'moto 5.2.1: ModifyDBCluster ignores CloudwatchLogsExportConfiguration',
    signature: /EnabledCloudwatchLogsExports/,
  },
  endpointStaysCreating: {
    name: 'moto 5.2.1: DMS endpoints stay in status "creating" and never become "active"',
    signature: /Status is "creating"/,
  },
  modifyEndpointMissing: {
    name: 'moto 5.2.1: DMS ModifyEndpoint is not implemented (HTTP 500)',
    signature: /ModifyEndpoint|Internal Server Error|UnknownError|\b500\b/,
  },
} as const satisfies Record<string, MotoGap>;

/**
 * Gaps that shape the estate rather than stop a run: every DB instance gets the same DbiResourceId (so
 * each instance case starts from an empty server with one instance), MaxRecords is ignored (all pages
 * come at once), and a Neptune cluster cannot be created with IAM authentication on.
 */
/*
 * Not a gap: moto returns no PendingModifiedValues when nothing is pending, and so does AWS ("This
 * information is returned only when there are pending changes": the RDS API reference, DBInstance and
 * DBCluster, and botocore's model documentation of both).
 */
export const ESTATE_GAPS = [
  'moto 5.2.1: every DB instance has the same DbiResourceId: one instance per case',
  'moto 5.2.1: MaxRecords is ignored: paging is not exercised',
  'moto 5.2.1: CreateDBCluster refuses Neptune with EnableIAMDatabaseAuthentication: no compliant Neptune IAM cluster in the scan estate',
] as const;
