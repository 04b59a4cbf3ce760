/**
 * The runbooks as the infrastructure uses them (remediations/index.ts loads and checks them): the SSM
 * document each becomes, the remediation that runs it for its rule, and its API calls (the remediation role).
 */
import type { Runbook } from '../remediations';
import { runbooks } from '../remediations';
import type { Rule } from '../rules/kit/rule';

export type { Runbook };

/** The parameter every runbook takes for the role Automation runs as. */
export const ASSUME_ROLE_PARAMETER = 'AutomationAssumeRole';

export class MissingRunbookError extends Error {
  constructor(ruleId: string) {
    super(`rule ${ruleId} is fixed by a runbook (fix.runbook) but remediations/ has no runbook for it`);
    this.name = 'MissingRunbookError';
  }
}

/** The runbooks of the pack. */
export function loadRunbooks(): readonly Runbook[] {
  return runbooks;
}

/** The fixable rules paired with their runbooks, in catalog order. A fixable rule without one is an error. */
export function remediations(rules: readonly Rule[], all: readonly Runbook[]): { rule: Rule; runbook: Runbook }[] {
  return rules
    .filter((rule) => rule.fix.runbook)
    .map((rule) => {
      const runbook = all.find((candidate) => candidate.ruleId === rule.id);
      if (!runbook) throw new MissingRunbookError(rule.id);
      return { rule, runbook };
    });
}

/**
 * The document's content with AutomationAssumeRole defaulting to `assumeRoleArn`, so that a remediation
 * that passes only the resource id (as a conformance pack must) runs as the account's remediation role.
 */
export function documentContent(runbook: Runbook, assumeRoleArn: unknown): Record<string, unknown> {
  const parameters = runbook.content.parameters ?? {};
  return {
    ...runbook.content,
    parameters: { ...parameters, [ASSUME_ROLE_PARAMETER]: { ...parameters[ASSUME_ROLE_PARAMETER], type: 'String', default: assumeRoleArn } },
  };
}

/**
 * The value a runbook parameter takes from the rule's parameters, so that the fix and the check agree: a
 * parameter of the same name (ExemptionTagKey), or the rule's `minimum<Name>` (minimumBackupRetentionPeriod
 * → BackupRetentionPeriod). A value outside the runbook's allowedPattern is not passed: the runbook's
 * default then applies (e.g. a minimum below the runbook's lowest setting, which that setting satisfies).
 */
export function runbookParameterValues(runbook: Runbook, ruleValues: Readonly<Record<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const parameter of runbook.parameters) {
    if (parameter.name === runbook.resourceIdParameter || parameter.name === ASSUME_ROLE_PARAMETER) continue;
    const wanted = [parameter.name.toLowerCase(), `minimum${parameter.name.toLowerCase()}`];
    const source = Object.keys(ruleValues).find((name) => wanted.includes(name.toLowerCase()));
    const value = source === undefined ? undefined : ruleValues[source];
    if (value !== undefined && new RegExp(parameter.allowedPattern).test(value)) values[parameter.name] = value;
  }
  return values;
}
