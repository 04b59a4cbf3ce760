import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runbooks } from '../../remediations';
import type { Runbook } from '../../remediations';
import type { AutomationStep } from '../../remediations/runner';
import { ssmString } from '../../remediations/runner';
import { parseSelector } from '../../remediations/selector';
import { commandFor } from '../../remediations/services';
import { CATALOG } from '../../rules/catalog';
import { REGEX_REGISTRY, registeredPattern } from './regex-registry';

/** Every runbook in remediations/, with no skip list: a YAML file the loader does not know fails below. */
const all = runbooks.map((runbook) => [runbook.fileName, runbook] as const);
const FIXABLE = [
  'neptune-cluster-iam-database-authentication',
  'rds-instance-iam-authentication-enabled',
  'rds-cluster-iam-authentication-enabled',
  'dms-neptune-iam-authorization-enabled',
  'neptune-cluster-cloudwatch-log-export-enabled',
  'neptune-cluster-snapshot-public-prohibited',
  'neptune-cluster-deletion-protection-enabled',
  'neptune-cluster-backup-retention-check',
  'neptune-cluster-copy-tags-to-snapshot-enabled',
];
const API_ACTIONS = ['aws:executeAwsApi', 'aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty'];
const ALLOWED_ACTIONS = [...API_ACTIONS, 'aws:branch', 'aws:updateVariable'];

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

  it('covers every rule of the catalog that says it has a runbook', () => {
    for (const rule of CATALOG.filter((r) => r.fix.runbook)) expect(FIXABLE).toContain(rule.id);
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
      expect([name, parameter.allowedPattern !== undefined && registeredPattern(parameter.allowedPattern) !== undefined]).toEqual([name, true]);
      if (parameter.default !== undefined) {
        expect([name, new RegExp(parameter.allowedPattern ?? '').test(ssmString(parameter.default))]).toEqual([name, true]);
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
    const verify = steps.findIndex((s, i) => i > wait && s.action === 'aws:assertAwsResourceProperty');
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
      expect([step.name, step.action, step.isEnd, (step.description ?? '').length > 20]).toEqual([step.name, 'aws:assertAwsResourceProperty', true, true]);
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
