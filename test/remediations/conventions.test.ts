import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runbooks } from '../../remediations';
import type { Runbook } from '../../remediations';
import type { AutomationStep } from '../../remediations/runner';
import { ssmString } from '../../remediations/runner';
import { parseSelector } from '../../remediations/selector';
import { commandFor } from '../../remediations/services';
import { CATALOG } from '../../rules/catalog';
import { assemble } from '../../remediations/builder/assemble';
import { renderRunbook } from '../../remediations/builder/emit';
import { RUNBOOK_SPECS } from '../../remediations/builder/runbooks';
import { REGEX_REGISTRY, registeredPattern } from './regex-registry';

const SSM = 'https://docs.aws.amazon.com/systems-manager/latest/userguide';
/**
 * Every SSM Automation behaviour the runbooks rely on, with where AWS documents it. The runner implements
 * these and refuses the rest (remediations/runner.ts, document.ts); a runbook that uses an action or an
 * operator not listed here fails below.
 */
const DOCUMENTED: readonly { behaviour: string; source: string }[] = [
  { behaviour: 'action aws:executeAwsApi: Service (boto3 client name), Api, the operation inputs; outputs Name/Selector (JSONPath)/Type', source: `${SSM}/automation-action-executeAwsApi.html` },
  { behaviour: 'action aws:assertAwsResourceProperty: PropertySelector, DesiredValues; the step fails when the property is not one of them; booleans written True/False', source: `${SSM}/automation-action-assertAwsResourceProperty.html` },
  { behaviour: 'action aws:waitForAwsResourceProperty: waits until PropertySelector is one of DesiredValues; timeoutSeconds, default 3600 s', source: `${SSM}/automation-action-waitForAwsResourceProperty.html` },
  { behaviour: 'action aws:branch: Choices evaluated in order, first true goes to NextStep, else Default; Variable is a parameter or an output', source: `${SSM}/automation-action-branch.html` },
  { behaviour: 'branch operators StringEquals, EqualsIgnoreCase, StartsWith, EndsWith, Contains (string operations), Numeric*, BooleanEquals', source: `${SSM}/automation-action-branch.html` },
  { behaviour: 'And / Or of conditions in one choice, Not of one condition', source: `${SSM}/automation-branchdocs.html (Creating complex branching automations with operators)` },
  { behaviour: 'action aws:executeScript: Runtime python3.x, Handler(events, context), InputPayload, outputs selected from $.Payload; an exception fails the step', source: `${SSM}/automation-action-executeScript.html; AWS-owned runbooks AWSConfigRemediation-* (e.g. AWSConfigRemediation-EnableRDSInstanceBackup)` },
  { behaviour: 'action aws:updateVariable: sets a declared variable:<name>', source: `${SSM}/automation-action-update-variable.html` },
  { behaviour: 'onFailure defaults to Abort; isCritical defaults to true; isEnd stops the automation; nextStep', source: `${SSM}/automation-branchdocs.html (Examples of how to use dynamic options)` },
  { behaviour: 'CreateDocument validates operators, and refuses a runbook whose steps loop', source: `${SSM}/automation-branchdocs.html` },
  { behaviour: '{{ parameter }} and {{ Step.Output }} references, also inside a longer string', source: `${SSM}/automation-branchdocs.html (About creating the output variable); ${SSM}/documents-syntax-data-elements-parameters.html` },
  { behaviour: 'parameter types String, Integer, Boolean, StringList, StringMap, MapList; allowedPattern, allowedValues, default; an Integer is not written in quotes, a Boolean is true or false', source: `${SSM}/sysman-doc-syntax.html (Data elements and parameters)` },
  { behaviour: 'types are static: an action input is checked against its type when the step runs, and a mismatch fails the automation (no conversion)', source: `${SSM}/sysman-doc-syntax.html (SSM document parameter type examples)` },
  { behaviour: 'stricter than documented, on purpose: allowedPattern only on String and StringList parameters (the runbooks use allowedValues for the Integer one)', source: `${SSM}/sysman-doc-syntax.html (allowedPattern is shown on String parameters only)` },
];
const DOCUMENTED_ACTIONS = ['aws:executeAwsApi', 'aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty', 'aws:branch', 'aws:executeScript', 'aws:updateVariable'];
const DOCUMENTED_OPERATORS = ['StringEquals', 'EqualsIgnoreCase', 'StartsWith', 'EndsWith', 'Contains', 'NumericEquals', 'NumericGreater', 'NumericLesser', 'NumericGreaterOrEquals', 'NumericLesserOrEquals', 'BooleanEquals', 'And', 'Or', 'Not'];

