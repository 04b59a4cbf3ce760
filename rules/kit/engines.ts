/**
 * Which engine versions can turn on IAM database authentication, from AWS's "Supported Regions and DB
 * engines for IAM database authentication" pages: not MariaDB before 10.11, nor MySQL 5.6 before 5.6.34
 * or 5.7 before 5.7.16. PostgreSQL, Aurora MySQL 2+/3 and Aurora PostgreSQL 11+ support it in every
 * available version. Oracle, SQL Server and Db2 never do. The remediation runbooks refuse the same
 * versions; their tests derive what to expect from this table.
 */
export const MINIMUM_VERSIONS: Readonly<Record<string, readonly (readonly [line: string, minimum: string])[]>> = {
  mariadb: [['10.', '10.11']],
  mysql: [
    ['5.6.', '5.6.34'],
    ['5.7.', '5.7.16'],
  ],
};

/** Compares dotted versions numerically, part by part ("10.6.14" < "10.11"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((part) => Number.parseInt(part, 10));
  const pb = b.split(/[.-]/).map((part) => Number.parseInt(part, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The version to upgrade to when `engine` at `version` cannot use IAM database authentication, else undefined. */
export function iamAuthMinimumVersion(engine: string, version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  for (const [line, minimum] of MINIMUM_VERSIONS[engine] ?? []) {
    if (version.startsWith(line) && compareVersions(version, minimum) < 0) return minimum;
  }
  return undefined;
}

/** The words shared by the rule's annotation and the runbook's refusal for an engine version that is too old. */
export function upgradeFirstMessage(engine: string, version: string, minimum: string): string {
  return `${engine} ${version} cannot use IAM database authentication: upgrade to ${engine} ${minimum} or later first, then enable it`;
}

/**
 * Aurora Serverless v1 (a DB cluster whose EngineMode is `serverless`) does not support IAM database
 * authentication ("Limitations of Aurora Serverless v1", Amazon Aurora User Guide); Serverless v2 and
 * provisioned clusters do.
 */
export function isServerlessV1(engineMode: string | undefined): boolean {
  return engineMode?.toLowerCase() === 'serverless';
}

/** The words shared by the rule's annotation and the runbook's refusal for an Aurora Serverless v1 cluster. */
export const SERVERLESS_V1_MESSAGE =
  'Aurora Serverless v1 cannot use IAM database authentication: migrate to Aurora Serverless v2 or a provisioned cluster first, then enable it';
