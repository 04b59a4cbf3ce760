/**
 * The runbooks as the infrastructure sees them: which rule each fixes, the SSM document it becomes, which
 * parameter takes the Config resource id, and the API calls its steps make (for the remediation role).
 */
import type { Rule } from '../rules/kit/rule';
import type { ApiCall } from './permissions';

export interface Runbook {
  readonly ruleId: string;
  readonly documentName: string;
  /** The runbook parameter that receives the Config resource id (RESOURCE_ID). */
  readonly resourceIdParameter: string;
  /** The document's parameters by name. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The parsed Automation document (schemaVersion 0.3). */
  readonly content: Readonly<Record<string, unknown>>;
  readonly apiCalls: readonly ApiCall[];
}

/** The parameter every runbook takes for the role Automation runs as. */
export const ASSUME_ROLE_PARAMETER = 'AutomationAssumeRole';

export class MissingRunbookError extends Error {
  constructor(ruleId: string) {
    super(`rule ${ruleId} is fixed by a runbook (fix.runbook) but no runbook remediations/${ruleId}.yaml is loaded`);
    this.name = 'MissingRunbookError';
  }
}

/** The runbooks of the pack. */
export function loadRunbooks(): readonly Runbook[] {
  return [];
}

/** The fixable rules paired with their runbooks, in catalog order. A fixable rule without one is an error. */
export function remediations(rules: readonly Rule[], runbooks: readonly Runbook[]): { rule: Rule; runbook: Runbook }[] {
  return rules
    .filter((rule) => rule.fix.runbook)
    .map((rule) => {
      const runbook = runbooks.find((candidate) => candidate.ruleId === rule.id);
      if (!runbook) throw new MissingRunbookError(rule.id);
      return { rule, runbook };
    });
}

/**
 * The document's content with AutomationAssumeRole defaulting to `assumeRoleArn`, so that a remediation
 * that passes only the resource id (as a conformance pack must) runs as the account's remediation role.
 */
export function documentContent(runbook: Runbook, assumeRoleArn: unknown): Record<string, unknown> {
  const parameters = (runbook.content['parameters'] ?? {}) as Record<string, Record<string, unknown>>;
  return {
    ...runbook.content,
    parameters: {
      ...parameters,
      [ASSUME_ROLE_PARAMETER]: { ...parameters[ASSUME_ROLE_PARAMETER], type: 'String', default: assumeRoleArn },
    },
  };
}