function operatorsOf(choice: Record<string, unknown>): string[] {
  return Object.entries(choice).flatMap(([key, value]) => {
    if (key === 'NextStep' || key === 'Variable') return [];
    if (key === 'And' || key === 'Or') return [key, ...(value as Record<string, unknown>[]).flatMap(operatorsOf)];
    if (key === 'Not') return [key, ...operatorsOf(value as Record<string, unknown>)];
    return [key];
  });
}

describe('documented behaviour only', () => {
  it('cites a source for every behaviour relied on', () => {
    for (const entry of DOCUMENTED) expect(entry.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    for (const action of DOCUMENTED_ACTIONS) expect(DOCUMENTED.some((d) => d.behaviour.includes(`action ${action}`))).toBe(true);
  });

  it.each(runbooks.map((r) => [r.fileName, r] as const))('%s uses only documented actions and operators, and fails closed', (_file, runbook) => {
    for (const step of runbook.content.mainSteps) {
      expect([step.name, DOCUMENTED_ACTIONS.includes(step.action)]).toEqual([step.name, true]);
      // fail closed: a failing step never goes on (no isCritical false, no onFailure other than the default Abort)
      expect([step.name, step.isCritical, step.onFailure]).toEqual([step.name, undefined, undefined]);
      if (step.action === 'aws:branch') {
        for (const choice of step.inputs.Choices as Record<string, unknown>[]) {
          for (const operator of operatorsOf(choice)) expect([step.name, operator, DOCUMENTED_OPERATORS.includes(operator)]).toEqual([step.name, operator, true]);
        }
      }
    }
  });
});

describe('the runbooks are built, not hand-written', () => {
  it.each(RUNBOOK_SPECS.map((spec) => [spec.ruleId, spec] as const))('remediations/%s.yaml is what the builder emits (run npm run runbooks)', (ruleId, spec) => {
    const file = readFileSync(join(__dirname, '../../remediations', `${ruleId}.yaml`), 'utf8');
    expect(file).toBe(renderRunbook(assemble(spec)));
    // plain YAML for reviewers and for SSM: no anchors or aliases
    expect(file).not.toMatch(/(^|\s)[&*]a\d+\b/m);
  });

  it('builds exactly the runbooks of the catalog', () => {
    expect(RUNBOOK_SPECS.map((s) => s.ruleId).sort()).toEqual([...FIXABLE].sort());
  });
});

/** Every runbook in remediations/, with no skip list: a YAML file the loader does not know fails below. */
const all = runbooks.map((runbook) => [runbook.fileName, runbook] as const);
/** The fixable rules, from the one registry: the catalog's fix fields. */
const FIXABLE = CATALOG.flatMap((rule) => (rule.fix.runbook ? [rule.fix.runbook.document] : []));
const API_ACTIONS = ['aws:executeAwsApi', 'aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty'];
const ALLOWED_ACTIONS = [...API_ACTIONS, 'aws:branch', 'aws:updateVariable', 'aws:executeScript'];

function references(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1] as string);
  if (Array.isArray(value)) return value.flatMap(references);
  if (value && typeof value === 'object') return Object.values(value).flatMap(references);
  return [];
}

function stepTargets(step: AutomationStep): string[] {
  const targets: string[] = [];
  if (step.nextStep) targets.push(step.nextStep);
  if (step.onFailure?.startsWith('step:')) targets.push(step.onFailure.slice(5));
  if (step.action === 'aws:branch') {
    const choices = (step.inputs.Choices ?? []) as { NextStep: string }[];
    targets.push(...choices.map((c) => c.NextStep), String(step.inputs.Default));
  }
  return targets;
}

