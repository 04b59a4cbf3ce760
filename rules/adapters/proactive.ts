import type { Rule, RuleParameters, Verdict } from '../kit';
import { fitAnnotation, nonCompliant, notApplicable } from '../kit';
import { declaredFromProperties } from './cloudformation';
import { judgeDeclared } from './declared';
import { isObject } from '../kit/fields';
import { InvalidDeclarationError } from './values';

/**
 * Config's proactive evaluation (StartResourceEvaluation with EvaluationMode PROACTIVE and
 * ResourceConfigurationSchemaType CFN_RESOURCE_SCHEMA: https://docs.aws.amazon.com/config/latest/APIReference/API_StartResourceEvaluation.html)
 * hands a rule a resource that does not exist yet, as the CloudFormation properties it would be created
 * with. This judges those properties through the same adapter as `dbauth check`. Config has no status for
 * "cannot be judged before deploy", so such a verdict fails safe as NON_COMPLIANT, saying why.
 *
 * Wiring it into the Lambda handler waits on a sandbox: the invoking event of a proactive evaluation is
 * not published in enough detail (where the properties are, and whether a Neptune cluster arrives as
 * AWS::Neptune::DBCluster to a rule scoped to AWS::RDS::DBCluster).
 */
export function judgeProposedResource(
  rule: Rule,
  resourceType: string,
  resourceId: string,
  configuration: unknown,
  parameters: RuleParameters,
): Verdict {
  const properties = typeof configuration === 'string' ? parseConfiguration(configuration) : configuration;
  if (!isObject(properties)) throw new InvalidDeclarationError('resourceConfiguration', 'expected the resource properties as a JSON object');
  const declared = declaredFromProperties(resourceType, resourceId, properties);
  if (!declared) return notApplicable(`${resourceType} is not judged by this rule (it judges ${rule.kind.type})`);
  const verdict = judgeDeclared(rule, declared, parameters);
  switch (verdict.status) {
    case 'UNKNOWN_BEFORE_DEPLOY':
      return nonCompliant(fitAnnotation(verdict.annotation));
    case 'COMPLIANT':
    case 'NON_COMPLIANT':
    case 'NOT_APPLICABLE':
      return { compliance: verdict.status, annotation: verdict.annotation };
  }
}

function parseConfiguration(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidDeclarationError('resourceConfiguration', `not valid JSON (${(error as Error).message})`);
  }
}
