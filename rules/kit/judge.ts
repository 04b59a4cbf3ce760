import { RuleEvaluationError } from './errors';
import type { ConfigurationItem } from './item';
import { isRecorded } from './item';
import type { RuntimeParameters } from './parameters';
import type { Rule } from './rule';
import type { Verdict } from './verdict';
import { fitAnnotation, notApplicable } from './verdict';

export interface RuleParameters {
  readonly runtime: RuntimeParameters;
  readonly rule: unknown;
}

/** One resource's verdict, ready to become a Config evaluation. */
export interface Judgement {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName: string | undefined;
  readonly verdict: Verdict;
}

const STATUS_REASONS: Record<string, string> = {
  ResourceDeleted: 'resource deleted: nothing left to evaluate',
  ResourceDeletedNotRecorded: 'resource deleted (not recorded): nothing left to evaluate',
  ResourceNotRecorded: 'Config does not record this resource type here: nothing to evaluate from this item',
};

/** The annotation of an item whose resource left the rule's scope (the event's eventLeftScope). */
export const LEFT_SCOPE_ANNOTATION = 'the resource left the scope of this rule';

/** A verdict about an item, as the evaluation of that item's resource (the annotation fitted to Config's limit). */
export function judgementOf(item: Pick<ConfigurationItem, 'resourceType' | 'resourceId' | 'resourceName'>, verdict: Verdict): Judgement {
  return {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName,
    verdict: { ...verdict, annotation: fitAnnotation(verdict.annotation) },
  };
}

/** Judges one configuration item of a change notification (or one read from the configuration history). */
export function judgeItem(rule: Rule, item: ConfigurationItem, parameters: RuleParameters, eventLeftScope: boolean): Judgement {
  const judged = (verdict: Verdict): Judgement => judgementOf(item, verdict);
  if (item.resourceType !== rule.kind.type) {
    return judged(notApplicable(`${item.resourceType} is not judged by this rule (it judges ${rule.kind.type})`));
  }
  if (!isRecorded(item)) return judged(notApplicable(STATUS_REASONS[item.status] ?? `status ${item.status}`));
  if (eventLeftScope) return judged(notApplicable(LEFT_SCOPE_ANNOTATION));
  const view = rule.kind.fromItem(item);
  return judged(judgeView(rule, view, item.tags, parameters, item.resourceId));
}

/** Judges a decoded resource: scope, then exemption, then the rule. Shared by change-triggered and periodic runs. */
export function judgeView(rule: Rule, view: unknown, tags: Readonly<Record<string, string>>, parameters: RuleParameters, resourceId: string): Verdict {
  try {
    const outOfScope = rule.scope(view, parameters.rule);
    if (outOfScope !== undefined) return notApplicable(outOfScope);
    const exemption = tags[parameters.runtime.exemptionTagKey];
    if (exemption !== undefined) {
      return notApplicable(`exempt: ${exemption.trim() || `tagged ${parameters.runtime.exemptionTagKey} with no reason given`}`);
    }
    const verdict = rule.evaluate(view, parameters.rule);
    return { ...verdict, annotation: fitAnnotation(verdict.annotation) };
  } catch (cause) {
    throw new RuleEvaluationError(rule.id, resourceId, { cause });
  }
}
