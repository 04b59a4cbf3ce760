/**
 * What SSM checks when a runbook is created (CreateDocument): the document's shape, before any step runs.
 * The local runner refuses, with DocumentValidationError, what SSM would refuse at that point, so a runbook
 * that passes here is not refused for its form by AWS either (the sources of each rule are cited in
 * test/remediations/conventions.test.ts).
 */

export type OutputType = 'String' | 'Integer' | 'Boolean' | 'StringList' | 'StringMap' | 'MapList';
export const OUTPUT_TYPES: readonly OutputType[] = ['String', 'Integer', 'Boolean', 'StringList', 'StringMap', 'MapList'];

export interface AutomationParameterDefinition {
  type: OutputType;
  description?: string;
  default?: unknown;
  allowedPattern?: string;
  allowedValues?: unknown[];
  minItems?: number;
  maxItems?: number;
  displayType?: string;
}

export interface StepOutputDefinition {
  Name: string;
  Selector: string;
  Type: OutputType;
}

export interface AutomationStep {
  name: string;
  action: string;
  description?: string;
  inputs: Record<string, unknown>;
  outputs?: StepOutputDefinition[];
  onFailure?: string;
  isCritical?: boolean;
  isEnd?: boolean;
  nextStep?: string;
  maxAttempts?: number;
  timeoutSeconds?: number;
}

export interface AutomationDocument {
  schemaVersion: string;
  description?: string;
  assumeRole?: string;
  parameters?: Record<string, AutomationParameterDefinition>;
  variables?: Record<string, { type: OutputType; default?: unknown; description?: string }>;
  mainSteps: AutomationStep[];
  outputs?: string[];
}

export class DocumentValidationError extends Error {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(`${where}: ${detail}`);
    this.name = 'DocumentValidationError';
  }
}

const DOCUMENT_KEYS = ['schemaVersion', 'description', 'assumeRole', 'parameters', 'variables', 'mainSteps', 'outputs', 'files'];
const PARAMETER_KEYS = ['type', 'description', 'default', 'allowedPattern', 'allowedValues', 'minItems', 'maxItems', 'minChars', 'maxChars', 'displayType'];
const STEP_KEYS = ['name', 'action', 'description', 'inputs', 'outputs', 'onFailure', 'onCancel', 'isCritical', 'isEnd', 'nextStep', 'maxAttempts', 'timeoutSeconds'];
const OUTPUT_KEYS = ['Name', 'Selector', 'Type'];
/** The actions the local runner executes; SSM knows more, which our runbooks do not use. */
export const SUPPORTED_ACTIONS = [
  'aws:executeAwsApi',
  'aws:assertAwsResourceProperty',
  'aws:waitForAwsResourceProperty',
  'aws:branch',
  'aws:executeScript',
  'aws:updateVariable',
] as const;
const STEP_NAME = /^[A-Za-z0-9_]{1,100}$/;
export const STRING_OPERATORS = ['StringEquals', 'EqualsIgnoreCase', 'StartsWith', 'EndsWith', 'Contains'];
export const NUMERIC_OPERATORS = ['NumericEquals', 'NumericGreater', 'NumericLesser', 'NumericGreaterOrEquals', 'NumericLesserOrEquals'];
export const BOOLEAN_OPERATORS = ['BooleanEquals'];
const OPERATORS = [...STRING_OPERATORS, ...NUMERIC_OPERATORS, ...BOOLEAN_OPERATORS];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw new DocumentValidationError(where, `unknown key${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`);
}

function checkDefault(name: string, definition: AutomationParameterDefinition): void {
  const value = definition.default;
  if (value === undefined) return;
  const where = `parameter ${name}`;
  const ok =
    definition.type === 'String' ? typeof value === 'string'
    : definition.type === 'Integer' ? typeof value === 'number' && Number.isInteger(value)
    : definition.type === 'Boolean' ? typeof value === 'boolean'
    : definition.type === 'StringList' ? Array.isArray(value) && value.every((v) => typeof v === 'string')
    : definition.type === 'StringMap' ? isRecord(value)
    : Array.isArray(value) && value.every(isRecord);
  if (!ok) throw new DocumentValidationError(where, `default ${JSON.stringify(value)} is not a ${definition.type} (an Integer is written without quotes, a Boolean as true/false)`);
}

