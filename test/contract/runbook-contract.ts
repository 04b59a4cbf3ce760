/**
 * Checks an SSM Automation document's API steps against AWS's service models (botocore's, as SSM calls
 * APIs through boto3). Pure: a document and a model lookup in, a list of violations out.
 *
 * What SSM documents and this checks (pages cited in contract.test.ts):
 * - aws:executeAwsApi / aws:assertAwsResourceProperty / aws:waitForAwsResourceProperty: `Service` is a
 *   boto3 client name, `Api` an operation of it, every other input (but PropertySelector and
 *   DesiredValues) a member of the operation's input with a value of the member's type; required members
 *   are present, in nested structures too.
 * - `Selector` and `PropertySelector` are JSONPath (the documentation names no subset): `$`, `.name`,
 *   `[n]` and `..name` (the subset this project's design names) are accepted and must follow
 *   the output shape; a selector that can only match nothing is an error.
 * - An output's `Type` (default String) must hold what the selector selects, with the conversions the
 *   documentation lists (Integer and Boolean to String or StringList; a scalar to StringList). A
 *   selector that selects a list (`..`) fits only StringList or MapList.
 * - `DesiredValues` is a StringList: literal strings, or references to String values.
 * - The data type of a parameter or output cannot change inside an action's input: a reference that is
 *   a whole value must be of the member's type; a reference inside a longer string must be a String.
 * - aws:branch compares with the operator of the variable's type: the string operators (StringEquals,
 *   EqualsIgnoreCase, StartsWith, EndsWith, Contains) on a String, the Numeric ones on an Integer,
 *   BooleanEquals on a Boolean; `Contains` on a StringList is not documented.
 * - aws:executeScript outputs select from the script's return value, `$.Payload`; other actions but the
 *   API ones have no user-defined outputs.
 * - Every `{{ reference }}` in any step resolves to a parameter, a declared variable, a global, or an
 *   output of a step that ran and succeeded on every path to the step that reads it.
 * - A settings structure sent back from what a step read (members referencing outputs selected from the
 *   same shape) must send every member of that shape: a partial one relies on the service merging.
 */
import type { ServiceModel, Shape } from './service-models';

export type ParameterType = 'String' | 'Integer' | 'Boolean' | 'StringList' | 'StringMap' | 'MapList';

export interface Violation {
  step: string;
  /** The input member, output name or document field at fault, as a dotted path. */
  member: string;
  message: string;
}

export type ModelLookup = (service: string) => ServiceModel | undefined;

export const API_ACTIONS = ['aws:executeAwsApi', 'aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty'] as const;
const PROPERTY_ACTIONS = ['aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty'];
const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'Integer', 'Boolean', 'StringList', 'StringMap', 'MapList'];
/** The globals SSM Automation defines (automation-variables page). */
const GLOBALS = ['global:ACCOUNT_ID', 'global:AWS_PARTITION', 'global:DATE', 'global:DATE_TIME', 'global:REGION', 'automation:EXECUTION_ID'];

const WHOLE_REFERENCE = /^\{\{\s*([^{}\s]+)\s*\}\}$/;
const REFERENCE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

// ---- the document, decoded defensively (it is parsed YAML) ----------------------------------------

interface Output {
  name: string;
  selector: string;
  type: ParameterType;
}

