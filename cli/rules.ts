import { proactiveSupport } from '../rules/adapters/proactive';
import { CATALOG } from '../rules/catalog';
import { RUNTIME_PARAMETERS } from '../rules/kit';
import type { Control } from './output';
import { CONTROLS, fixOf } from './output';
import { table } from './output/table-text';

export interface ParameterSummary {
  readonly name: string;
  readonly description: string;
  /** The default as Config would pass it; null when the parameter is optional and off by default. */
  readonly default: string | null;
}

export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly resourceTypes: readonly string[];
  readonly severity: string;
  readonly controls: readonly string[];
  /** Each control id with its title, who defines it and where to read it. */
  readonly controlDetails: readonly Control[];
  readonly remediation: boolean;
  /** The runbook's SSM document, or the manual step. */
  readonly fix: string;
  readonly parameters: readonly ParameterSummary[];
  /** Whether the rule takes Config's proactive evaluation mode (with -c proactive=true); why not, if not. */
  readonly proactive: boolean;
  readonly notProactive?: string;
}

const controlOf = (id: string): Control => CONTROLS[id] ?? { id, title: id, source: 'unknown', url: '' };

export function ruleSummaries(): RuleSummary[] {
  return CATALOG.map((rule) => ({
    id: rule.id,
    title: rule.title,
    description: rule.description,
    resourceTypes: [rule.kind.type],
    severity: rule.severity ?? 'MEDIUM',
    controls: rule.controls,
    controlDetails: rule.controls.map(controlOf),
    remediation: rule.fix.runbook !== false,
    fix: fixOf(rule.id),
    parameters: Object.entries(rule.parameters).map(([name, spec]) => ({ name, description: spec.description, default: spec.defaultText ?? null })),
    ...proactiveSummary(rule),
  }));
}

function proactiveSummary(rule: (typeof CATALOG)[number]): Pick<RuleSummary, 'proactive' | 'notProactive'> {
  const support = proactiveSupport(rule);
  return support.supported ? { proactive: true } : { proactive: false, notProactive: support.reason };
}

/** One block per rule: what it checks, on what, its controls with their titles, its parameters and its fix. */
export function rulesTable(): string {
  const rows = ruleSummaries().map((rule) => [
    `${rule.id}\n${rule.resourceTypes.join(', ')}\nseverity ${rule.severity}`,
    [
      rule.description,
      ...rule.controlDetails.map((c) => `${c.id}: ${c.title} (${c.source})`),
      ...rule.parameters.map((p) => `parameter ${p.name} (default: ${p.default ?? 'none'}): ${p.description}`),
      `fix: ${rule.fix}`,
      rule.proactive ? 'proactive evaluation: yes, with -c proactive=true' : `proactive evaluation: no (${rule.notProactive ?? ''})`,
    ].join('\n'),
  ]);
  const common = Object.entries(RUNTIME_PARAMETERS)
    .map(([name, spec]) => `  ${name}: ${spec.description}`)
    .join('\n');
  return `${table(['rule', 'what it checks'], rows, [50, 100])}\n\nParameters of every rule:\n${common}`;
}