function checkParameter(name: string, definition: unknown): void {
  const where = `parameter ${name}`;
  if (!isRecord(definition)) throw new DocumentValidationError(where, 'must be a map');
  unknownKeys(definition, PARAMETER_KEYS, where);
  const typed = definition as unknown as AutomationParameterDefinition;
  if (!OUTPUT_TYPES.includes(typed.type)) throw new DocumentValidationError(where, `type ${String(typed.type)} is not one of ${OUTPUT_TYPES.join(', ')}`);
  if (typed.allowedPattern !== undefined && typed.type !== 'String' && typed.type !== 'StringList') {
    throw new DocumentValidationError(where, `allowedPattern is allowed for String and StringList parameters only, not ${typed.type}`);
  }
  if ((typed.minItems !== undefined || typed.maxItems !== undefined) && typed.type !== 'StringList' && typed.type !== 'MapList') {
    throw new DocumentValidationError(where, `minItems/maxItems are allowed for StringList and MapList parameters only, not ${typed.type}`);
  }
  checkDefault(name, typed);
}

/** Every condition a choice may hold: one operator, or And/Or of plain conditions, or Not of a plain condition. */
function checkCondition(condition: unknown, where: string, depth: 'top' | 'inner'): void {
  if (!isRecord(condition)) throw new DocumentValidationError(where, 'a choice must be a map');
  const keys = Object.keys(condition).filter((k) => k !== 'NextStep');
  for (const composite of ['And', 'Or']) {
    if (composite in condition) {
      if (depth !== 'top') throw new DocumentValidationError(where, `${composite} inside And, Or or Not is not documented (only And/Or of plain conditions, or Not of one)`);
      const list = condition[composite];
      if (!Array.isArray(list) || list.length < 2 || keys.length !== 1) throw new DocumentValidationError(where, `${composite} takes a list of two or more conditions and nothing beside it`);
      for (const inner of list) checkCondition(inner, where, 'inner');
      return;
    }
  }
  if ('Not' in condition) {
    if (depth !== 'top' || keys.length !== 1) throw new DocumentValidationError(where, 'Not is documented only as a choice of its own, around one plain condition');
    checkCondition(condition.Not, where, 'inner');
    return;
  }
  const operators = keys.filter((k) => k !== 'Variable');
  if (!('Variable' in condition) || operators.length !== 1 || !OPERATORS.includes(operators[0] as string)) {
    throw new DocumentValidationError(where, `a condition is a Variable and one of ${OPERATORS.join(', ')}; got ${keys.join(', ') || 'nothing'}`);
  }
}

function checkStep(step: unknown, index: number): AutomationStep {
  const where = `step ${index + 1}`;
  if (!isRecord(step)) throw new DocumentValidationError(where, 'must be a map');
  unknownKeys(step, STEP_KEYS, where);
  const typed = step as unknown as AutomationStep;
  if (typeof typed.name !== 'string' || !STEP_NAME.test(typed.name)) {
    throw new DocumentValidationError(where, `name ${JSON.stringify(typed.name)} must be 1 to 100 letters, digits or underscores`);
  }
  const named = `step ${typed.name}`;
  if (!(SUPPORTED_ACTIONS as readonly string[]).includes(typed.action)) throw new DocumentValidationError(named, `action ${String(typed.action)} is not supported`);
  if (!isRecord(typed.inputs)) throw new DocumentValidationError(named, 'has no inputs');
  for (const output of typed.outputs ?? []) {
    if (!isRecord(output)) throw new DocumentValidationError(named, 'an output must be a map');
    unknownKeys(output, OUTPUT_KEYS, `${named} output`);
    if (typeof output.Name !== 'string' || typeof output.Selector !== 'string') throw new DocumentValidationError(named, 'an output needs a Name and a Selector');
    if (!OUTPUT_TYPES.includes(output.Type)) throw new DocumentValidationError(named, `output ${output.Name} has type ${String(output.Type)}, not one of ${OUTPUT_TYPES.join(', ')}`);
  }
  if (typed.isCritical !== undefined && typeof typed.isCritical !== 'boolean') throw new DocumentValidationError(named, 'isCritical must be true or false');
  if (typed.isEnd !== undefined && typeof typed.isEnd !== 'boolean') throw new DocumentValidationError(named, 'isEnd must be true or false');
  if (typed.onFailure !== undefined && !/^(Abort|Continue|step:[A-Za-z0-9_]+)$/.test(typed.onFailure)) {
    throw new DocumentValidationError(named, `onFailure ${typed.onFailure} is not Abort, Continue or step:<name>`);
  }
  if (typed.action === 'aws:branch') {
    const choices = typed.inputs.Choices;
    if (!Array.isArray(choices) || choices.length === 0) throw new DocumentValidationError(named, 'a branch needs Choices');
    choices.forEach((choice, n) => {
      checkCondition(choice, `${named} choice ${n + 1}`, 'top');
      if (typeof (choice as Record<string, unknown>).NextStep !== 'string') throw new DocumentValidationError(`${named} choice ${n + 1}`, 'needs a NextStep');
    });
  }
  if (typed.action === 'aws:executeScript') {
    unknownKeys(typed.inputs, ['Runtime', 'Handler', 'Script', 'InputPayload', 'Attachment'], named);
    if (typeof typed.inputs.Runtime !== 'string' || !/^python3\.\d+$/.test(typed.inputs.Runtime)) throw new DocumentValidationError(named, 'Runtime must be python3.x');
    if (typeof typed.inputs.Handler !== 'string' || typeof typed.inputs.Script !== 'string') throw new DocumentValidationError(named, 'needs a Handler and a Script');
  }
  return typed;
}

