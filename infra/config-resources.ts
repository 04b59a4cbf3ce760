/**
 * The Config resources of one rule as CloudFormation (type + properties), built once and used twice: by
 * the account stack (as CfnResource) and by the conformance pack template. So a rule is deployed the same
 * way whether it lands through CDK or through a pack.
 */
import { proactiveSupport } from '../rules/adapters/proactive';
import type { Rule } from '../rules/kit/rule';
import { configRuleName, logicalId } from './names';
import type { Runbook } from './runbooks';
import { ASSUME_ROLE_PARAMETER, runbookParameterValues } from './runbooks';
import type { RemediationSettings, RuleSettings } from './settings';

export interface CfnResourceSpec {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DependsOn?: readonly string[];
}

/** Config's limit for a rule description. */
const MAX_DESCRIPTION = 256;

export const configRuleLogicalId = (rule: Rule): string => logicalId(rule.id);
export const remediationLogicalId = (rule: Rule): string => `${logicalId(rule.id)}Remediation`;

/** The rule's InputParameters: explicit values, else the documented defaults, plus the exemption tag key. */
export function inputParameters(rule: Rule, settings: RuleSettings): Record<string, string> {
  const given = settings.parameters[rule.id] ?? {};
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(rule.parameters)) {
    const value = given[name] ?? spec.defaultText;
    if (value !== undefined) values[name] = value;
  }
  if (settings.exemptionTagKey !== undefined) values['ExemptionTagKey'] = settings.exemptionTagKey;
  return values;
}

/** Change-triggered (oversized items included); also periodic when the settings say so. */
export function sourceDetails(rule: Rule, settings: RuleSettings): Record<string, string>[] {
  const details: Record<string, string>[] = [
    { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
    { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
  ];
  if (settings.periodic.has(rule.id)) {
    details.push({ EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: settings.frequency });
  }
  return details;
}

/**
 * The rule's AWS::Config::ConfigRule. `lambdaArn` is the function's ARN (text or an intrinsic function);
 * `parameters` overrides the InputParameters (a conformance pack passes references to its Parameters).
 */
export function configRuleResource(
  rule: Rule,
  lambdaArn: unknown,
  settings: RuleSettings,
  prefix: string,
  parameters: Record<string, unknown> = inputParameters(rule, settings),
): CfnResourceSpec {
  const description = `${rule.title}. ${rule.description}`;
  return {
    Type: 'AWS::Config::ConfigRule',
    Properties: {
      ConfigRuleName: configRuleName(prefix, rule.id),
      Description: description.length <= MAX_DESCRIPTION ? description : `${description.slice(0, MAX_DESCRIPTION - 1)}…`,
      Scope: { ComplianceResourceTypes: [rule.kind.type] },
      Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: lambdaArn, SourceDetails: sourceDetails(rule, settings) },
      ...(Object.keys(parameters).length > 0 ? { InputParameters: parameters } : {}),
      ...(settings.proactive && proactiveSupport(rule).supported ? { EvaluationModes: [{ Mode: 'DETECTIVE' }, { Mode: 'PROACTIVE' }] } : {}),
    },
  };
}

/**
 * The remediation of a rule: the runbook's document, the resource id into its id parameter, and (in an
 * account stack, where intrinsic functions are allowed) the remediation role. Without `assumeRoleArn` the
 * document's own default role is used (conformance packs). Automatic only when the settings opt in.
 */
export function remediationResource(
  rule: Rule,
  runbook: Runbook,
  ruleSettings: RuleSettings,
  settings: RemediationSettings,
  prefix: string,
  assumeRoleArn?: unknown,
): CfnResourceSpec {
  const parameters: Record<string, unknown> = {
    [runbook.resourceIdParameter]: { ResourceValue: { Value: 'RESOURCE_ID' } },
  };
  if (assumeRoleArn !== undefined) parameters[ASSUME_ROLE_PARAMETER] = { StaticValue: { Values: [assumeRoleArn] } };
  for (const [name, value] of Object.entries(runbookParameterValues(runbook, inputParameters(rule, ruleSettings)))) {
    parameters[name] = { StaticValue: { Values: [value] } };
  }
  const automatic = settings.automatic.has(rule.id);
  return {
    Type: 'AWS::Config::RemediationConfiguration',
    DependsOn: [configRuleLogicalId(rule)],
    Properties: {
      ConfigRuleName: configRuleName(prefix, rule.id),
      TargetType: 'SSM_DOCUMENT',
      TargetId: runbook.documentName,
      Parameters: parameters,
      Automatic: automatic,
      ...(automatic
        ? {
            MaximumAutomaticAttempts: settings.maximumAttempts,
            RetryAttemptSeconds: settings.retrySeconds,
            ExecutionControls: {
              SsmControls: { ConcurrentExecutionRatePercentage: settings.concurrentPercent, ErrorPercentage: settings.errorPercent },
            },
          }
        : {}),
    },
  };
}