describe('the runbook set', () => {
  it('has exactly one runbook per fixable check, named after the rule', () => {
    expect(runbooks.map((r) => r.ruleId).sort()).toEqual([...FIXABLE].sort());
    const files = readdirSync(join(__dirname, '../../remediations')).filter((f) => /\.ya?ml$/.test(f));
    expect(files.sort()).toEqual(runbooks.map((r) => r.fileName).sort());
  });

  it('names each runbook after its rule, with the resource-id parameter the catalog gives', () => {
    for (const rule of CATALOG) {
      if (!rule.fix.runbook) continue;
      expect(rule.fix.runbook.document).toBe(rule.id);
      expect(runbooks.find((r) => r.ruleId === rule.id)?.resourceIdParameter).toBe(rule.fix.runbook.resourceIdParameter);
    }
  });

  it.each(REGEX_REGISTRY.map((entry) => [entry.pattern, entry] as const))('pattern %s accepts its valid and refuses its invalid examples', (_pattern, entry) => {
    const regex = new RegExp(entry.pattern);
    expect(entry.valid.length).toBeGreaterThan(0);
    expect(entry.invalid.length).toBeGreaterThan(0);
    for (const value of entry.valid) expect([value, regex.test(value)]).toEqual([value, true]);
    for (const value of entry.invalid) expect([value, regex.test(value)]).toEqual([value, false]);
  });
});

