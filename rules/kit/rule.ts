import type { CollectOptions } from './collect';
import type { ParameterSpecs, ParametersOf } from './parameters';
import type { ResourceKind } from './resources';
import type { Verdict } from './verdict';

/** How urgent a NON_COMPLIANT resource is: Security Hub's severity labels (ASFF `Severity.Label`). */
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** The SSM Automation runbook that fixes a rule's resources: remediations/<document>.yaml. */
export interface RunbookFix {
  /** The YAML file's base name (and, prefixed, the SSM document's name): the rule id. */
  readonly document: string;
  /** The runbook parameter that takes the AWS Config RESOURCE_ID. */
  readonly resourceIdParameter: string;
}

/** How a NON_COMPLIANT resource is fixed: by the rule's runbook, or by hand. */
export type Fix = { readonly runbook: RunbookFix } | { readonly runbook: false; readonly manual: string };

/**
 * One check: what it judges, in which scope, and how. `scope` and `evaluate` are pure and never throw for
 * a resource that is merely non-compliant; the runtime handles events, exemptions and AWS.
 */
export interface RuleDefinition<V, S extends ParameterSpecs> {
  /** kebab-case, equal to the file name and the CLI's --rule value. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly kind: ResourceKind<V>;
  /** Security Hub / framework control ids, e.g. "Neptune.7". */
  readonly controls: readonly string[];
  /** The severity of the rule's Security Hub control; MEDIUM when not given. */
  readonly severity?: Severity;
  readonly parameters: S;
  readonly fix: Fix;
  /** What the periodic sweep must read besides the Describe pages. */
  readonly collect?: CollectOptions;
  /** The reason the resource is NOT_APPLICABLE, or undefined when the rule judges it. */
  scope(view: V, parameters: ParametersOf<S>): string | undefined;
  evaluate(view: V, parameters: ParametersOf<S>): Verdict;
}

/** A rule with its types erased, as the catalog and runtime hold it. */
export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly kind: ResourceKind<unknown>;
  readonly controls: readonly string[];
  readonly severity?: Severity;
  readonly parameters: ParameterSpecs;
  readonly fix: Fix;
  readonly collect?: CollectOptions;
  scope(view: unknown, parameters: unknown): string | undefined;
  evaluate(view: unknown, parameters: unknown): Verdict;
}

export function defineRule<V, S extends ParameterSpecs>(definition: RuleDefinition<V, S>): Rule {
  return definition;
}
