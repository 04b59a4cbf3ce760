/**
 * A local SSM Automation runner: executes schemaVersion 0.3 runbooks through real AWS SDK v3 clients,
 * with SSM's semantics for the actions our runbooks use.
 *
 * - `{{ Param }}`, `{{ Step.Output }}`, `{{ variable:Name }}` and `{{ global:ACCOUNT_ID|REGION|AWS_PARTITION }}`
 *   are substituted; a value that is exactly one reference keeps its type (list, map, boolean, number).
 *   A reference to an output that was not produced fails the step, as SSM does.
 * - Selectors are the JSONPath subset of `selector.ts`; outputs are typed String, Integer, Boolean,
 *   StringList, StringMap or MapList with SSM's conversions; an output whose selector matches nothing is
 *   not produced.
 * - `DesiredValues` compare as strings; booleans are written `True` / `False`; maps and lists as JSON
 *   (`{}` is an empty map). A list-valued property matches when it is non-empty and every element does.
 * - `onFailure` is Abort (default), Continue or `step:Name`; `isCritical: false` keeps a failed step from
 *   failing the automation; `isEnd`, `nextStep`, `maxAttempts` and `timeoutSeconds` (waits: 3600 s by default).
 * - The clock is injectable: with a virtual clock, waits take no wall time and a wait that never succeeds
 *   fails by its timeout at once.
 */
import { commandFor } from './services';
import { select } from './selector';

export type AutomationStatus = 'Success' | 'Failed' | 'TimedOut';
export type StepStatus = 'Success' | 'Failed' | 'TimedOut';
export type OutputType = 'String' | 'Integer' | 'Boolean' | 'StringList' | 'StringMap' | 'MapList';

export interface AutomationParameterDefinition {
  type: OutputType;
  description?: string;
  default?: unknown;
  allowedPattern?: string;
  allowedValues?: unknown[];
}

