import type { Rule, RuleParameters } from '../kit';
import { DEFAULT_EXEMPTION_TAG_KEY, parseParameters } from '../kit';
import type { CheckStatus, DeclaredResource } from './declared';
import { judgeDeclared } from './declared';

/** One rule's verdict on one declared resource. */
export interface Finding {
  readonly rule: Rule;
  readonly resource: DeclaredResource;
  readonly status: CheckStatus;
  readonly annotation: string;
}

export interface CheckParameters {
  /** Rule parameters by rule id, already parsed (see `parseParameters`); a rule without an entry takes its defaults. */
  readonly rules?: Readonly<Record<string, unknown>>;
  readonly exemptionTagKey?: string;
}

/** Applies every rule whose resource kind the declared resource has: the same rules Config would run on it. */
export function checkResources(resources: readonly DeclaredResource[], rules: readonly Rule[], parameters: CheckParameters = {}): Finding[] {
  const findings: Finding[] = [];
  for (const resource of resources) {
    for (const rule of rules.filter((r) => r.kind.type === resource.kind.type)) {
      const ruleParameters: RuleParameters = {
        runtime: { exemptionTagKey: parameters.exemptionTagKey ?? DEFAULT_EXEMPTION_TAG_KEY },
        rule: parameters.rules?.[rule.id] ?? parseParameters(rule.parameters, {}).rule,
      };
      const verdict = judgeDeclared(rule, resource, ruleParameters);
      findings.push({ rule, resource, status: verdict.status, annotation: verdict.annotation });
    }
  }
  return findings;
}

/** Whether a finding fails the check: NON_COMPLIANT, or (strictly) one that cannot be judged before deploy. */
export function failsCheck(status: CheckStatus, strict = false): boolean {
  return status === 'NON_COMPLIANT' || (strict && status === 'UNKNOWN_BEFORE_DEPLOY');
}

/** 1 when some finding fails the check (see failsCheck), else 0. */
export function checkExitCode(findings: readonly Pick<Finding, 'status'>[], strict = false): 0 | 1 {
  return findings.some((f) => failsCheck(f.status, strict)) ? 1 : 0;
}

/** How a finding is fixed: in the template before deploy; after deploy, by the rule's runbook or by hand. */
export function fixText(rule: Rule): string {
  return rule.fix.runbook
    ? `Set the setting in the template before deploy. A deployed resource is fixed by the SSM Automation runbook ${rule.id} (the Config remediation).`
    : rule.fix.manual;
}