interface Step {
  index: number;
  name: string;
  action: string;
  inputs: Record<string, unknown>;
  outputs: Output[];
  isEnd: boolean;
  nextStep?: string;
  onFailure: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isParameterType(value: unknown): value is ParameterType {
  return typeof value === 'string' && (PARAMETER_TYPES as readonly string[]).includes(value);
}

interface Decoded {
  steps: Step[];
  types: Map<string, ParameterType>;
  violations: Violation[];
}

function decode(document: unknown): Decoded {
  const violations: Violation[] = [];
  const types = new Map<string, ParameterType>();
  const doc = isRecord(document) ? document : {};
  for (const [section, prefix] of [
    ['parameters', ''],
    ['variables', 'variable:'],
  ] as const) {
    const definitions = doc[section];
    if (definitions === undefined) continue;
    if (!isRecord(definitions)) {
      violations.push({ step: '(document)', member: section, message: `${section} must be a map` });
      continue;
    }
    for (const [name, definition] of Object.entries(definitions)) {
      const type = isRecord(definition) ? definition.type : undefined;
      if (isParameterType(type)) types.set(`${prefix}${name}`, type);
      else violations.push({ step: '(document)', member: `${section}.${name}`, message: `type ${String(type)} is not one of ${PARAMETER_TYPES.join(', ')}` });
    }
  }
  for (const global of GLOBALS) types.set(global, 'String');
  const rawSteps = Array.isArray(doc.mainSteps) ? doc.mainSteps : [];
  if (rawSteps.length === 0) violations.push({ step: '(document)', member: 'mainSteps', message: 'the document has no mainSteps' });
  const steps = rawSteps.map((raw, index): Step => {
    const step = isRecord(raw) ? raw : {};
    const name = typeof step.name === 'string' ? step.name : `#${index}`;
    const outputs: Output[] = [];
    for (const output of Array.isArray(step.outputs) ? step.outputs : []) {
      const o = isRecord(output) ? output : {};
      const type = o.Type ?? 'String';
      if (typeof o.Name !== 'string' || typeof o.Selector !== 'string' || !isParameterType(type)) {
        violations.push({ step: name, member: `outputs.${String(o.Name)}`, message: 'an output needs a Name, a Selector and a Type among the six SSM types' });
        continue;
      }
      outputs.push({ name: o.Name, selector: o.Selector, type });
    }
    return {
      index,
      name,
      action: typeof step.action === 'string' ? step.action : '',
      inputs: isRecord(step.inputs) ? step.inputs : {},
      outputs,
      isEnd: step.isEnd === true,
      ...(typeof step.nextStep === 'string' ? { nextStep: step.nextStep } : {}),
      onFailure: typeof step.onFailure === 'string' ? step.onFailure : 'Abort',
    };
  });
  return { steps, types, violations };
}

// ---- control flow: which steps may run before which ------------------------------------------------

interface Edges {
  success: string[];
  failure: string[];
}

function edgesOf(step: Step, steps: readonly Step[]): Edges {
  const following = steps[step.index + 1]?.name;
  const plain = step.isEnd ? [] : step.nextStep ? [step.nextStep] : following ? [following] : [];
  let success = plain;
  if (step.action === 'aws:branch') {
    const choices = Array.isArray(step.inputs.Choices) ? step.inputs.Choices : [];
    success = choices.flatMap((c) => (isRecord(c) && typeof c.NextStep === 'string' ? [c.NextStep] : []));
    success.push(typeof step.inputs.Default === 'string' ? step.inputs.Default : (plain[0] ?? ''));
    success = success.filter((s) => s !== '');
  }
  const failure = step.onFailure === 'Continue' ? plain : step.onFailure.startsWith('step:') ? [step.onFailure.slice('step:'.length)] : [];
  return { success, failure };
}

/** True when `reader` can run on some path on which `producer` has not succeeded. */
function reachableWithout(producer: Step, reader: Step, steps: readonly Step[], edges: Map<string, Edges>): boolean {
  const first = steps[0];
  if (!first) return false;
  const seen = new Set<string>([first.name]);
  const queue = [first.name];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (name === reader.name) return true;
    const e = edges.get(name);
    if (!e) continue;
    const next = name === producer.name ? e.failure : [...e.success, ...e.failure];
    for (const target of next) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return false;
}

// ---- selectors over shapes -------------------------------------------------------------------------

type Segment = { kind: 'child'; name: string } | { kind: 'index' } | { kind: 'deep'; name: string };

export class SelectorPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorPathError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;

export function parsePath(selector: string): Segment[] {
  if (!selector.startsWith('$')) throw new SelectorPathError(`${selector} does not start with $`);
  const segments: Segment[] = [];
  let rest = selector.slice(1);
  while (rest.length > 0) {
    const deep = rest.startsWith('..');
    if (deep || rest.startsWith('.')) {
      const skip = deep ? 2 : 1;
      const name = NAME.exec(rest.slice(skip))?.[0];
      if (!name) throw new SelectorPathError(`${selector}: expected a member name at ${rest}`);
      segments.push(deep ? { kind: 'deep', name } : { kind: 'child', name });
      rest = rest.slice(skip + name.length);
    } else if (/^\[\d+\]/.test(rest)) {
      segments.push({ kind: 'index' });
      rest = rest.slice((/^\[\d+\]/.exec(rest) as RegExpExecArray)[0].length);
    } else {
      throw new SelectorPathError(`${selector}: ${rest} is not .name, [n] or ..name, the JSONPath the runbooks may use`);
    }
  }
  return segments;
}

/** What a selector selects: the shape, whether it is a list of such values, and the structure it came from. */
export interface Selected {
  shape: Shape;
  many: boolean;
  /** The structure shape whose member was selected last (for settings sent back). */
  parent?: Shape;
  memberName?: string;
}

function deepFind(model: ServiceModel, shape: Shape, name: string, seen: Set<unknown>, found: { shape: Shape; parent: Shape }[]): void {
  if (seen.has(shape.raw)) return;
  seen.add(shape.raw);
  if (shape.type === 'structure') {
    for (const member of Object.keys(model.members(shape))) {
      const child = model.member(shape, member) as Shape;
      if (member === name) found.push({ shape: child, parent: shape });
      deepFind(model, child, name, seen, found);
    }
  } else if (shape.type === 'list') {
    deepFind(model, model.listMember(shape), name, seen, found);
  } else if (shape.type === 'map') {
    deepFind(model, model.mapValue(shape), name, seen, found);
  }
}

export function selectShape(model: ServiceModel, output: Shape, selector: string): Selected {
  let current: Selected = { shape: output, many: false };
  let path = '$';
  for (const segment of parsePath(selector)) {
    const { shape } = current;
    switch (segment.kind) {
      case 'child': {
        const child = model.member(shape, segment.name);
        if (!child) {
          const members = Object.keys(model.members(shape));
          throw new SelectorPathError(
            shape.type === 'structure'
              ? `${path} has no member ${segment.name} (members: ${members.join(', ')})`
              : `${path} is ${a(shape.type)}, not a structure: .${segment.name} selects nothing`,
          );
        }
        current = { shape: child, many: current.many, parent: shape, memberName: segment.name };
        path += `.${segment.name}`;
        break;
      }
      case 'index':
        if (shape.type !== 'list') throw new SelectorPathError(`${path} is ${a(shape.type)}, not a list: an index selects nothing`);
        current = { shape: model.listMember(shape), many: current.many };
        path += '[n]';
        break;
      case 'deep': {
        const found: { shape: Shape; parent: Shape }[] = [];
        deepFind(model, shape, segment.name, new Set(), found);
        const first = found[0];
        if (!first) throw new SelectorPathError(`nothing under ${path} is named ${segment.name}`);
        if (found.some((f) => f.shape.type !== first.shape.type)) {
          throw new SelectorPathError(`..${segment.name} under ${path} selects members of different types`);
        }
        current = { shape: first.shape, many: true, parent: first.parent, memberName: segment.name };
        path += `..${segment.name}`;
        break;
      }
    }
  }
  return current;
}

// ---- types -----------------------------------------------------------------------------------------

const SCALARS = new Set(['string', 'boolean', 'integer', 'long', 'double', 'float', 'timestamp']);

function describe(model: ServiceModel, shape: Shape): string {
  if (shape.type === 'list') return `list of ${describe(model, model.listMember(shape))}`;
  if (shape.type === 'map') return `map of ${describe(model, model.mapValue(shape))}`;
  return shape.type;
}

/** Whether an output of `type` can hold what the selector selects (automation-action-outputs-inputs). */
export function outputFits(model: ServiceModel, selected: Selected, type: ParameterType): boolean {
  const { shape } = selected;
  const element = shape.type === 'list' ? model.listMember(shape) : undefined;
  if (selected.many) {
    // A list of the selected values: only the list types hold it.
    if (type === 'StringList') return ['string', 'integer', 'long', 'boolean'].includes(shape.type);
    if (type === 'MapList') return shape.type === 'structure' || shape.type === 'map';
    return false;
  }
  switch (type) {
    case 'String':
      return ['string', 'integer', 'long', 'boolean'].includes(shape.type);
    case 'Integer':
      return shape.type === 'integer' || shape.type === 'long';
    case 'Boolean':
      return shape.type === 'boolean';
    case 'StringList':
      return ['string', 'integer', 'long', 'boolean'].includes(shape.type) || (element !== undefined && element.type === 'string');
    case 'StringMap':
      return shape.type === 'structure' || shape.type === 'map';
    case 'MapList':
      return element !== undefined && (element.type === 'structure' || element.type === 'map');
  }
}

/** Whether a value of `type` may be the whole value of a member of `shape` (no conversion inside an input). */
function referenceFits(model: ServiceModel, type: ParameterType, shape: Shape): boolean {
  switch (type) {
    case 'String':
      return shape.type === 'string' || shape.type === 'timestamp';
    case 'Integer':
      return shape.type === 'integer' || shape.type === 'long';
    case 'Boolean':
      return shape.type === 'boolean';
    case 'StringList':
      return shape.type === 'list' && model.listMember(shape).type === 'string';
    case 'StringMap':
      return shape.type === 'structure' || shape.type === 'map';
    case 'MapList':
      return shape.type === 'list' && ['structure', 'map'].includes(model.listMember(shape).type);
  }
}

// ---- the check -------------------------------------------------------------------------------------

interface Context {
  model: ServiceModel;
  step: Step;
  types: Map<string, ParameterType>;
  /** Outputs by `Step.Output`, with what their selector selected. */
  selections: Map<string, Selected>;
  violations: Violation[];
}

function a(type: string): string {
  return /^[AEIOU]/i.test(type) ? `an ${type}` : `a ${type}`;
}

function typeOfReference(context: Context, reference: string): ParameterType | undefined {
  return context.types.get(reference);
}

function checkValue(context: Context, value: unknown, shape: Shape, path: string): void {
  const { model, step, violations } = context;
  const fail = (message: string): void => {
    violations.push({ step: step.name, member: path, message });
  };
  if (typeof value === 'string') {
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole?.[1]) {
      const type = typeOfReference(context, whole[1]);
      if (type !== undefined && !referenceFits(model, type, shape)) {
        fail(`{{ ${whole[1]} }} is ${a(type)}, but ${path} is ${a(describe(model, shape))} (SSM does not convert types inside an action's input)`);
      }
      return;
    }
    for (const match of value.matchAll(REFERENCE)) {
      const type = typeOfReference(context, match[1] as string);
      if (type !== undefined && type !== 'String') fail(`{{ ${match[1]} }} is ${a(type)} inside a string; only String values can be part of a string`);
    }
    // The minified models carry no enums: a string member takes any string here.
    if (shape.type !== 'string' && shape.type !== 'timestamp') fail(`a string is given, but ${path} is ${a(describe(model, shape))}`);
    return;
  }
  if (typeof value === 'boolean') {
    if (shape.type !== 'boolean') fail(`a boolean is given, but ${path} is ${a(describe(model, shape))}`);
    return;
  }
  if (typeof value === 'number') {
    const fits = Number.isInteger(value) ? ['integer', 'long', 'double', 'float'] : ['double', 'float'];
    if (!fits.includes(shape.type)) fail(`a number is given, but ${path} is ${a(describe(model, shape))}`);
    return;
  }
  if (Array.isArray(value)) {
    if (shape.type !== 'list') {
      fail(`a list is given, but ${path} is ${a(describe(model, shape))}`);
      return;
    }
    const element = model.listMember(shape);
    value.forEach((item, i) => checkValue(context, item, element, `${path}[${i}]`));
    return;
  }
  if (isRecord(value)) {
    if (shape.type === 'map') {
      for (const [key, item] of Object.entries(value)) checkValue(context, item, model.mapValue(shape), `${path}.${key}`);
      return;
    }
    if (shape.type !== 'structure') {
      fail(`a map is given, but ${path} is ${a(describe(model, shape))}`);
      return;
    }
    checkStructure(context, value, shape, path);
    return;
  }
  fail(`${path} has no value (${String(value)})`);
}