export interface StepOutputDefinition {
  Name: string;
  Selector: string;
  Type?: OutputType;
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

/** Anything with the SDK v3 `send(command)` method. */
export interface CommandSender {
  send(command: never): Promise<unknown>;
}

export interface Clock {
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export interface RunnerOptions {
  /** An SDK client per SSM service name (`rds`, `neptune`, `dms`). */
  clients: Record<string, CommandSender>;
  clock?: Clock;
  /** Seconds between polls of aws:waitForAwsResourceProperty (default 10). */
  pollIntervalSeconds?: number;
  globals?: { accountId?: string; region?: string; partition?: string };
  /** Guard against runbooks that loop: the most steps one execution may run (default 200). */
  maxStepExecutions?: number;
}

export interface StepResult {
  name: string;
  action: string;
  status: StepStatus;
  outputs: Record<string, unknown>;
  failureMessage?: string;
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

class StepFailure extends Error {
  constructor(
    message: string,
    readonly status: StepStatus = 'Failed',
  ) {
    super(message);
    this.name = 'StepFailure';
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

/** How SSM writes a value as a string: booleans as True/False, maps and lists as JSON. */
export function ssmString(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}

function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/** Converts a selected value to an output or parameter type, with SSM's conversions. */
export function convert(value: unknown, type: OutputType): unknown {
  const single: unknown = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
  switch (type) {
    case 'String':
      if (isRecord(single) || Array.isArray(single)) break;
      return ssmString(single);
    case 'Integer': {
      const n = typeof single === 'number' ? single : typeof single === 'string' && /^-?\d+$/.test(single) ? Number(single) : NaN;
      if (Number.isInteger(n)) return n;
      break;
    }
    case 'Boolean': {
      const b = toBoolean(single);
      if (b !== undefined) return b;
      break;
    }
    case 'StringList': {
      const list = Array.isArray(value) ? value : [value];
      if (list.every((v) => !isRecord(v) && !Array.isArray(v))) return list.map(ssmString);
      break;
    }
    case 'StringMap':
      if (isRecord(single)) return single;
      break;
    case 'MapList':
      if (Array.isArray(value) && value.every(isRecord)) return value;
      break;
  }
  throw new StepFailure(`the value ${ssmString(value)} cannot be converted to ${type}`);
}

/** A document field as a string (documents are parsed YAML: anything may be anywhere). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : ssmString(value);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

class Execution {
  private readonly values = new Map<string, unknown>();
  private readonly clock: Clock;

  constructor(
    private readonly document: AutomationDocument,
    private readonly options: RunnerOptions,
  ) {
    this.clock = options.clock ?? realClock;
  }

  bindParameters(given: Record<string, unknown>): void {
    const definitions = this.document.parameters ?? {};
    for (const name of Object.keys(given)) {
      if (!(name in definitions)) throw new AutomationParameterError(`unknown parameter ${name}`);
    }
    for (const [name, definition] of Object.entries(definitions)) {
      const raw = given[name] ?? definition.default;
      if (raw === undefined) throw new AutomationParameterError(`parameter ${name} is required`);
      if (definition.allowedPattern !== undefined) {
        const values = Array.isArray(raw) ? raw : [raw];
        for (const value of values) {
          if (!new RegExp(definition.allowedPattern).test(ssmString(value))) {
            throw new AutomationParameterError(`parameter ${name}: ${ssmString(value)} does not match ${definition.allowedPattern}`);
          }
        }
      }
      if (definition.allowedValues && !definition.allowedValues.map(ssmString).includes(ssmString(raw))) {
        throw new AutomationParameterError(`parameter ${name}: ${ssmString(raw)} is not one of ${definition.allowedValues.map(ssmString).join(', ')}`);
      }
      let value: unknown;
      try {
        value = convert(raw, definition.type);
      } catch (error) {
        throw new AutomationParameterError(`parameter ${name}: ${(error as Error).message}`);
      }
      this.values.set(name, value);
    }
    for (const [name, variable] of Object.entries(this.document.variables ?? {})) {
      if (variable.default !== undefined) this.values.set(`variable:${name}`, convert(variable.default, variable.type));
    }
    const globals = this.options.globals ?? {};
    if (globals.accountId) this.values.set('global:ACCOUNT_ID', globals.accountId);
    if (globals.region) this.values.set('global:REGION', globals.region);
    this.values.set('global:AWS_PARTITION', globals.partition ?? 'aws');
  }

  resolve(reference: string): unknown {
    if (!this.values.has(reference)) {
      throw new StepFailure(`failed to resolve {{ ${reference} }}: it is not defined (no such parameter, or the output was not produced)`);
    }
    return this.values.get(reference);
  }

  substitute(value: unknown): unknown {
    if (typeof value === 'string') {
      const whole = WHOLE_REFERENCE.exec(value);
      if (whole?.[1]) return structuredClone(this.resolve(whole[1]));
      return value.replace(REFERENCE, (_match, reference: string) => ssmString(this.resolve(reference)));
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
    let executed = 0;
    const limit = this.options.maxStepExecutions ?? 200;
    const indexOf = (name: string): number => {
      const found = steps.findIndex((s) => s.name === name);
      if (found < 0) throw new StepFailure(`there is no step named ${name}`);
      return found;
    };

    while (index < steps.length) {
      const step = steps[index];
      if (!step) break;
      executed += 1;
      if (executed > limit) {
        status = 'Failed';
        failureMessage = `stopped after ${limit} step executions: the runbook loops`;
        break;
      }
      const result = await this.runStep(step);
      stepResults.push(result);
      let next: number | 'end';
      try {
        if (result.status === 'Success') {
          if (result.nextStep) next = indexOf(result.nextStep);
          else if (step.isEnd) next = 'end';
          else if (step.nextStep) next = indexOf(step.nextStep);
          else next = index + 1;
        } else {
          const critical = step.isCritical !== false;
          const onFailure = step.onFailure ?? 'Abort';
          if (critical && (status === 'Success' || onFailure === 'Abort')) {
            status = result.status === 'TimedOut' ? 'TimedOut' : 'Failed';
            failureMessage = `Step ${step.name} failed: ${result.failureMessage ?? 'unknown failure'}`;
            failedStep = step.name;
          }
          if (onFailure === 'Abort') next = 'end';
          else if (onFailure === 'Continue') next = step.isEnd ? 'end' : step.nextStep ? indexOf(step.nextStep) : index + 1;
          else if (onFailure.startsWith('step:')) next = indexOf(onFailure.slice('step:'.length));
          else throw new StepFailure(`unsupported onFailure ${onFailure}`);
        }
      } catch (error) {
        status = 'Failed';
        failureMessage = `Step ${step.name}: ${(error as Error).message}`;
        failedStep = step.name;
        break;
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
      switch (step.action) {
        case 'aws:executeAwsApi': {
          const response = await this.callApi(step.inputs);
          const outputs = this.recordOutputs(step, response);
          return { ...base, status: 'Success', outputs };
        }
        case 'aws:assertAwsResourceProperty': {
          const response = await this.callApi(step.inputs, ['PropertySelector', 'DesiredValues']);
          const check = this.checkProperty(step.inputs, response);
          if (!check.ok) throw new StepFailure(check.message);
          return { ...base, status: 'Success', outputs: {} };
        }
        case 'aws:waitForAwsResourceProperty':
          await this.waitFor(step);
          return { ...base, status: 'Success', outputs: {} };
        case 'aws:branch':
          return { ...base, status: 'Success', outputs: {}, nextStep: this.branch(step.inputs) };
        case 'aws:updateVariable': {
          const name = text(step.inputs.Name);
          if (!name.startsWith('variable:')) throw new StepFailure(`Name must be variable:<name>, got ${name}`);
          const declared = this.document.variables?.[name.slice('variable:'.length)];
          if (!declared) throw new StepFailure(`${name} is not declared in variables`);
          this.values.set(name, convert(this.substitute(step.inputs.Value), declared.type));
          return { ...base, status: 'Success', outputs: {} };
        }
        case 'aws:sleep':
          await this.clock.sleep(0);
          return { ...base, status: 'Success', outputs: {} };
        default:
          throw new StepFailure(`the local runner does not support ${step.action}`);
      }
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure(describeError(error));
      return { ...base, status: failure.status, outputs: {}, failureMessage: failure.message };
    }
  }

  private async callApi(inputs: Record<string, unknown>, reserved: string[] = []): Promise<unknown> {
    const service = text(inputs.Service);
    const api = text(inputs.Api);
    const Command = commandFor(service, api);
    if (!Command) throw new StepFailure(`the AWS SDK has no operation ${api} for service ${service}`);
    const client = this.options.clients[service];
    if (!client) throw new StepFailure(`no client for service ${service}`);
    const parameters: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs)) {
      if (key === 'Service' || key === 'Api' || reserved.includes(key)) continue;
      parameters[key] = this.substitute(value);
    }
    const response = (await client.send(new Command(parameters) as never)) as Record<string, unknown>;
    // The response as boto3 would give it to Automation: no SDK metadata.
    const body = { ...response };
    delete body.$metadata;
    return body;
  }

  private recordOutputs(step: AutomationStep, response: unknown): Record<string, unknown> {
    const outputs: Record<string, unknown> = {};
    for (const output of step.outputs ?? []) {
      const selection = select(response, output.Selector);
      if (!selection.found) continue;
      const value = convert(selection.value, output.Type ?? 'String');
      outputs[output.Name] = value;
      this.values.set(`${step.name}.${output.Name}`, value);
    }
    return outputs;
  }

  private checkProperty(inputs: Record<string, unknown>, response: unknown): { ok: boolean; message: string } {
    const selector = text(inputs.PropertySelector);
    const desired = (this.substitute(inputs.DesiredValues) as unknown[] | undefined)?.map(ssmString) ?? [];
    const selection = select(response, selector);
    const expected = `expected one of ${JSON.stringify(desired)}`;
    if (!selection.found) return { ok: false, message: `${selector} has no value in the ${text(inputs.Api)} response; ${expected}` };
    const value = selection.value;
    const ok = Array.isArray(value)
      ? value.length > 0 && value.every((v) => desired.includes(ssmString(v)))
      : desired.includes(ssmString(value));
    return { ok, message: `${selector} is ${JSON.stringify(Array.isArray(value) ? value.map(ssmString) : ssmString(value))}; ${expected}` };
  }

  private async waitFor(step: AutomationStep): Promise<void> {
    const timeoutMs = (step.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS) * 1000;
    const pollMs = (this.options.pollIntervalSeconds ?? 10) * 1000;
    const started = this.clock.now();
    for (;;) {
      const response = await this.callApi(step.inputs, ['PropertySelector', 'DesiredValues']);
      const check = this.checkProperty(step.inputs, response);
      if (check.ok) return;
      if (this.clock.now() - started + pollMs > timeoutMs) {
        throw new StepFailure(`timed out after ${timeoutMs / 1000} s: ${check.message}`, 'TimedOut');
      }
      await this.clock.sleep(pollMs);
    }
  }

  private branch(inputs: Record<string, unknown>): string | undefined {
    const choices = (inputs.Choices ?? []) as Record<string, unknown>[];
    for (const choice of choices) {
      if (this.evaluate(choice)) return text(choice.NextStep);
    }
    return inputs.Default === undefined ? undefined : text(inputs.Default);
  }

  private evaluate(condition: Record<string, unknown>): boolean {
    if (Array.isArray(condition.And)) return (condition.And as Record<string, unknown>[]).every((c) => this.evaluate(c));
    if (Array.isArray(condition.Or)) return (condition.Or as Record<string, unknown>[]).some((c) => this.evaluate(c));
    if (isRecord(condition.Not)) return !this.evaluate(condition.Not);
    const variable = this.substitute(condition.Variable);
    const operators = Object.keys(condition).filter((k) => k !== 'Variable' && k !== 'NextStep');
    const operator = operators[0];
    if (operators.length !== 1 || operator === undefined) throw new StepFailure(`a choice needs exactly one operator, got ${operators.join(', ') || 'none'}`);
    const operand = this.substitute(condition[operator]);
    const text = ssmString(variable);
    const other = ssmString(operand);
    const number = (v: unknown): number => {
      const n = Number(ssmString(v));
      if (Number.isNaN(n)) throw new StepFailure(`${ssmString(v)} is not a number`);
      return n;
    };
    switch (operator) {
      case 'StringEquals':
        return text === other;
      case 'EqualsIgnoreCase':
        return text.toLowerCase() === other.toLowerCase();
      case 'StartsWith':
        return text.startsWith(other);
      case 'EndsWith':
        return text.endsWith(other);
      case 'Contains':
        return Array.isArray(variable) ? variable.map(ssmString).includes(other) : text.includes(other);
      case 'BooleanEquals': {
        const a = toBoolean(variable);
        const b = toBoolean(operand);
        if (a === undefined || b === undefined) throw new StepFailure(`BooleanEquals needs booleans, got ${text} and ${other}`);
        return a === b;
      }
      case 'NumericEquals':
        return number(variable) === number(operand);
      case 'NumericGreater':
        return number(variable) > number(operand);
      case 'NumericLesser':
        return number(variable) < number(operand);
      case 'NumericGreaterOrEquals':
        return number(variable) >= number(operand);
      case 'NumericLesserOrEquals':
        return number(variable) <= number(operand);
      default:
        throw new StepFailure(`unsupported branch operator ${operator}`);
    }
  }
}

/** Executes `document` with `parameters`; rejects invalid parameters with AutomationParameterError before any step runs. */
export async function runAutomation(
  document: AutomationDocument,
  parameters: Record<string, unknown>,
  options: RunnerOptions,
): Promise<AutomationResult> {
  const execution = new Execution(document, options);
  execution.bindParameters(parameters);
  return execution.run();
}
