/**
 * Engine scopes shared by rules. Neptune and DocumentDB are recorded as RDS resources, and the RDS and
 * Neptune APIs return each other's resources, so every rule names the engines it judges explicitly.
 */
export interface HasEngine {
  readonly engine: string | undefined;
}

export const NEPTUNE_ENGINES = ['neptune'] as const;
/** Engines whose clusters are RDS (Aurora, and Multi-AZ DB clusters of MySQL and PostgreSQL). */
export const RDS_CLUSTER_ENGINES = ['aurora', 'aurora-mysql', 'aurora-postgresql', 'mysql', 'postgres'] as const;
/** Engines of DB instances that can use IAM database authentication. */
export const IAM_AUTH_INSTANCE_ENGINES = ['mysql', 'postgres', 'mariadb'] as const;
/** Engines that have their own rules here, never judged by RDS rules. */
export const NON_RDS_ENGINES = ['neptune', 'docdb'] as const;

const engineLabel = (view: HasEngine) => view.engine ?? 'unknown-engine';

/** NOT_APPLICABLE reason for anything but a Neptune resource. */
export function outsideNeptune(view: HasEngine, noun: string): string | undefined {
  return view.engine === 'neptune' ? undefined : `${engineLabel(view)} ${noun}: Neptune rules do not apply`;
}

/** NOT_APPLICABLE reason for Neptune and DocumentDB resources, which RDS rules never judge. */
export function outsideRds(view: HasEngine, noun: string): string | undefined {
  const engine = view.engine;
  if (engine === undefined) return `${noun} with no engine recorded: cannot tell whether RDS rules apply`;
  return (NON_RDS_ENGINES as readonly string[]).includes(engine) ? `${engine} ${noun}: RDS rules do not apply` : undefined;
}

/** NOT_APPLICABLE reason for an engine outside `engines`. */
export function outsideEngines(view: HasEngine, engines: readonly string[], noun: string, why: string): string | undefined {
  return view.engine !== undefined && engines.includes(view.engine) ? undefined : `${engineLabel(view)} ${noun}: ${why}`;
}

/** Instances of Aurora and Multi-AZ DB clusters take these settings from their cluster. */
export function deferredToCluster(view: { readonly clusterIdentifier: string | undefined }, clusterRule: string): string | undefined {
  return view.clusterIdentifier
    ? `member of DB cluster ${view.clusterIdentifier}: the cluster's setting applies, judged by ${clusterRule}`
    : undefined;
}
