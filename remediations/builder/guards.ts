/**
 * The steps every runbook shares, each written once: look the resource up, refuse it when it does not
 * exist, is exempt, is of another engine or is not available, report. Every guard fails closed: a branch
 * reads only outputs that exist whenever the resource does, its Default goes to a refusal, and a step that
 * fails aborts the automation (SSM's default onFailure) before any change.
 */
import type { AutomationStep, OutputType, StepOutputDefinition } from '../document';
import { EXEMPTION, REFUSE } from './scripts';
import type { Script } from './scripts';

export const PYTHON_RUNTIME = 'python3.11';
export const EXEMPTION_TAG_PARAMETER = 'ExemptionTagKey';

/** How a runbook finds its one resource. */
export interface Lookup {
  /** In messages: cluster, instance, snapshot, endpoint. */
  readonly noun: string;
  /** In step names: Cluster, Instance, Snapshot, Endpoint. */
  readonly stepNoun: string;
  readonly service: 'rds' | 'dms';
  readonly api: string;
  readonly request: Record<string, unknown>;
  /** The response's list of resources, e.g. DBClusters. */
  readonly list: string;
  /** The field that must equal `expectedId` for the resource to be the one asked for. */
  readonly idField: string;
  readonly expectedId: string;
  readonly statusField: string;
  readonly statusValue: string;
  readonly engineField: string;
}

export const describeName = (l: Lookup): string => `Describe${l.stepNoun}`;
export const ref = (step: string, output: string): string => `{{ ${step}.${output} }}`;
export const field = (l: Lookup, name: string): string => ref(describeName(l), name);

export function output(name: string, selector: string, type: OutputType): StepOutputDefinition {
  return { Name: name, Selector: selector, Type: type };
}

export function apiCall(l: Lookup, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Service: l.service, Api: l.api, ...l.request, ...extra };
}

/** Reads the resource: its list as a MapList (for the scripts) and the named top-level fields. */
export function describe(l: Lookup, fields: readonly (readonly [string, OutputType])[]): AutomationStep {
  return {
    name: describeName(l),
    action: 'aws:executeAwsApi',
    description: `Looks the ${l.noun} up.`,
    inputs: apiCall(l),
    outputs: [output('Resources', `$.${l.list}`, 'MapList'), ...fields.map(([name, type]) => output(name, `$.${l.list}[0].${name}`, type))],
  };
}

export function assertExists(l: Lookup): AutomationStep {
  return {
    name: `Assert${l.stepNoun}Exists`,
    action: 'aws:assertAwsResourceProperty',
    description: `Fails when no ${l.noun} has this id in this account and region.`,
    inputs: apiCall(l, { PropertySelector: `$.${l.list}[0].${l.idField}`, DesiredValues: [l.expectedId] }),
  };
}

export function scriptStep(name: string, description: string, code: Script, payload: Record<string, unknown>, outputs: readonly (readonly [string, OutputType])[] = []): AutomationStep {
  return {
    name,
    action: 'aws:executeScript',
    description,
    inputs: { Runtime: PYTHON_RUNTIME, Handler: code.handler, InputPayload: payload, Script: code.source },
    ...(outputs.length > 0 ? { outputs: outputs.map(([n, type]) => output(n, `$.Payload.${n}`, type)) } : {}),
  };
}

export interface Condition {
  readonly Variable: string;
  readonly [operator: string]: unknown;
}
export type Choice = (Condition | { readonly And: readonly Condition[] } | { readonly Or: readonly Condition[] } | { readonly Not: Condition }) & { readonly NextStep: string };

export function branch(name: string, description: string, choices: readonly Choice[], otherwise: string): AutomationStep {
  return { name, action: 'aws:branch', description, inputs: { Choices: choices, Default: otherwise } };
}

/** Stops the automation, failed, with `reason` as its message; nothing has been changed when it runs. */
export function refuse(name: string, description: string, reason: string): AutomationStep {
  return { ...scriptStep(name, description, REFUSE, { Reason: reason }), isEnd: true };
}