function checkStructure(context: Context, value: Record<string, unknown>, shape: Shape, path: string): void {
  const { model, step, violations } = context;
  const prefix = path === '' ? '' : `${path}.`;
  const members = model.members(shape);
  for (const [name, item] of Object.entries(value)) {
    const member = model.member(shape, name);
    if (!member) {
      violations.push({ step: step.name, member: `${prefix}${name}`, message: `${name} is not a member of ${path || 'the input'} (members: ${Object.keys(members).join(', ')})` });
      continue;
    }
    checkValue(context, item, member, `${prefix}${name}`);
  }
  for (const required of shape.raw.required ?? []) {
    if (!(required in value)) {
      violations.push({ step: step.name, member: `${prefix}${required}`, message: `${required} is required in ${path || 'the input'} but not given` });
    }
  }
  checkRoundTrip(context, value, shape, path);
}

/** A structure built from outputs read from the same shape must send all of it back. */
function checkRoundTrip(context: Context, value: Record<string, unknown>, shape: Shape, path: string): void {
  const sources = new Set<string>();
  for (const item of Object.values(value)) {
    const reference = typeof item === 'string' ? WHOLE_REFERENCE.exec(item)?.[1] : undefined;
    const selected = reference ? context.selections.get(reference) : undefined;
    if (selected?.parent && selected.parent.raw === shape.raw) sources.add(reference?.split('.')[0] ?? '');
  }
  if (sources.size === 0) return;
  const missing = Object.keys(context.model.members(shape)).filter((m) => !(m in value));
  if (missing.length > 0) {
    context.violations.push({
      step: context.step.name,
      member: path,
      message: `sends ${Object.keys(value).length} of the ${Object.keys(context.model.members(shape)).length} members of ${path} read by ${[...sources].join(', ')}: ${missing.join(', ')} missing, so the change relies on the service keeping what is not sent`,
    });
  }
}

