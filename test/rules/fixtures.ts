import { findRule } from '../../rules/catalog';
import type { Rule, Verdict } from '../../rules/kit';
import { judgeItem, judgeView, parseParameters, parseRuleEvent } from '../../rules/kit';
import { loadEvent, withItem, withParameters } from '../helpers/fixtures';

/** Test helpers: real-shaped fixture events, cloned per test and changed where a case needs it. */

/** The configuration item of a fixture event, decoded so that a case can change it. */
export interface Item {
  configuration: Record<string, unknown>;
  supplementaryConfiguration: Record<string, unknown>;
  tags: Record<string, string>;
}
export type Change = (item: Item) => void;

export interface Case {
  readonly fixture: string;
  readonly change?: Change;
  readonly parameters?: Record<string, string>;
}

export function ruleOf(id: string): Rule {
  const rule = findRule(id);
  if (!rule) throw new Error(`no rule ${id} in the catalog`);
  return rule;
}

/** A fresh copy of a fixture event, with its item changed and its parameters replaced when given. */
export function fixtureEvent({ fixture, change, parameters }: Case): Record<string, unknown> {
  const event = withItem(loadEvent(fixture), (item) => change?.(item as unknown as Item));
  return parameters === undefined ? event : withParameters(event, parameters);
}

/** Judges a fixture through the pure path of a change notification: parse, parameters, judgeItem. */
export function judgeFixture(ruleId: string, test: Case): Verdict {
  const rule = ruleOf(ruleId);
  const event = parseRuleEvent(fixtureEvent(test));
  if (event.invocation.kind !== 'change') throw new Error(`${test.fixture} is not a change notification`);
  return judgeItem(rule, event.invocation.item, parseParameters(rule.parameters, event.ruleParameters), event.eventLeftScope).verdict;
}

/** Judges a Describe* result (the SDK's PascalCase shape) the way a periodic sweep does. */
export function judgeApi(ruleId: string, resource: unknown, options: { extra?: unknown; tags?: Record<string, string>; parameters?: Record<string, string> } = {}): Verdict {
  const rule = ruleOf(ruleId);
  const view = rule.kind.fromApi(resource, options.extra);
  return judgeView(rule, view, options.tags ?? {}, parseParameters(rule.parameters, options.parameters ?? {}), 'api-resource');
}

/** Sets fields of the recorded configuration. */
export const set =
  (fields: Record<string, unknown>): Change =>
  (item) =>
    Object.assign(item.configuration, fields);

/** Tags the resource with the default exemption tag. */
export const exempt =
  (reason: string): Change =>
  (item) => {
    item.tags = { ...item.tags, 'dbauth:exempt': reason };
  };

export const both =
  (...changes: Change[]): Change =>
  (item) => {
    for (const change of changes) change(item);
  };

/** A 63-character identifier, the longest RDS and Neptune allow, for annotation length checks. */
export const LONGEST_IDENTIFIER = `graph-${'x'.repeat(57)}`;
