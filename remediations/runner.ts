/**
 * A local SSM Automation runner: executes schemaVersion 0.3 runbooks through any clients with the SDK v3
 * `send(command)` method, implementing only the SSM behaviour that AWS documents (each cited in
 * test/remediations/conventions.test.ts) and refusing the rest with a named error:
 *
 * - at load (`validateDocument`, as CreateDocument would): unknown keys, attributes a parameter type does
 *   not take, defaults of the wrong type (a quoted Integer), invalid or duplicate step names, unknown
 *   targets, loops, And/Or/Not nested beyond the documented forms;
 * - at run time (the step fails, as it would in SSM): a reference to an output that was not produced
 *   (UnresolvedReferenceError), a value of the wrong type for an API input (checked against the shape the
 *   SDK ships), a branch operator or DesiredValues (AutomationTypeError), and what the documentation does
 *   not describe (UndocumentedBehaviourError).
 *
 * `{{ Param }}`, `{{ Step.Output }}`, `{{ variable:Name }}` and `{{ global:ACCOUNT_ID|REGION|AWS_PARTITION }}`
 * are substituted; a value that is exactly one reference keeps its type; a reference inside a longer string
 * must be a String, Integer or Boolean. Outputs are typed and never converted: a selected value must already
 * be of the declared type. `onFailure` is Abort (default), Continue or `step:Name`; `isCritical: false` keeps
 * a failed step from failing the automation. aws:executeScript runs real Python (see script.ts).
 * The clock is injectable: with a virtual clock, waits take no wall time.
 */
import { commandFor } from './services';
import { select } from './selector';
import { BOOLEAN_OPERATORS, NUMERIC_OPERATORS, STRING_OPERATORS, validateDocument } from './document';
import type { AutomationDocument, AutomationStep, OutputType } from './document';
import { defaultScriptEngine } from './script';
import { inputProblems } from './input-types';
import type { ScriptEngine } from './script';

export type { AutomationDocument, AutomationParameterDefinition, AutomationStep, OutputType, StepOutputDefinition } from './document';
export { DocumentValidationError, validateDocument } from './document';

export type AutomationStatus = 'Success' | 'Failed' | 'TimedOut';
export type StepStatus = 'Success' | 'Failed' | 'TimedOut';

/** Anything with the SDK v3 `send(command)` method. */
export interface CommandSender {
  send(command: never): Promise<unknown>;
}

/** Gives the client for an SSM service name (`rds`, `neptune`, `dms`), or undefined when there is none. */
export type ClientFactory = (service: string) => CommandSender | undefined;

export interface Clock {
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export interface RunnerOptions {
  clientFor: ClientFactory;
  clock?: Clock;
  /** Seconds between polls of aws:waitForAwsResourceProperty (default 10). */
  pollIntervalSeconds?: number;
  globals?: { accountId?: string; region?: string; partition?: string };
  /** Where aws:executeScript runs (default: python3, else Pyodide). */
  scriptEngine?: ScriptEngine;
  /** Called as each step starts: a test may throw here to make that step fail (fault injection). */
  beforeStep?: (step: AutomationStep) => void;
}

export interface StepResult {
  name: string;
  action: string;
  status: StepStatus;
  outputs: Record<string, unknown>;
  failureMessage?: string;
  /** The name of the error that failed the step, e.g. UnresolvedReferenceError. */
  errorName?: string;
  /** For aws:branch, the step it chose. */
  nextStep?: string;
}

export interface AutomationResult {
  status: AutomationStatus;
  /** The document's `outputs` that were produced, by `Step.Output` name. */
  outputs: Record<string, unknown>;
  stepResults: StepResult[];
  failureMessage?: string;
  failedStep?: string;
}

export class AutomationParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AutomationParameterError';
  }
}

/** Why a step failed; the subclasses name failures SSM would have for the same runbook. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly status: StepStatus = 'Failed',
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

export class UnresolvedReferenceError extends StepFailure {
  constructor(message: string) {
    super(message);
    this.name = 'UnresolvedReferenceError';
  }
}

export class AutomationTypeError extends StepFailure {
  constructor(message: string) {
    super(message);
    this.name = 'AutomationTypeError';
  }
}

export class UndocumentedBehaviourError extends StepFailure {
  constructor(message: string) {
    super(message);
    this.name = 'UndocumentedBehaviourError';
  }
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock whose time moves only when someone sleeps: waits resolve at once. */
export function virtualClock(start = 0): Clock {
  let time = start;
  return {
    now: () => time,
    sleep: (ms) => {
      time += ms;
      return Promise.resolve();
    },
  };
}

