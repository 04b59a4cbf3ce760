/**
 * The conformance pack template, generated from the catalog. One function serves the organization
 * conformance pack, the account-level pack of `-c packScope=account` and `dbauth pack`, so they cannot drift.
 *
 * Pack templates allow no intrinsic functions for a remediation's AutomationAssumeRole, so remediations
 * pass only the resource id: each member account's runbook document defaults AutomationAssumeRole to that
 * runbook's remediation role there (created by the member stack set).
 */
import { stringify } from 'yaml';
import type { Rule } from '../rules/kit/rule';
import type { CfnResourceSpec } from './config-resources';
import { configRuleLogicalId, configRuleResource, inputParameters, remediationLogicalId, remediationResource } from './config-resources';
import type { ArnScope } from './names';
import { functionArn, logicalId } from './names';
import type { Runbook } from './runbooks';
import { remediations } from './runbooks';
import type { DeploySettings } from './settings';

/** AWS limits of a conformance pack (AWS Config service quotas; PutConformancePack TemplateBody). */
export const MAX_PACK_TEMPLATE_BYTES = 51_200;
export const MAX_PACK_RULES = 130;
export const MAX_PACK_PARAMETERS = 60;

/** `${AWS::...}` placeholders: CloudFormation fills them in where the pack's stack runs, in each member account. */
export const MEMBER_SCOPE: ArnScope = { partition: '${AWS::Partition}', account: '${AWS::AccountId}', region: '${AWS::Region}' };

export interface PackInput {
  readonly rules: readonly Rule[];
  readonly runbooks: readonly Runbook[];
  readonly settings: Pick<DeploySettings, 'rulePrefix' | 'rules' | 'remediation'>;
  /**
   * The rule's Lambda as the pack names it. Default: `Fn::Sub` of the function in the account and region
   * where the pack's rule is created (each member's own Lambda).
   */
  readonly lambdaArn?: (rule: Rule) => unknown;
}

interface PackParameter {
  readonly Type: 'String';
  readonly Default: string;
  readonly Description: string;
}

export interface PackTemplate {
  readonly Parameters?: Record<string, PackParameter>;
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

const memberLambda = (prefix: string) => (rule: Rule): unknown => ({ 'Fn::Sub': functionArn(MEMBER_SCOPE, prefix, rule.id) });

/**
 * The pack: per rule a Config rule on its own account's Lambda, its parameters as pack Parameters (so a
 * value can be changed at deployment without a new template), and its remediation unless remediation=off.
 */
export function conformancePackTemplate(input: PackInput): PackTemplate {
  if (input.rules.length > MAX_PACK_RULES) throw new PackLimitError(`${input.rules.length} rules (at most ${MAX_PACK_RULES})`);
  const { rulePrefix, rules: ruleSettings, remediation } = input.settings;
  const lambdaArn = input.lambdaArn ?? memberLambda(rulePrefix);
  const parameters: Record<string, PackParameter> = {};
  const resources: Record<string, CfnResourceSpec> = {};
  for (const rule of input.rules) {
    const references: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(inputParameters(rule, ruleSettings))) {
      const parameter = `${logicalId(rule.id)}${logicalId(name)}`;
      parameters[parameter] = { Type: 'String', Default: value, Description: `${name} of ${rule.id}` };
      references[name] = { Ref: parameter };
    }
    resources[configRuleLogicalId(rule)] = configRuleResource(rule, lambdaArn(rule), ruleSettings, rulePrefix, references);
  }
  const count = Object.keys(parameters).length;
  if (count > MAX_PACK_PARAMETERS) throw new PackLimitError(`${count} parameters (at most ${MAX_PACK_PARAMETERS})`);
  if (remediation.mode !== 'off') {
    for (const { rule, runbook } of remediations(input.rules, input.runbooks)) {
      resources[remediationLogicalId(rule)] = remediationResource(rule, runbook, ruleSettings, remediation, rulePrefix);
    }
  }
  return { ...(count > 0 ? { Parameters: parameters } : {}), Resources: resources };
}

/** The template as YAML text, checked against the pack size limit. */
export function renderConformancePack(input: PackInput): string {
  const text = HEADER + stringify(conformancePackTemplate(input), { lineWidth: 0 });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PACK_TEMPLATE_BYTES) throw new PackLimitError(`template body of ${bytes} bytes (at most ${MAX_PACK_TEMPLATE_BYTES})`);
  return text;
}
