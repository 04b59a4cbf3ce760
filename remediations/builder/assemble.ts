/**
 * A runbook as a typed description: what to look up, which guards, the one change, how to verify. The
 * assembler puts the shared steps around it, in one order for all: look up → exists → exempt → engine →
 * available → (guards) → already compliant? → change → verify → report; refusals at the end.
 */
import type { AutomationDocument, AutomationParameterDefinition, AutomationStep, OutputType } from '../document';
import { assertAvailable, assertExists, describe, describeName, engineGuard, EXEMPTION_TAG_PARAMETER, exemptionGuard, refuseEngine, refuseExempt } from './guards';
import type { Lookup } from './guards';

/** Steps that start at `first` and go on to `next` when their check passes. */
export interface Segment {
  readonly first: string;
  steps(next: string): AutomationStep[];
}

export interface RunbookSpec {
  readonly ruleId: string;
  /** Markdown: what the runbook does and how; the assembler adds nothing to it. */
  readonly description: string;
  readonly lookup: Lookup;
  readonly idParameter: { readonly name: string; readonly description: string; readonly allowedPattern: string };
  readonly parameters?: Record<string, AutomationParameterDefinition>;
  readonly variables?: AutomationDocument['variables'];
  /** Steps before the lookup (e.g. resolving an identifier to an ARN); they end by going to the lookup. */
  readonly prelude?: (describeStep: string) => AutomationStep[];
  /** Top-level fields of the resource the other steps read, with their types. */
  readonly fields: readonly (readonly [string, OutputType])[];
  /** A step that reads the tags when the Describe response has none (DMS). */
  readonly tagsStep?: { readonly step: AutomationStep; readonly tags: string };
  readonly engines: readonly string[];
  readonly engineRefusal: string;
  /** Guards between exemption and engine (e.g. cluster membership). */
  readonly earlyGuards?: readonly Segment[];
  /** Guards after availability, before the already-compliant check. */
  readonly guards?: readonly Segment[];
  /** Goes to ReportAlreadyCompliant when the setting is right; else to `next`. */
  readonly alreadyCompliant: Segment;
  /** Guards between already-compliant and the change (they may assume the setting is off). */
  readonly changeGuards?: readonly Segment[];
  /** The change, its waits and its verification, ending in ReportRemediated (and any other end). */
  readonly change: Segment;
  /** The remaining steps: reports and refusals that the segments go to. */
  readonly ends: readonly AutomationStep[];
  readonly outputs: readonly string[];
}

export const ASSUME_ROLE: AutomationParameterDefinition = {
  type: 'String',
  description: '(Required) The ARN of the role that allows Automation to perform the actions on your behalf.',
  allowedPattern: '^arn:aws(?:-cn|-us-gov)?:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$',
};

export const EXEMPTION_TAG_KEY: AutomationParameterDefinition = {
  type: 'String',
  description: '(Optional) The tag key that exempts a resource from remediation; its value is the reason.',
  default: 'dbauth:exempt',
  allowedPattern: '^[A-Za-z0-9 _.:/=+@-]{1,128}$',
};

function chain(segments: readonly Segment[], last: string): AutomationStep[] {
  const steps: AutomationStep[] = [];
  segments.forEach((segment, i) => steps.push(...segment.steps(segments[i + 1]?.first ?? last)));
  return steps;
}

function single(step: AutomationStep): Segment {
  return { first: step.name, steps: () => [step] };
}

export function assemble(spec: RunbookSpec): AutomationDocument {
  const l = spec.lookup;
  const describeStep = describe(l, spec.fields);
  const engine: Segment = { first: 'CheckEngine', steps: (next) => [engineGuard(l, spec.engines, next)] };
  const exemption: Segment = { first: 'CheckExemption', steps: (next) => exemptionGuard(l, next, spec.tagsStep?.tags) };
  const segments: Segment[] = [
    single(describeStep),
    single(assertExists(l)),
    ...(spec.tagsStep ? [single(spec.tagsStep.step)] : []),
    exemption,
    ...(spec.earlyGuards ?? []),
    engine,
    single(assertAvailable(l)),
    ...(spec.guards ?? []),
    spec.alreadyCompliant,
    ...(spec.changeGuards ?? []),
    spec.change,
  ];
  const mainSteps = [
    ...(spec.prelude?.(describeName(l)) ?? []),
    ...chain(segments, 'ReportRemediated'),
    ...spec.ends,
    refuseExempt(l),
    refuseEngine(l, spec.engineRefusal),
  ];
  return {
    description: spec.description,
    schemaVersion: '0.3',
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      [spec.idParameter.name]: { type: 'String', description: spec.idParameter.description, allowedPattern: spec.idParameter.allowedPattern },
      AutomationAssumeRole: ASSUME_ROLE,
      ...spec.parameters,
      [EXEMPTION_TAG_PARAMETER]: EXEMPTION_TAG_KEY,
    },
    ...(spec.variables ? { variables: spec.variables } : {}),
    outputs: [...spec.outputs],
    mainSteps,
  };
}