const DEFAULT_WAIT_TIMEOUT_SECONDS = 3600;
const REFERENCE = /\{\{\s*([A-Za-z0-9_:.-]+)\s*\}\}/g;
const WHOLE_REFERENCE = /^\{\{\s*([A-Za-z0-9_:.-]+)\s*\}\}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** How SSM writes a scalar as a string: booleans as True/False (documented for DesiredValues). */
export function ssmString(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}

/** The SSM type of a JSON value, or undefined when it is none of them. */
export function typeOf(value: unknown): OutputType | undefined {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number' && Number.isInteger(value)) return 'Integer';
  if (typeof value === 'boolean') return 'Boolean';
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return 'StringList';
    if (value.every(isRecord)) return 'MapList';
    return undefined;
  }
  if (isRecord(value)) return 'StringMap';
  return undefined;
}

/** The value, when it is of `type` (an empty list is both lists); else an AutomationTypeError: SSM documents no conversion. */
export function ensureType(value: unknown, type: OutputType): unknown {
  const actual = typeOf(value);
  if (actual === type || (Array.isArray(value) && value.length === 0 && (type === 'StringList' || type === 'MapList'))) return value;
  throw new AutomationTypeError(`the value ${ssmString(value)} is ${actual ?? 'of no SSM type'}, not ${type}`);
}

/** A parameter as given to StartAutomationExecution (strings, as the API takes them) in its declared type. */
function parameterValue(raw: unknown, type: OutputType): unknown {
  const single: unknown = Array.isArray(raw) && raw.length === 1 && type !== 'StringList' && type !== 'MapList' ? raw[0] : raw;
  if (type === 'Integer' && typeof single === 'string' && /^-?\d+$/.test(single)) return Number(single);
  if (type === 'Boolean' && typeof single === 'string' && /^(true|false)$/i.test(single)) return single.toLowerCase() === 'true';
  if (type === 'StringList' && typeof single === 'string') return [single];
  return ensureType(single, type);
}

/** The response as boto3 gives it to Automation: JSON, timestamps as strings, no SDK metadata. */
function asJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(asJson);
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).filter(([k, v]) => k !== '$metadata' && v !== undefined).map(([k, v]) => [k, asJson(v)]));
  }
  return value;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

class Execution {
  private readonly values = new Map<string, unknown>();
  /** Outputs whose selector matched nothing: reading one later fails, naming why. */
  private readonly notProduced = new Map<string, string>();
  private readonly clock: Clock;
  private readonly scripts: ScriptEngine;

  constructor(
    private readonly document: AutomationDocument,
    private readonly options: RunnerOptions,
  ) {
    this.clock = options.clock ?? realClock;
    this.scripts = options.scriptEngine ?? defaultScriptEngine();
  }

  bindParameters(given: Record<string, unknown>): void {
    const definitions = this.document.parameters ?? {};
    for (const name of Object.keys(given)) {
      if (!(name in definitions)) throw new AutomationParameterError(`unknown parameter ${name}`);
    }
    for (const [name, definition] of Object.entries(definitions)) {
      const raw = given[name] ?? definition.default;
      if (raw === undefined) throw new AutomationParameterError(`parameter ${name} is required`);
      let value: unknown;
      try {
        value = parameterValue(raw, definition.type);
      } catch (error) {
        throw new AutomationParameterError(`parameter ${name}: ${(error as Error).message}`);
      }
      if (definition.allowedPattern !== undefined) {
        for (const item of Array.isArray(value) ? value : [value]) {
          if (!new RegExp(definition.allowedPattern).test(ssmString(item))) {
            throw new AutomationParameterError(`parameter ${name}: ${ssmString(item)} does not match ${definition.allowedPattern}`);
          }
        }
      }
      if (definition.allowedValues && !definition.allowedValues.map(ssmString).includes(ssmString(value))) {
        throw new AutomationParameterError(`parameter ${name}: ${ssmString(value)} is not one of ${definition.allowedValues.map(ssmString).join(', ')}`);
      }
      this.values.set(name, value);
    }
    for (const [name, variable] of Object.entries(this.document.variables ?? {})) {
      if (variable.default !== undefined) this.values.set(`variable:${name}`, ensureType(variable.default, variable.type));
    }
    const globals = this.options.globals ?? {};
    if (globals.accountId) this.values.set('global:ACCOUNT_ID', globals.accountId);
    if (globals.region) this.values.set('global:REGION', globals.region);
    this.values.set('global:AWS_PARTITION', globals.partition ?? 'aws');
  }

