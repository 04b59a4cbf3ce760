import { runbookFor } from '../../remediations';
import { findRule } from '../../rules/catalog';
import type { ComplianceType } from '../../rules/kit';
import { arnOf } from './arn';
import type { Row } from './row';

/** A verdict as the runtime produces it, before a report adds what the rule's metadata knows. */
export interface JudgedResource {
  readonly rule: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName: string | undefined;
  readonly compliance: ComplianceType;
  readonly annotation: string;
}

export interface Where {
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  readonly source?: string;
}

const EXEMPT = /^exempt: (.*)$/s;

/** How the rule's NON_COMPLIANT resources are fixed: its runbook's SSM document, or its manual step. */
export function fixOf(ruleId: string): string {
  const rule = findRule(ruleId);
  if (!rule) return '';
  if (!rule.fix.runbook) return rule.fix.manual;
  const runbook = runbookFor(rule.id);
  return runbook ? `runbook ${runbook.documentName}` : 'runbook';
}

/** The report row of a verdict: controls, severity and fix from the rule; the ARN where it can be known. */
export function toRow(judged: JudgedResource, where: Where): Row {
  const rule = findRule(judged.rule);
  const exemption = judged.compliance === 'NOT_APPLICABLE' ? EXEMPT.exec(judged.annotation)?.[1] : undefined;
  return {
    accountId: where.accountId,
    region: where.region,
    ...(where.source !== undefined ? { source: where.source } : {}),
    resourceType: judged.resourceType,
    resourceId: judged.resourceId,
    resourceName: judged.resourceName,
    arn: arnOf({ ...judged, accountId: where.accountId, region: where.region }),
    rule: judged.rule,
    controls: rule?.controls ?? [],
    severity: rule?.severity ?? 'MEDIUM',
    compliance: judged.compliance,
    annotation: judged.annotation,
    fix: fixOf(judged.rule),
    exemption,
  };
}
