import { CATALOG } from '../rules/catalog';
import { table } from './output/table-text';

export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly resourceTypes: readonly string[];
  readonly controls: readonly string[];
  readonly remediation: boolean;
  readonly parameters: readonly string[];
}

export function ruleSummaries(): RuleSummary[] {
  return CATALOG.map((rule) => ({
    id: rule.id,
    title: rule.title,
    resourceTypes: [rule.kind.type],
    controls: rule.controls,
    remediation: rule.fix.runbook,
    parameters: Object.keys(rule.parameters),
  }));
}

export function rulesTable(): string {
  return table(
    ['rule', 'resource type', 'controls', 'fix'],
    CATALOG.map((rule) => [rule.id, rule.kind.type, rule.controls.join(', '), rule.fix.runbook ? 'runbook' : 'manual']),
  );
}