/** The names each step may go to next, with `null` for "the automation ends". */
function successors(step: AutomationStep, next: string | undefined): (string | null)[] {
  const out: (string | null)[] = [];
  if (step.action === 'aws:branch') {
    for (const choice of step.inputs.Choices as Record<string, unknown>[]) out.push(String(choice.NextStep));
    const otherwise = step.inputs.Default;
    out.push(otherwise === undefined ? (step.isEnd ? null : (next ?? null)) : typeof otherwise === 'string' ? otherwise : JSON.stringify(otherwise));
  } else if (step.isEnd) out.push(null);
  else out.push(step.nextStep ?? next ?? null);
  if (step.onFailure?.startsWith('step:')) out.push(step.onFailure.slice('step:'.length));
  if (step.onFailure === 'Continue') out.push(step.nextStep ?? next ?? null);
  return out;
}

/** Checks `document` as SSM's CreateDocument would; returns it typed. Throws DocumentValidationError. */
export function validateDocument(document: unknown): AutomationDocument {
  if (!isRecord(document)) throw new DocumentValidationError('document', 'must be a map');
  unknownKeys(document, DOCUMENT_KEYS, 'document');
  if (document.schemaVersion !== '0.3') throw new DocumentValidationError('document', `schemaVersion must be the string '0.3' for Automation, got ${JSON.stringify(document.schemaVersion)}`);
  for (const [name, definition] of Object.entries(isRecord(document.parameters) ? document.parameters : {})) checkParameter(name, definition);
  if (!Array.isArray(document.mainSteps) || document.mainSteps.length === 0) throw new DocumentValidationError('document', 'mainSteps is empty');
  const steps = document.mainSteps.map(checkStep);
  const names = steps.map((s) => s.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new DocumentValidationError(`step ${duplicate}`, 'the name is used twice');
  const graph = new Map<string, (string | null)[]>();
  steps.forEach((step, i) => {
    const targets = successors(step, steps[i + 1]?.name);
    for (const target of targets) {
      if (target !== null && !names.includes(target)) throw new DocumentValidationError(`step ${step.name}`, `goes to ${target}, which is not a step`);
    }
    graph.set(step.name, targets);
  });
  // SSM refuses a runbook whose steps can loop (automation-branchdocs: "verifies that the runbook doesn't create an infinite loop").
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') throw new DocumentValidationError(`step ${name}`, `the steps loop: ${[...path, name].join(' → ')}`);
    state.set(name, 'open');
    for (const target of graph.get(name) ?? []) if (target !== null) visit(target, [...path, name]);
    state.set(name, 'done');
  };
  if (steps[0]) visit(steps[0].name, []);
  const produced = new Set(steps.flatMap((s) => (s.outputs ?? []).map((o) => `${s.name}.${o.Name}`)));
  for (const output of Array.isArray(document.outputs) ? (document.outputs as unknown[]) : []) {
    if (typeof output !== 'string' || !produced.has(output)) throw new DocumentValidationError('document outputs', `${String(output)} is not an output of a step`);
  }
  return document as unknown as AutomationDocument;
}
