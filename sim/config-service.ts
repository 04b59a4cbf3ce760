import type { Evaluation, EvaluationResult } from '@aws-sdk/client-config-service';
import type { OperationHandlers } from './transport';
import { SimulatedServiceError } from './transport';

interface Stored {
  readonly evaluation: Evaluation;
  readonly recorded: Date;
}

/** One rule's latest result per resource, in the order resources were first reported. */
class RuleResults {
  readonly keys: string[] = [];
  readonly position = new Map<string, number>();
  readonly results = new Map<string, Stored>();

  put(key: string, stored: Stored): void {
    if (!this.position.has(key)) {
      this.position.set(key, this.keys.length);
      this.keys.push(key);
    }
    this.results.set(key, stored);
  }
}

export interface SimulatedConfigOptions {
  /** The rule a result token belongs to (one rule per token in tests). */
  readonly ruleOfToken?: (token: string) => string;
  /** The service's clock, for ResultRecordedTime. */
  readonly now?: () => number;
  /** Evaluations Config lists in FailedEvaluations instead of storing them. */
  readonly refuse?: (evaluation: Evaluation) => boolean;
}

/**
 * AWS Config as a rule Lambda sees it: PutEvaluations stores each rule's latest evaluation per resource
 * (refusing, in FailedEvaluations, those `refuse` names), and GetComplianceDetailsByConfigRule pages
 * through them, at most 100 a page, each result with its OrderingTimestamp and ResultRecordedTime (the
 * EvaluationResult shape of Config's API model). The NextToken names the last result returned, so a
 * result that changes compliance while a caller pages never shifts the later pages: the behaviour a
 * sweep's clean-up relies on, and one a sandbox must confirm against Config.
 */
export class SimulatedConfigService {
  private readonly byRule = new Map<string, RuleResults>();
  private readonly ruleOfToken: (token: string) => string;
  private readonly now: () => number;
  private readonly refuse: ((evaluation: Evaluation) => boolean) | undefined;

  constructor(options: SimulatedConfigOptions = {}) {
    this.ruleOfToken = options.ruleOfToken ?? ((token) => token);
    this.now = options.now ?? Date.now;
    this.refuse = options.refuse;
  }

  evaluations(rule: string): Evaluation[] {
    return [...(this.byRule.get(rule)?.results.values() ?? [])].map((stored) => stored.evaluation);
  }

  handlers(): OperationHandlers {
    return {
      PutEvaluations: (input) => {
        const evaluations = (input['Evaluations'] as Evaluation[] | undefined) ?? [];
        if (evaluations.length > 100) throw new SimulatedServiceError('ValidationException', '1 validation error: Evaluations must have length less than or equal to 100');
        const failed = evaluations.filter((e) => this.refuse?.(e));
        if (input['TestMode'] === true) return { FailedEvaluations: failed };
        const rule = this.ruleOfToken(String(input['ResultToken']));
        const results = this.byRule.get(rule) ?? new RuleResults();
        const recorded = new Date(this.now());
        for (const e of evaluations) {
          if (!failed.includes(e)) results.put(`${e.ComplianceResourceType}|${e.ComplianceResourceId}`, { evaluation: e, recorded });
        }
        this.byRule.set(rule, results);
        return { FailedEvaluations: failed };
      },
      GetComplianceDetailsByConfigRule: (input) => {
        const ruleName = String(input['ConfigRuleName']);
        const types = (input['ComplianceTypes'] as string[] | undefined) ?? [];
        const limit = Math.min(Number(input['Limit'] ?? 100) || 100, 100);
        const results = this.byRule.get(ruleName) ?? new RuleResults();
        const token = typeof input['NextToken'] === 'string' ? input['NextToken'] : undefined;
        let index = 0;
        if (token !== undefined) {
          const after = results.position.get(Buffer.from(token, 'base64url').toString('utf8'));
          if (after === undefined) throw new SimulatedServiceError('InvalidNextTokenException', 'The specified next token is invalid.');
          index = after + 1;
        }
        const page: EvaluationResult[] = [];
        let last = -1;
        for (; index < results.keys.length && page.length < limit; index++) {
          const stored = results.results.get(results.keys[index] as string) as Stored;
          if (types.length > 0 && !types.includes(stored.evaluation.ComplianceType ?? '')) continue;
          page.push(toResult(ruleName, stored));
          last = index;
        }
        // A token only when a matching result follows, as a caller cannot tell an empty last page from a lost one.
        let more = false;
        for (let rest = index; page.length === limit && rest < results.keys.length && !more; rest++) {
          more = types.length === 0 || types.includes(results.results.get(results.keys[rest] as string)?.evaluation.ComplianceType ?? '');
        }
        return { EvaluationResults: page, NextToken: more ? Buffer.from(results.keys[last] as string, 'utf8').toString('base64url') : undefined };
      },
    };
  }
}

function toResult(ruleName: string, { evaluation, recorded }: Stored): EvaluationResult {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: { ConfigRuleName: ruleName, ResourceType: evaluation.ComplianceResourceType, ResourceId: evaluation.ComplianceResourceId },
      OrderingTimestamp: evaluation.OrderingTimestamp,
    },
    ComplianceType: evaluation.ComplianceType,
    Annotation: evaluation.Annotation,
    ResultRecordedTime: recorded,
    ConfigRuleInvokedTime: recorded,
  };
}