describe.each(all)('%s', (_file, runbook: Runbook) => {
  const doc = runbook.content;
  const steps = doc.mainSteps;
  const names = steps.map((s) => s.name);

  it('is a schemaVersion 0.3 Automation document that runs as AutomationAssumeRole, with a description', () => {
    expect(doc.schemaVersion).toBe('0.3');
    expect(doc.assumeRole).toBe('{{ AutomationAssumeRole }}');
    expect(doc.description?.split('\n')[0]).toMatch(/^### \S/);
    expect(doc.parameters?.AutomationAssumeRole).toMatchObject({ type: 'String' });
    expect(doc.parameters?.AutomationAssumeRole).not.toHaveProperty('default');
  });

  it('takes the Config resource id and gives every parameter a description and a registered allowedPattern', () => {
    expect(Object.keys(doc.parameters ?? {})).toContain(runbook.resourceIdParameter);
    expect(doc.parameters?.[runbook.resourceIdParameter]).not.toHaveProperty('default');
    for (const [name, parameter] of Object.entries(doc.parameters ?? {})) {
      expect([name, parameter.description?.length ?? 0]).not.toEqual([name, 0]);
      if (parameter.type === 'Integer') expect([name, (parameter.allowedValues ?? []).length > 0]).toEqual([name, true]);
      else expect([name, parameter.allowedPattern !== undefined && registeredPattern(parameter.allowedPattern) !== undefined]).toEqual([name, true]);
      if (parameter.default !== undefined) {
        expect([name, new RegExp(parameter.allowedPattern ?? '').test(ssmString(parameter.default)) || (parameter.allowedValues ?? []).includes(parameter.default)]).toEqual([name, true]);
      }
    }
    expect(runbook.parameters.map((p) => p.name)).toEqual(Object.keys(doc.parameters ?? {}));
  });

  it('has uniquely named steps that use only supported actions and go only to existing steps', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const step of steps) {
      expect([step.name, ALLOWED_ACTIONS.includes(step.action)]).toEqual([step.name, true]);
      for (const target of stepTargets(step)) expect([step.name, names.includes(target)]).toEqual([step.name, true]);
      if (step.onFailure) expect(step.onFailure).toMatch(/^(Abort|Continue|step:\w+)$/);
    }
  });

  it('gives every aws:branch a Default', () => {
    for (const step of steps.filter((s) => s.action === 'aws:branch')) expect([step.name, step.inputs.Default]).not.toEqual([step.name, undefined]);
  });

  it('resolves every {{ reference }} to a parameter, a variable or an output of another step', () => {
    const known = new Set<string>([
      ...Object.keys(doc.parameters ?? {}),
      ...Object.keys(doc.variables ?? {}).map((v) => `variable:${v}`),
      'global:ACCOUNT_ID',
      'global:REGION',
      'global:AWS_PARTITION',
    ]);
    for (const step of steps) for (const output of step.outputs ?? []) known.add(`${step.name}.${output.Name}`);
    for (const step of steps) {
      for (const reference of references(step.inputs)) {
        expect([step.name, reference, known.has(reference)]).toEqual([step.name, reference, true]);
        const producer = reference.split('.')[0] as string;
        if (reference.includes('.')) expect([step.name, reference, producer !== step.name]).toEqual([step.name, reference, true]);
      }
    }
    for (const output of doc.outputs ?? []) expect([output, known.has(output)]).toEqual([output, true]);
    for (const reference of references(doc.assumeRole)) expect(known.has(reference)).toBe(true);
  });

  it('names only operations that exist in the AWS SDK v3 client of their service', () => {
    for (const step of steps.filter((s) => API_ACTIONS.includes(s.action))) {
      const service = String(step.inputs.Service);
      const api = String(step.inputs.Api);
      expect([step.name, service, api, commandFor(service, api) !== undefined]).toEqual([step.name, service, api, true]);
    }
    expect(runbook.apiCalls.length).toBeGreaterThan(0);
    for (const call of runbook.apiCalls) expect(call.iamAction).toMatch(/^(rds|dms):[A-Z]\w+$/);
  });

  it('uses only the supported JSONPath subset in selectors, with SSM output types', () => {
    for (const step of steps) {
      if (typeof step.inputs.PropertySelector === 'string') expect(() => parseSelector(step.inputs.PropertySelector as string)).not.toThrow();
      for (const output of step.outputs ?? []) {
        expect(() => parseSelector(output.Selector)).not.toThrow();
        expect(['String', 'Integer', 'Boolean', 'StringList', 'StringMap', 'MapList']).toContain(output.Type ?? 'String');
      }
    }
  });

  it('orders its steps describe → assert → branch → modify → wait → verify', () => {
    const isApi = (step: AutomationStep, prefix: RegExp) => step.action === 'aws:executeAwsApi' && prefix.test(String(step.inputs.Api));
    const describe = steps.findIndex((s) => isApi(s, /^(Describe|List)/));
    const assert = steps.findIndex((s) => s.action === 'aws:assertAwsResourceProperty');
    const branch = steps.findIndex((s, i) => i > assert && s.action === 'aws:branch');
    const modify = steps.findIndex((s) => isApi(s, /^Modify/));
    const wait = steps.findIndex((s, i) => i > modify && s.action === 'aws:waitForAwsResourceProperty');
    const verify = steps.findIndex((s, i) => i > wait && (s.action === 'aws:assertAwsResourceProperty' || s.action === 'aws:branch'));
    const order = [describe, assert, branch, modify, wait, verify];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
  });

  it('modifies through a single Modify API and ends in a report or a refusal', () => {
    const modifies = runbook.apiCalls.filter((c) => c.api.startsWith('Modify')).map((c) => c.api);
    expect(new Set(modifies).size).toBe(1);
    for (const end of ['ReportRemediated', 'ReportAlreadyCompliant']) {
      const step = steps.find((s) => s.name === end);
      expect([end, step?.action, step?.isEnd]).toEqual([end, 'aws:executeAwsApi', true]);
      expect(step?.outputs?.length).toBeGreaterThan(0);
    }
    for (const step of steps.filter((s) => s.name.startsWith('Refuse'))) {
      expect([step.name, step.action, step.inputs.Handler, step.isEnd, (step.description ?? '').length > 20]).toEqual([step.name, 'aws:executeScript', 'refuse', true, true]);
    }
    expect(names.some((n) => n === 'RefuseExempt')).toBe(true);
    expect(names.some((n) => n === 'RefuseUnsupportedEngine')).toBe(true);
    expect(Object.keys(doc.parameters ?? {})).toContain('ExemptionTagKey');
  });

  it('has document outputs that report what was done', () => {
    expect(doc.outputs?.some((o) => o.startsWith('ReportRemediated.'))).toBe(true);
    expect(doc.outputs?.some((o) => o.startsWith('ReportAlreadyCompliant.'))).toBe(true);
  });
});
