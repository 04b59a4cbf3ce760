import type { EvaluationMode } from './event';
import { MalformedItemError } from './errors';
import type { ConfigurationItem } from './item';
import type { ResourceKind } from './resources';

/**
 * Config's proactive evaluation judges a resource that does not exist yet: StartResourceEvaluation hands
 * Config the resource's CloudFormation properties (ResourceConfigurationSchemaType CFN_RESOURCE_SCHEMA,
 * https://docs.aws.amazon.com/config/latest/APIReference/API_StartResourceEvaluation.html), and Config
 * invokes the rules whose EvaluationModes include PROACTIVE. No AWS page shows the event a custom Lambda
 * rule then receives, so this module reads it defensively:
 *
 * - recorded events state `evaluationMode` DETECTIVE; one that states PROACTIVE is proposed;
 * - an event that states no mode: an item whose configuration is CloudFormation properties (every key PascalCase, as
 *   CloudFormation names properties) of a resource type that Config records in camelCase (RDS clusters
 *   and instances) is proposed: no recorded item of those types has that form.
 *
 * DMS endpoints are recorded in CloudFormation's own PascalCase names, so without a stated mode their
 * properties read the same either way, through the recorded-item view.
 *
 * An event that states DETECTIVE for CloudFormation properties of such a type is refused.
 *
 * A proposed item goes through the template adapter (as `dbauth check` judges it), never through the
 * recorded-item view: that view would read every PascalCase property as absent and call a cluster "not
 * an RDS engine", which is a verdict, and a wrong one. A configuration that is neither form fails the
 * invocation with a MalformedItemError, which the rule's error alarm shows.
 */
export function isProposedItem(kind: ResourceKind<unknown>, item: ConfigurationItem, mode: EvaluationMode | undefined): boolean {
  if (mode === 'PROACTIVE') return true;
  const keys = Object.keys(item.configuration ?? {});
  const properties = keys.length > 0 && keys.every(isPropertyName) && kind.recordedKeys.some((key) => !isPropertyName(key));
  if (properties && mode === 'DETECTIVE') {
    throw new MalformedItemError(
      'configurationItem.configuration',
      `the event states a DETECTIVE evaluation, but the configuration is CloudFormation properties (${keys.slice(0, 3).join(', ')}), not a recorded ${kind.type}: not judged`,
    );
  }
  return properties;
}

/** The proposed resource's CloudFormation properties: the item's configuration, checked to be in that form. */
export function proposedProperties(item: ConfigurationItem): Record<string, unknown> {
  const configuration = item.configuration ?? {};
  const recorded = Object.keys(configuration).filter((key) => !isPropertyName(key));
  if (recorded.length > 0) {
    throw new MalformedItemError(
      'configurationItem.configuration',
      `a proactive evaluation's configuration must be CloudFormation properties, but ${recorded.slice(0, 3).join(', ')} ${recorded.length === 1 ? 'is' : 'are'} not a property name: not judged`,
    );
  }
  return configuration;
}

/** CloudFormation property names start with a capital letter (the resource type schemas' convention). */
const isPropertyName = (key: string): boolean => /^[A-Z]/.test(key);
