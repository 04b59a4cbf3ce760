import { readFileSync } from 'node:fs';
import type {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
  PolicyViolationBeta1,
} from 'aws-cdk-lib';
import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CheckParameters, Finding, Suppression } from '../rules/adapters';
import { checkResources, declaredFromTemplate, failsCheck, fixText, suppressionsOf } from '../rules/adapters';
import { CATALOG, findRule } from '../rules/catalog';
import type { Rule } from '../rules/kit';

export interface DbauthChecksProps {
  /** Rules to run (default: the whole catalog). */
  readonly rules?: readonly Rule[];
  readonly parameters?: CheckParameters;
  /** Count a resource that cannot be judged before deploy (a value set at deploy) as a violation. */
  readonly strict?: boolean;
}

/**
 * The pack's rules at `cdk synth`, as a policy validation plugin (the mechanism cdk-nag 3 uses):
 * `Validations.of(app).addPlugins(new DbauthChecks())`. Each synthesized template goes through the same
 * adapters and rules as `dbauth check`; a NON_COMPLIANT resource fails the synth with the rule's annotation.
 * Suppress one rule on one resource, with a reason, by `suppressDbauthRule`.
 */
export class DbauthChecks implements IPolicyValidationPluginBeta1 {
  readonly name = 'dbauth';
  readonly ruleIds: string[];

  constructor(private readonly props: DbauthChecksProps = {}) {
    this.ruleIds = (props.rules ?? CATALOG).map((rule) => rule.id);
  }

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const violations = new Map<string, { finding: Finding; resources: PolicyViolationBeta1['violatingResources'][number][] }>();
    for (const templatePath of context.templatePaths) {
      const template: unknown = JSON.parse(readFileSync(templatePath, 'utf8'));
      const findings = checkResources(declaredFromTemplate(template, { file: templatePath }), this.props.rules ?? CATALOG, this.props.parameters);
      for (const finding of findings) {
        if (!failsCheck(finding.status, this.props.strict)) continue;
        const key = `${finding.rule.id}\u0000${finding.annotation}`;
        const entry = violations.get(key) ?? { finding, resources: [] };
        entry.resources.push({ resourceLogicalId: finding.resource.name, templatePath, locations: [] });
        violations.set(key, entry);
      }
    }
    return {
      success: violations.size === 0,
      violations: [...violations.values()].map(({ finding, resources }) => ({
        ruleName: finding.rule.id,
        description: `${finding.rule.title} (${finding.rule.controls.join(', ')}): ${finding.annotation}`,
        fix: `${fixText(finding.rule)} Or suppress with a reason: suppressDbauthRule(resource, { rule: '${finding.rule.id}', reason: '...' }).`,
        severity: finding.status === 'NON_COMPLIANT' ? 'error' : 'warning',
        violatingResources: resources,
      })),
    };
  }
}

/**
 * Suppresses one rule on one resource, with the reason reviewers will read: written to the resource's
 * metadata (`dbauth.suppressions`), which `dbauth check` also honours in templates and cloud assemblies.
 */
export function suppressDbauthRule(construct: IConstruct, ...suppressions: Suppression[]): void {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) throw new Error(`${construct.node.path} has no CloudFormation resource to suppress a dbauth rule on`);
  const unknown = suppressions.filter((s) => !findRule(s.rule));
  if (unknown.length > 0) throw new Error(`not a dbauth rule: ${unknown.map((s) => s.rule).join(', ')}`);
  if (suppressions.some((s) => s.reason.trim() === '')) throw new Error('a dbauth suppression needs a reason');
  const existing = suppressionsOf(resource.getMetadata('dbauth') === undefined ? {} : { dbauth: resource.getMetadata('dbauth') as unknown }, resource.node.path);
  resource.addMetadata('dbauth', { suppressions: [...existing, ...suppressions] });
}