  resolve(reference: string): unknown {
    if (this.values.has(reference)) return this.values.get(reference);
    const why = this.notProduced.get(reference);
    if (why) throw new UnresolvedReferenceError(`{{ ${reference} }} was not produced: ${why}`);
    throw new UnresolvedReferenceError(`{{ ${reference} }} is not defined (no such parameter, variable or output)`);
  }

  substitute(value: unknown): unknown {
    if (typeof value === 'string') {
      const whole = WHOLE_REFERENCE.exec(value);
      if (whole?.[1]) return structuredClone(this.resolve(whole[1]));
      return value.replace(REFERENCE, (_match, reference: string) => {
        const resolved = this.resolve(reference);
        const type = typeOf(resolved);
        if (type !== 'String' && type !== 'Integer' && type !== 'Boolean') {
          throw new AutomationTypeError(`{{ ${reference} }} is a ${type ?? 'value of no SSM type'}: only a String, Integer or Boolean can be written inside a string`);
        }
        return ssmString(resolved);
      });
    }
    if (Array.isArray(value)) return value.map((v) => this.substitute(v));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.substitute(v)]));
    return value;
  }

  async run(): Promise<AutomationResult> {
    const steps = this.document.mainSteps;
    const stepResults: StepResult[] = [];
    let status: AutomationStatus = 'Success';
    let failureMessage: string | undefined;
    let failedStep: string | undefined;
    let index = 0;
    const indexOf = (name: string): number => steps.findIndex((s) => s.name === name);

    while (index >= 0 && index < steps.length) {
      const step = steps[index];
      if (!step) break;
      const result = await this.runStep(step);
      stepResults.push(result);
      let next: number | 'end';
      if (result.status === 'Success') {
        if (result.nextStep) next = indexOf(result.nextStep);
        else if (step.isEnd) next = 'end';
        else if (step.nextStep) next = indexOf(step.nextStep);
        else next = index + 1;
      } else {
        const critical = step.isCritical !== false;
        const onFailure = step.onFailure ?? 'Abort';
        if (critical && status === 'Success') {
          status = result.status === 'TimedOut' ? 'TimedOut' : 'Failed';
          failureMessage = `Step ${step.name} failed: ${result.failureMessage ?? 'unknown failure'}`;
          failedStep = step.name;
        }
        if (onFailure === 'Abort') next = 'end';
        else if (onFailure === 'Continue') next = step.isEnd ? 'end' : step.nextStep ? indexOf(step.nextStep) : index + 1;
        else next = indexOf(onFailure.slice('step:'.length));
      }
      if (next === 'end') break;
      index = next;
    }

    const outputs: Record<string, unknown> = {};
    for (const name of this.document.outputs ?? []) {
      if (this.values.has(name)) outputs[name] = this.values.get(name);
    }
    return { status, outputs, stepResults, ...(failureMessage ? { failureMessage, failedStep } : {}) };
  }

  private async runStep(step: AutomationStep): Promise<StepResult> {
    const attempts = Math.max(1, step.maxAttempts ?? 1);
    let last: StepResult | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      last = await this.attemptStep(step);
      if (last.status === 'Success') return last;
    }
    return last as StepResult;
  }

  private async attemptStep(step: AutomationStep): Promise<StepResult> {
    const base = { name: step.name, action: step.action };
    try {
      this.options.beforeStep?.(step);
      switch (step.action) {
        case 'aws:executeAwsApi': {
          const response = await this.callApi(step.inputs);
          return { ...base, status: 'Success', outputs: this.recordOutputs(step, response) };
        }
        case 'aws:assertAwsResourceProperty': {
          const desired = this.desiredValues(step.inputs);
          const response = await this.callApi(step.inputs, ['PropertySelector', 'DesiredValues']);
          const check = this.checkProperty(step.inputs, response, desired);
          if (!check.ok) throw new StepFailure(check.message);
          return { ...base, status: 'Success', outputs: {} };
        }
        case 'aws:waitForAwsResourceProperty':
          await this.waitFor(step);
          return { ...base, status: 'Success', outputs: {} };
        case 'aws:branch':
          return { ...base, status: 'Success', outputs: {}, nextStep: this.branch(step.inputs) };
        case 'aws:executeScript': {
          const payload = this.substitute(step.inputs.InputPayload ?? {});
          const result = await this.scripts.run(ssmString(step.inputs.Script), ssmString(step.inputs.Handler), payload);
          return { ...base, status: 'Success', outputs: this.recordOutputs(step, { Payload: result }) };
        }
        case 'aws:updateVariable': {
          const name = ssmString(step.inputs.Name);
          const declared = this.document.variables?.[name.replace(/^variable:/, '')];
          if (!name.startsWith('variable:') || !declared) throw new StepFailure(`${name} is not a declared variable:<name>`);
          const value = this.substitute(step.inputs.Value);
          this.values.set(name, ensureType(value, declared.type));
          return { ...base, status: 'Success', outputs: {} };
        }
        default:
          throw new UndocumentedBehaviourError(`the local runner does not support ${step.action}`);
      }
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure(error instanceof Error && error.name === 'ScriptError' ? error.message : describeError(error));
      const errorName = error instanceof Error && !(error instanceof StepFailure) ? error.name : failure.name;
      return { ...base, status: failure.status, outputs: {}, failureMessage: failure.message, errorName };
    }
  }

  private async callApi(inputs: Record<string, unknown>, reserved: string[] = []): Promise<unknown> {
    const service = ssmString(inputs.Service);
    const api = ssmString(inputs.Api);
    const Command = commandFor(service, api);
    if (!Command) throw new StepFailure(`the AWS SDK has no operation ${api} for service ${service}`);
    const client = this.options.clientFor(service);
    if (!client) throw new StepFailure(`no client for service ${service}`);
    const parameters: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs)) {
      if (key === 'Service' || key === 'Api' || reserved.includes(key)) continue;
      parameters[key] = this.substitute(value);
    }
    const command = new Command(parameters);
    const problems = inputProblems(command, parameters);
    if (problems.length > 0) throw new AutomationTypeError(`${service} ${api} refuses its inputs: ${problems.join('; ')}`);
    return asJson(await client.send(command as never));
  }

  private recordOutputs(step: AutomationStep, response: unknown): Record<string, unknown> {
    const outputs: Record<string, unknown> = {};
    for (const output of step.outputs ?? []) {
      const key = `${step.name}.${output.Name}`;
      const selection = select(response, output.Selector);
      if (!selection.found) {
        this.notProduced.set(key, `the selector ${output.Selector} of step ${step.name} matched nothing`);
        continue;
      }
      const value = ensureType(selection.value, output.Type);
      outputs[output.Name] = value;
      this.values.set(key, value);
    }
    return outputs;
  }

  /** DesiredValues is a list of strings; SSM converts nothing into it (an Integer parameter there fails). */
  private desiredValues(inputs: Record<string, unknown>): string[] {
    const desired = this.substitute(inputs.DesiredValues);
    if (!Array.isArray(desired) || desired.length === 0) throw new AutomationTypeError('DesiredValues must be a non-empty list of strings');
    return desired.map((value) => {
      if (typeof value !== 'string') throw new AutomationTypeError(`DesiredValues holds ${JSON.stringify(value)}, a ${typeOf(value) ?? 'value'}: it takes strings only`);
      return value;
    });
  }

  private checkProperty(inputs: Record<string, unknown>, response: unknown, desired: string[]): { ok: boolean; message: string } {
    const selector = ssmString(inputs.PropertySelector);
    const selection = select(response, selector);
    const expected = `expected one of ${JSON.stringify(desired)}`;
    if (!selection.found) return { ok: false, message: `${selector} has no value in the ${ssmString(inputs.Api)} response; ${expected}` };
    const value = selection.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new UndocumentedBehaviourError(`${selector} selects a ${typeOf(value) ?? 'value'}: comparing a map or a list with DesiredValues is not documented`);
    }
    return { ok: desired.includes(ssmString(value)), message: `${selector} is ${JSON.stringify(ssmString(value))}; ${expected}` };
  }

  private async waitFor(step: AutomationStep): Promise<void> {
    const timeoutMs = (step.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS) * 1000;
    const pollMs = (this.options.pollIntervalSeconds ?? 10) * 1000;
    const desired = this.desiredValues(step.inputs);
    const started = this.clock.now();
    for (;;) {
      const response = await this.callApi(step.inputs, ['PropertySelector', 'DesiredValues']);
      const check = this.checkProperty(step.inputs, response, desired);
      if (check.ok) return;
      if (this.clock.now() - started + pollMs > timeoutMs) {
        throw new StepFailure(`timed out after ${timeoutMs / 1000} s: ${check.message}`, 'TimedOut');
      }
      await this.clock.sleep(pollMs);
    }
  }

  private branch(inputs: Record<string, unknown>): string | undefined {
    const choices = inputs.Choices as Record<string, unknown>[];
    for (const choice of choices) {
      if (this.evaluate(choice)) return ssmString(choice.NextStep);
    }
    return inputs.Default === undefined ? undefined : ssmString(inputs.Default);
  }

  /** Evaluates a choice in one of its documented forms (validateDocument refused the others at load). */
  private evaluate(condition: Record<string, unknown>): boolean {
    if (Array.isArray(condition.And)) return (condition.And as Record<string, unknown>[]).every((c) => this.evaluate(c));
    if (Array.isArray(condition.Or)) return (condition.Or as Record<string, unknown>[]).some((c) => this.evaluate(c));
    if (isRecord(condition.Not)) return !this.evaluate(condition.Not);
    const reference = WHOLE_REFERENCE.exec(ssmString(condition.Variable))?.[1];
    if (!reference) throw new UndocumentedBehaviourError(`Variable ${ssmString(condition.Variable)} must be one {{ parameter }} or {{ Step.Output }}`);
    const variable = this.resolve(reference);
    const operator = Object.keys(condition).find((k) => k !== 'Variable' && k !== 'NextStep') as string;
    const operand = condition[operator];
    if (typeof operand === 'string' && operand.includes('{{')) {
      throw new UndocumentedBehaviourError(`${operator}: ${operand}: the documentation compares a Variable with a literal value only`);
    }
    const expect = (kind: OutputType, operandType: string): void => {
      if (typeOf(variable) !== kind) {
        throw new AutomationTypeError(`${operator} is a ${kind === 'String' ? 'String' : kind === 'Integer' ? 'Numeric' : 'Boolean'} operation, but {{ ${reference} }} is a ${typeOf(variable) ?? 'value of no SSM type'}`);
      }
      if (typeof operand !== operandType) throw new AutomationTypeError(`${operator} needs a ${operandType} value, got ${JSON.stringify(operand)}`);
    };
    if (STRING_OPERATORS.includes(operator)) {
      expect('String', 'string');
      const [a, b] = [variable as string, operand as string];
      if (operator === 'StringEquals') return a === b;
      if (operator === 'EqualsIgnoreCase') return a.toLowerCase() === b.toLowerCase();
      if (operator === 'StartsWith') return a.startsWith(b);
      if (operator === 'EndsWith') return a.endsWith(b);
      return a.includes(b);
    }
    if (NUMERIC_OPERATORS.includes(operator)) {
      expect('Integer', 'number');
      const [a, b] = [variable as number, operand as number];
      if (operator === 'NumericEquals') return a === b;
      if (operator === 'NumericGreater') return a > b;
      if (operator === 'NumericLesser') return a < b;
      if (operator === 'NumericGreaterOrEquals') return a >= b;
      return a <= b;
    }
    if (BOOLEAN_OPERATORS.includes(operator)) {
      expect('Boolean', 'boolean');
      return variable === operand;
    }
    throw new UndocumentedBehaviourError(`unsupported branch operator ${operator}`);
  }
}

/**
 * Executes `document` with `parameters`. The document is checked first as CreateDocument would
 * (DocumentValidationError); invalid parameters are refused with AutomationParameterError before any step runs.
 */
export async function runAutomation(
  document: AutomationDocument,
  parameters: Record<string, unknown>,
  options: RunnerOptions,
): Promise<AutomationResult> {
  validateDocument(document);
  const execution = new Execution(document, options);
  execution.bindParameters(parameters);
  return execution.run();
}
