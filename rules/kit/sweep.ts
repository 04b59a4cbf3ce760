import type { Evaluation } from '@aws-sdk/client-config-service';
import { GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import type { AwsClients } from './clients';
import { PAGE_SIZE, collect } from './collect';
import { PUT_BATCH, putEvaluations, toEvaluation } from './evaluations';
import type { Judgement, RuleParameters } from './judge';
import { judgeView } from './judge';
import type { LogSink } from './log';
import { logEvaluation } from './log';
import { pagesOf } from './pages';
import type { Rule } from './rule';
import { notApplicable } from './verdict';

export interface SweepContext {
  readonly configRuleName: string;
  readonly notificationTime: string;
  readonly resultToken: string;
  readonly testMode: boolean;
  readonly log: LogSink;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called with every judgement, in order (the CLI's scan reads them here). */
  readonly onJudgement?: (judgement: Judgement) => void;
}

export interface SweepReport {
  readonly resources: number;
  readonly stale: number;
  readonly putCalls: number;
}

export const STALE_ANNOTATION = 'no longer found by the periodic sweep: the resource was deleted or moved out of this account and region';

/**
 * A periodic run: lists every resource of the rule's type through its service API, judges each, and puts
 * the whole inventory in calls of 100 as it goes. Then it reads what the rule reported before
 * (GetComplianceDetailsByConfigRule) and marks what no longer exists NOT_APPLICABLE, so deleted resources
 * do not stay NON_COMPLIANT forever.
 */
export async function sweep(rule: Rule, clients: AwsClients, parameters: RuleParameters, context: SweepContext): Promise<SweepReport> {
  const seen = new Set<string>();
  const buffer: Evaluation[] = [];
  let putCalls = 0;
  let stale = 0;
  const flush = async (all: boolean) => {
    while (buffer.length >= PUT_BATCH || (all && buffer.length > 0)) {
      putCalls += await putEvaluations(clients.config, buffer.splice(0, PUT_BATCH), context);
    }
  };
  const record = (judgement: Judgement) => {
    context.onJudgement?.(judgement);
    logEvaluation(context.log, rule.id, judgement);
    buffer.push(toEvaluation(judgement, context.notificationTime));
  };

  for await (const page of collect(rule.kind.type, clients, rule.collect)) {
    for (const resource of page) {
      if (seen.has(resource.resourceId)) continue;
      seen.add(resource.resourceId);
      const verdict = judgeView(rule, resource.view, resource.tags, parameters, resource.resourceId);
      record({ resourceType: resource.resourceType, resourceId: resource.resourceId, resourceName: resource.resourceName, verdict });
    }
    await flush(false);
  }

  const reported = pagesOf((NextToken) =>
    clients.config
      .send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: context.configRuleName,
          ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'],
          Limit: PAGE_SIZE,
          NextToken,
        }),
      )
      .then((page) => ({ items: page.EvaluationResults, next: page.NextToken })),
  );
  for await (const page of reported) {
    for (const result of page) {
      const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      const resourceId = qualifier?.ResourceId;
      if (!resourceId || qualifier.ResourceType !== rule.kind.type || seen.has(resourceId)) continue;
      seen.add(resourceId);
      stale++;
      record({ resourceType: rule.kind.type, resourceId, resourceName: undefined, verdict: notApplicable(STALE_ANNOTATION) });
    }
    await flush(false);
  }
  await flush(true);
  return { resources: seen.size - stale, stale, putCalls };
}
