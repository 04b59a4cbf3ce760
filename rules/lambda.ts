/**
 * The Lambda entry point of every rule. Each rule's function runs this same bundle with the environment
 * variable DBAUTH_RULE_ID naming its rule, so each function still has a role of its own (least privilege)
 * while the code is built once.
 */
import { CATALOG, findRule } from './catalog';
import { DbauthError } from './kit';
import type { HandlerResult } from './kit/runtime';
import { makeRuleHandler } from './kit/runtime';

export class UnknownRuleError extends DbauthError {}

function ruleHandler(): (event: unknown) => Promise<HandlerResult> {
  const id = process.env['DBAUTH_RULE_ID'];
  const rule = id ? findRule(id) : undefined;
  if (!rule) {
    const error = new UnknownRuleError(
      `environment variable DBAUTH_RULE_ID is ${id ? JSON.stringify(id) : 'not set'}; it must name one of: ${CATALOG.map((r) => r.id).join(', ')}`,
    );
    return () => Promise.reject(error);
  }
  return makeRuleHandler(rule);
}

export const handler = ruleHandler();
