import type { Rule, RuleParameters, Verdict } from '../kit';
import { nonCompliant, notApplicable } from '../kit';
import { CLOUDFORMATION_TYPES, declaredFromProperties } from './cloudformation';
import { judgeDeclared } from './declared';

/** Rules whose resource type CloudFormation declares but which cannot judge one proposed resource alone. */
const NOT_PROACTIVE: Readonly<Record<string, string>> = {
  'neptune-cluster-multi-az-enabled':
    "it judges the Availability Zones of a cluster's instances, which a proposed cluster's properties do not hold, so every proposed cluster would be NON_COMPLIANT",
};

export type ProactiveSupport = { readonly supported: true } | { readonly supported: false; readonly reason: string };

/**
 * Whether a rule can take Config's proactive evaluation mode: its resource type must be one that
 * CloudFormation declares (StartResourceEvaluation takes CloudFormation properties), and its verdict must
 * follow from that one resource's properties.
 */
export function proactiveSupport(rule: Rule): ProactiveSupport {
  if (!Object.values(CLOUDFORMATION_TYPES).some((type) => type.kind === rule.kind)) {
    return { supported: false, reason: `${rule.kind.type} has no CloudFormation resource type, so no resource of it can be proposed` };
  }
  const reason = NOT_PROACTIVE[rule.id];
  return reason === undefined ? { supported: true } : { supported: false, reason };
}

/**
 * Config's proactive evaluation (StartResourceEvaluation with EvaluationMode PROACTIVE and
 * ResourceConfigurationSchemaType CFN_RESOURCE_SCHEMA: https://docs.aws.amazon.com/config/latest/APIReference/API_StartResourceEvaluation.html)
 * hands a rule a resource that does not exist yet, as the CloudFormation properties it would be created
 * with. This judges those properties through the same adapter as `dbauth check`. Config has no status for
 * "cannot be judged before deploy", so such a verdict fails safe as NON_COMPLIANT, saying why.
 * The rule Lambdas' runtime judges proposed resources with it (rules/kit/handler.ts; how it recognizes one
 * is in rules/kit/proposal.ts).
 */
export function judgeProposedResource(
  rule: Rule,
  resourceType: string,
  resourceId: string,
  properties: Readonly<Record<string, unknown>>,
  parameters: RuleParameters,
): Verdict {
  const declared = declaredFromProperties(resourceType, resourceId, properties);
  if (!declared) return notApplicable(`${resourceType} has no CloudFormation form this rule reads (it judges ${rule.kind.type})`);
  const verdict = judgeDeclared(rule, declared, parameters);
  switch (verdict.status) {
    case 'UNKNOWN_BEFORE_DEPLOY':
      return nonCompliant(verdict.annotation);
    case 'COMPLIANT':
    case 'NON_COMPLIANT':
    case 'NOT_APPLICABLE':
      return { compliance: verdict.status, annotation: verdict.annotation };
  }
}