function checkDesiredValues(context: Context, desired: unknown): void {
  const { step, violations } = context;
  if (!Array.isArray(desired) || desired.length === 0) {
    violations.push({ step: step.name, member: 'DesiredValues', message: 'DesiredValues must be a non-empty list of strings' });
    return;
  }
  desired.forEach((item, i) => {
    const member = `DesiredValues[${i}]`;
    if (typeof item !== 'string') {
      violations.push({ step: step.name, member, message: `DesiredValues holds strings only; ${JSON.stringify(item)} is ${a(typeof item)}` });
      return;
    }
    for (const match of item.matchAll(REFERENCE)) {
      const type = typeOfReference(context, match[1] as string);
      if (type !== undefined && type !== 'String') {
        violations.push({ step: step.name, member, message: `DesiredValues holds strings only; {{ ${match[1]} }} is ${a(type)}` });
      }
    }
  });
}

function checkApiStep(step: Step, models: ModelLookup, base: Omit<Context, 'model' | 'step'>): void {
  const { violations } = base;
  const service = step.inputs.Service;
  const api = step.inputs.Api;
  const model = typeof service === 'string' ? models(service) : undefined;
  if (!model) {
    violations.push({ step: step.name, member: 'Service', message: `${String(service)} is not an AWS service (botocore name)` });
    return;
  }
  const operation = typeof api === 'string' ? model.operation(api) : undefined;
  if (!operation) {
    violations.push({ step: step.name, member: 'Api', message: `${String(api)} is not an operation of ${String(service)}` });
    return;
  }
  const context: Context = { ...base, model, step };
  const property = PROPERTY_ACTIONS.includes(step.action);
  const reserved = ['Service', 'Api', ...(property ? ['PropertySelector', 'DesiredValues'] : [])];
  const input = Object.fromEntries(Object.entries(step.inputs).filter(([key]) => !reserved.includes(key)));
  checkStructure(context, input, model.resolve(operation.input), '');

  const output = model.resolve(operation.output);
  if (property) {
    const selector = step.inputs.PropertySelector;
    if (typeof selector !== 'string') {
      violations.push({ step: step.name, member: 'PropertySelector', message: 'PropertySelector must be a JSONPath string' });
    } else {
      try {
        const selected = selectShape(model, output, selector);
        if (!SCALARS.has(selected.shape.type) && !(selected.shape.type === 'list' && SCALARS.has(model.listMember(selected.shape).type))) {
          violations.push({
            step: step.name,
            member: 'PropertySelector',
            message: `${selector} selects a ${describe(model, selected.shape)}; DesiredValues are strings, and comparing a ${selected.shape.type} with them is not documented`,
          });
        }
      } catch (error) {
        if (!(error instanceof SelectorPathError)) throw error;
        violations.push({ step: step.name, member: 'PropertySelector', message: `${String(api)} output: ${error.message}` });
      }
    }
    checkDesiredValues(context, step.inputs.DesiredValues);
  }
  for (const out of step.outputs) {
    const member = `outputs.${out.name}`;
    try {
      const selected = selectShape(model, output, out.selector);
      if (!outputFits(model, selected, out.type)) {
        violations.push({
          step: step.name,
          member,
          message: `${out.selector} selects ${selected.many ? 'a list of ' : 'a '}${describe(model, selected.shape)}, which a ${out.type} output cannot hold`,
        });
      }
    } catch (error) {
      if (!(error instanceof SelectorPathError)) throw error;
      violations.push({ step: step.name, member, message: `${String(api)} output: ${error.message}` });
    }
  }
}

