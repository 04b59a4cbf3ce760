/**
 * The organization conformance pack template, generated from the catalog. One function serves both the
 * CDK organization stack (with Lambda ARNs that CloudFormation resolves) and `dbauth pack` (with literal
 * ARNs), so the two cannot drift.
 *
 * Pack templates allow no intrinsic functions for a remediation's AutomationAssumeRole, so remediations
 * pass only the resource id: each member account's runbook document defaults AutomationAssumeRole to that
 * account's remediation role (created by the member stack set).
 */
import { stringify } from 'yaml';
import type { Rule } from '../rules/kit/rule';
import type { CfnResourceSpec } from './config-resources';
import { configRuleLogicalId, configRuleResource, remediationLogicalId, remediationResource } from './config-resources';
import { executionRoleName } from './names';
import type { Runbook } from './runbooks';
import { remediations } from './runbooks';
import type { RemediationSettings, RuleSettings } from './settings';

/** AWS limits of an organization conformance pack. */
export const MAX_PACK_TEMPLATE_BYTES = 51_200;
export const MAX_PACK_RULES = 130;

export interface PackInput {
  readonly rules: readonly Rule[];
  readonly runbooks: readonly Runbook[];
  readonly ruleSettings: RuleSettings;
  readonly remediationSettings: RemediationSettings;
  /** The ARN of the rule's Lambda in the admin account, in the pack's region. */
  readonly lambdaArn: (rule: Rule) => string;
}

export interface PackTemplate {
  readonly Resources: Record<string, CfnResourceSpec>;
}

/** A comment rather than a Description key: pack templates take Parameters, Conditions and Resources. */
const HEADER = '# dbauth: database authentication checks (Neptune, RDS, Aurora, DMS) and their remediations, generated from the rule catalog.\n';

export class PackLimitError extends Error {
  constructor(detail: string) {
    super(`the conformance pack exceeds an AWS limit: ${detail}`);
    this.name = 'PackLimitError';
  }
}

export function conformancePackTemplate(input: PackInput): PackTemplate {
  if (input.rules.length > MAX_PACK_RULES) throw new PackLimitError(`${input.rules.length} rules (at most ${MAX_PACK_RULES})`);
  const resources: Record<string, CfnResourceSpec> = {};
  for (const rule of input.rules) {
    // Each member account's rule assumes the rule's execution role there (created by the member stack set).
    resources[configRuleLogicalId(rule)] = configRuleResource(rule, input.lambdaArn(rule), input.ruleSettings, executionRoleName(rule.id));
  }
  for (const { rule, runbook } of remediations(input.rules, input.runbooks)) {
    resources[remediationLogicalId(rule)] = remediationResource(rule, runbook, input.ruleSettings, input.remediationSettings);
  }
  return { Resources: resources };
}

/**
 * The template as YAML text, checked against the pack size limit. (With CDK tokens for ARNs, the stack
 * checks the size separately with the longest literal ARNs.)
 */
export function renderConformancePack(input: PackInput): string {
  const text = HEADER + stringify(conformancePackTemplate(input), { lineWidth: 0 });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PACK_TEMPLATE_BYTES) throw new PackLimitError(`template body of ${bytes} bytes (at most ${MAX_PACK_TEMPLATE_BYTES})`);
  return text;
}
