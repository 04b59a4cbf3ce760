/**
 * Runbooks for the infra tests, parsed from the YAML documents in remediations/ when present, else a
 * minimal stand-in per fixable rule. Only what the infrastructure reads is filled in.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CATALOG } from '../../rules/catalog';
import type { ApiCall } from '../../infra/permissions';
import type { Runbook } from '../../infra/runbooks';

const API_ACTIONS = new Set(['aws:executeAwsApi', 'aws:waitForAwsResourceProperty', 'aws:assertAwsResourceProperty']);

export function fixtureRunbooks(dir = path.resolve(__dirname, '../../remediations')): Runbook[] {
  return CATALOG.filter((rule) => rule.fix.runbook).map((rule) => {
    const file = path.join(dir, `${rule.id}.yaml`);
    const content = existsSync(file)
      ? (parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
      : {
          schemaVersion: '0.3',
          assumeRole: '{{ AutomationAssumeRole }}',
          parameters: { ResourceId: { type: 'String' }, AutomationAssumeRole: { type: 'String' } },
          mainSteps: [{ name: 'Describe', action: 'aws:executeAwsApi', inputs: { Service: 'rds', Api: 'DescribeDBClusters' } }],
        };
    const parameters = (content['parameters'] ?? {}) as Record<string, unknown>;
    const steps = (content['mainSteps'] ?? []) as { action: string; inputs?: { Service?: string; Api?: string } }[];
    const apiCalls: ApiCall[] = steps
      .filter((step) => API_ACTIONS.has(step.action) && step.inputs?.Service && step.inputs.Api)
      .map((step) => ({ service: step.inputs!.Service!, api: step.inputs!.Api! }));
    return {
      ruleId: rule.id,
      documentName: `dbauth-${rule.id}`,
      resourceIdParameter: Object.keys(parameters).find((name) => name !== 'AutomationAssumeRole') ?? 'ResourceId',
      parameters,
      content,
      apiCalls,
    };
  });
}
