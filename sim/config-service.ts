import type { Evaluation } from '@aws-sdk/client-config-service';
import type { OperationHandlers } from './transport';
import { SimulatedServiceError, tokenPage } from './transport';

/**
 * AWS Config as a rule Lambda sees it: PutEvaluations stores each rule's latest evaluation per resource,
 * and GetComplianceDetailsByConfigRule pages through them (at most 100 a page), so a periodic sweep's
 * stale clean-up reads what earlier sweeps put. Result tokens name the rule, as Config's do.
 */
export class SimulatedConfigService {
  private readonly byRule = new Map<string, Map<string, Evaluation>>();
  /** Puts an evaluation of an unknown rule token into this rule (one rule per token in tests). */
  constructor(private readonly ruleOfToken: (token: string) => string = (token) => token) {}

  evaluations(rule: string): Evaluation[] {
    return [...(this.byRule.get(rule)?.values() ?? [])];
  }

  handlers(): OperationHandlers {
    return {
      PutEvaluations: (input) => {
        const evaluations = (input['Evaluations'] as Evaluation[] | undefined) ?? [];
        if (evaluations.length > 100) throw new SimulatedServiceError('ValidationException', '1 validation error: Evaluations must have length less than or equal to 100');
        if (input['TestMode'] === true) return { FailedEvaluations: [] };
        const rule = this.ruleOfToken(String(input['ResultToken']));
        const stored = this.byRule.get(rule) ?? new Map<string, Evaluation>();
        for (const e of evaluations) stored.set(`${e.ComplianceResourceType}|${e.ComplianceResourceId}`, e);
        this.byRule.set(rule, stored);
        return { FailedEvaluations: [] };
      },
      GetComplianceDetailsByConfigRule: (input) => {
        const types = (input['ComplianceTypes'] as string[] | undefined) ?? [];
        const results = this.evaluations(String(input['ConfigRuleName']))
          .filter((e) => types.length === 0 || types.includes(e.ComplianceType ?? ''))
          .map((e) => ({
            EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: input['ConfigRuleName'], ResourceType: e.ComplianceResourceType, ResourceId: e.ComplianceResourceId } },
            ComplianceType: e.ComplianceType,
            Annotation: e.Annotation,
          }));
        const page = tokenPage(results, input);
        return { EvaluationResults: page.items, NextToken: page.next };
      },
    };
  }
}