/** What an output's selector selects, or undefined when the step or selector is not valid (reported elsewhere). */
function selectionOf(step: Step, out: Output, models: ModelLookup): Selected | undefined {
  const service = step.inputs.Service;
  const api = step.inputs.Api;
  const model = typeof service === 'string' ? models(service) : undefined;
  const operation = model && typeof api === 'string' ? model.operation(api) : undefined;
  if (!model || !operation) return undefined;
  try {
    return selectShape(model, model.resolve(operation.output), out.selector);
  } catch (error) {
    if (error instanceof SelectorPathError) return undefined;
    throw error;
  }
}

// ---- aws:branch: each operator on the type it is documented for ------------------------------------

const OPERATOR_TYPES: Record<string, ParameterType> = {
  StringEquals: 'String',
  EqualsIgnoreCase: 'String',
  StartsWith: 'String',
  EndsWith: 'String',
  Contains: 'String',
  NumericEquals: 'Integer',
  NumericGreater: 'Integer',
  NumericLesser: 'Integer',
  NumericGreaterOrEquals: 'Integer',
  NumericLesserOrEquals: 'Integer',
  BooleanEquals: 'Boolean',
};

function literalType(value: unknown): ParameterType | undefined {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number' && Number.isInteger(value)) return 'Integer';
  return undefined;
}