/** The exemption guard: a script that reads the tags, a branch on its Boolean answer. */
export function exemptionGuard(l: Lookup, next: string, tags?: string): AutomationStep[] {
  const payload = tags ? { Tags: tags, TagKey: `{{ ${EXEMPTION_TAG_PARAMETER} }}` } : { Resources: field(l, 'Resources'), TagKey: `{{ ${EXEMPTION_TAG_PARAMETER} }}` };
  return [
    scriptStep('CheckExemption', `Reads the ${l.noun}'s tags: exempt when it carries the exemption tag, whose value is the reason.`, EXEMPTION, payload, [
      ['Exempt', 'Boolean'],
      ['Reason', 'String'],
    ]),
    branch('ChooseExemption', `Refuses an exempt ${l.noun}.`, [{ NextStep: 'RefuseExempt', Variable: ref('CheckExemption', 'Exempt'), BooleanEquals: true }], next),
  ];
}

export function refuseExempt(l: Lookup): AutomationStep {
  return refuse(
    'RefuseExempt',
    `The ${l.noun} carries the exemption tag: nothing was changed. Remove the tag to remediate it.`,
    `the ${l.noun} is tagged {{ ${EXEMPTION_TAG_PARAMETER} }} (${ref('CheckExemption', 'Reason')}), so it is not remediated; remove the tag to remediate it`,
  );
}

/** Goes on only for the listed engines (one EqualsIgnoreCase, or a flat Or of them). */
export function engineGuard(l: Lookup, engines: readonly string[], next: string): AutomationStep {
  const conditions = engines.map((engine) => ({ Variable: field(l, l.engineField), EqualsIgnoreCase: engine }));
  const choice: Choice = conditions.length === 1 ? { NextStep: next, ...(conditions[0] as Condition) } : { NextStep: next, Or: conditions };
  return branch('CheckEngine', `Goes on only for ${engines.join(', ')}.`, [choice], 'RefuseUnsupportedEngine');
}

export function refuseEngine(l: Lookup, description: string): AutomationStep {
  return refuse('RefuseUnsupportedEngine', description, `engine ${field(l, l.engineField)} is not supported by this runbook: ${description}`);
}

export function assertAvailable(l: Lookup): AutomationStep {
  return {
    name: `Assert${l.stepNoun}Available`,
    action: 'aws:assertAwsResourceProperty',
    description: `A ${l.noun} that is not ${l.statusValue} cannot be modified; run again when it is.`,
    inputs: apiCall(l, { PropertySelector: `$.${l.list}[0].${l.statusField}`, DesiredValues: [l.statusValue] }),
  };
}

export function waitAvailable(l: Lookup, timeoutSeconds = 1800): AutomationStep {
  return {
    name: `WaitFor${l.stepNoun}Available`,
    action: 'aws:waitForAwsResourceProperty',
    description: 'Waits until the modification is over.',
    timeoutSeconds,
    inputs: apiCall(l, { PropertySelector: `$.${l.list}[0].${l.statusField}`, DesiredValues: [l.statusValue] }),
  };
}

/** Waits (or asserts) that a Boolean field reads True. */
export function booleanIsTrue(l: Lookup, name: string, fieldPath: string, wait: boolean): AutomationStep {
  return {
    name,
    action: wait ? 'aws:waitForAwsResourceProperty' : 'aws:assertAwsResourceProperty',
    description: wait ? 'Waits until the resource reports the new setting.' : 'Fails loudly if the setting did not take.',
    ...(wait ? { timeoutSeconds: 1800 } : {}),
    inputs: apiCall(l, { PropertySelector: `$.${l.list}[0].${fieldPath}`, DesiredValues: ['True'] }),
  };
}

/** A final step that reads the resource again and reports fields; the automation ends there. */
export function report(name: 'ReportRemediated' | 'ReportAlreadyCompliant' | 'ReportScheduled', l: Lookup, fields: readonly (readonly [string, string, OutputType])[], description: string, call?: Record<string, unknown>): AutomationStep {
  return {
    name,
    action: 'aws:executeAwsApi',
    description,
    isEnd: true,
    inputs: call ?? apiCall(l),
    outputs: fields.map(([n, selector, type]) => output(n, selector, type)),
  };
}

/** The two ends of a runbook that reports the same fields either way: after the change, or found already right. */
export function reports(l: Lookup, fields: readonly (readonly [string, string, OutputType])[], afterChange: string, alreadyRight: string): AutomationStep[] {
  return [report('ReportRemediated', l, fields, afterChange), report('ReportAlreadyCompliant', l, fields, alreadyRight)];
}