function checkChoice(step: Step, choice: unknown, path: string, types: Map<string, ParameterType>, violations: Violation[]): void {
  if (!isRecord(choice)) {
    violations.push({ step: step.name, member: path, message: 'a choice must be a map' });
    return;
  }
  for (const group of ['And', 'Or'] as const) {
    const items = choice[group];
    if (Array.isArray(items)) items.forEach((item, i) => checkChoice(step, item, `${path}.${group}[${i}]`, types, violations));
  }
  if (choice.Not !== undefined) checkChoice(step, choice.Not, `${path}.Not`, types, violations);
  const operators = Object.keys(choice).filter((key) => key in OPERATOR_TYPES);
  if (operators.length === 0) return;
  const operator = operators[0] as string;
  const expected = OPERATOR_TYPES[operator] as ParameterType;
  const typeOf = (value: unknown): ParameterType | undefined => {
    const whole = typeof value === 'string' ? WHOLE_REFERENCE.exec(value)?.[1] : undefined;
    return whole !== undefined ? types.get(whole) : literalType(value);
  };
  for (const [member, value] of [
    ['Variable', choice.Variable],
    [operator, choice[operator]],
  ] as const) {
    const type = typeOf(value);
    // A string literal where a number or boolean is compared is how YAML often writes them: only a reference's type is certain.
    const reference = typeof value === 'string' && WHOLE_REFERENCE.test(value);
    if (type !== undefined && type !== expected && (reference || member === 'Variable' || expected === 'String')) {
      violations.push({ step: step.name, member: `${path}.${member}`, message: `${operator} compares ${a(expected)} (aws:branch), but ${JSON.stringify(value)} is ${a(type)}` });
    }
  }
}

function checkBranch(step: Step, types: Map<string, ParameterType>, violations: Violation[]): void {
  const choices = Array.isArray(step.inputs.Choices) ? step.inputs.Choices : [];
  choices.forEach((choice, i) => checkChoice(step, choice, `Choices[${i}]`, types, violations));
}

function referencesIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(REFERENCE)].map((m) => m[1] as string);
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (isRecord(value)) return Object.values(value).flatMap(referencesIn);
  return [];
}

function checkReferences(decoded: Decoded, document: unknown, outputTypes: Map<string, ParameterType>): Violation[] {
  const { steps, types } = decoded;
  const violations: Violation[] = [];
  const byName = new Map(steps.map((s) => [s.name, s]));
  const edges = new Map(steps.map((s) => [s.name, edgesOf(s, steps)]));
  for (const step of steps) {
    for (const target of [...(edges.get(step.name)?.success ?? []), ...(edges.get(step.name)?.failure ?? [])]) {
      if (!byName.has(target)) violations.push({ step: step.name, member: 'nextStep', message: `there is no step ${target}` });
    }
    for (const reference of new Set(referencesIn(step.inputs))) {
      if (types.has(reference)) continue;
      const [producerName, outputName] = reference.split('.');
      const producer = producerName ? byName.get(producerName) : undefined;
      const output = producer?.outputs.find((o) => o.name === outputName);
      if (!producer || !output || outputName === undefined || reference.split('.').length !== 2) {
        violations.push({ step: step.name, member: `{{ ${reference} }}`, message: `{{ ${reference} }} is no parameter, variable, global or step output` });
      } else if (producer === step || reachableWithout(producer, step, steps, edges)) {
        violations.push({
          step: step.name,
          member: `{{ ${reference} }}`,
          message: `{{ ${reference} }} is read on a path where ${producer.name} has not succeeded`,
        });
      }
    }
  }
  const outputs = isRecord(document) && Array.isArray(document.outputs) ? document.outputs : [];
  for (const name of outputs) {
    if (typeof name !== 'string' || !(types.has(name) || outputTypes.has(name))) {
      violations.push({ step: '(document)', member: `outputs.${String(name)}`, message: `the document output ${String(name)} is no step output` });
    }
  }
  return violations;
}

/** Every violation of `document` against the service models, in step order. */
export function checkRunbook(document: unknown, models: ModelLookup): Violation[] {
  const decoded = decode(document);
  const violations = [...decoded.violations];
  // Outputs are typed and selected before any input is judged: a step may read an output of a later-listed step.
  const outputTypes = new Map<string, ParameterType>();
  const selections = new Map<string, Selected>();
  for (const step of decoded.steps) {
    for (const out of step.outputs) {
      outputTypes.set(`${step.name}.${out.name}`, out.type);
      const selected = selectionOf(step, out, models);
      if (selected) selections.set(`${step.name}.${out.name}`, selected);
    }
  }
  const types = new Map([...decoded.types, ...outputTypes]);
  for (const step of decoded.steps) {
    if ((API_ACTIONS as readonly string[]).includes(step.action)) {
      checkApiStep(step, models, { types, selections, violations });
    } else if (step.action === 'aws:executeScript') {
      // The script's return value is the step's Payload (automation-action-executeScript).
      for (const out of step.outputs.filter((o) => !/^\$\.Payload(\.|\[|$)/.test(o.selector))) {
        violations.push({ step: step.name, member: `outputs.${out.name}`, message: `an aws:executeScript output selects from $.Payload, not ${out.selector}` });
      }
    } else if (step.outputs.length > 0) {
      violations.push({ step: step.name, member: 'outputs', message: `${step.action} has no user-defined outputs` });
    }
  }
  for (const step of decoded.steps) if (step.action === 'aws:branch') checkBranch(step, types, violations);
  violations.push(...checkReferences(decoded, document, outputTypes));
  return violations;
}
