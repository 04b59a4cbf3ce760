import type { ResourceType as ConfigResourceType } from '@aws-sdk/client-config-service';
import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import type { AwsClients } from './clients';
import { ClientFactory } from './clients';
import { ItemNotFoundError, describeCause } from './errors';
import type { Invocation, ItemSummary, RuleEvent } from './event';
import { parseRuleEvent } from './event';
import { putEvaluations, toEvaluation } from './evaluations';
import type { ConfigurationItem } from './item';
import { decodeHistoryItem } from './item';
import type { Judgement, RuleParameters } from './judge';
import { judgeItem } from './judge';
import type { LogSink } from './log';
import { jsonLogger, logEvaluation } from './log';
import { parseParameters } from './parameters';
import type { Rule } from './rule';
import { sweep } from './sweep';
import { fitAnnotation, notApplicable } from './verdict';

export interface HandlerOptions {
  readonly factory?: ClientFactory;
  readonly log?: LogSink;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onJudgement?: (judgement: Judgement) => void;
}

export interface HandlerResult {
  readonly mode: Invocation['kind'];
  readonly evaluations: number;
  readonly putCalls: number;
}

/**
 * The Lambda handler of one rule. Parses the event, reads parameters, judges the item (change), fetches it
 * first (oversized) or sweeps the inventory (scheduled), and puts the evaluations. Any fault fails the
 * invocation with a named error, logged with the rule and resource: Config then retries, and no verdict is guessed.
 */
export function makeRuleHandler(rule: Rule, options: HandlerOptions = {}): (event: unknown) => Promise<HandlerResult> {
  const factory = options.factory ?? new ClientFactory();
  const log = options.log ?? jsonLogger;
  return async (raw) => {
    let resource: string | undefined;
    try {
      const event = parseRuleEvent(raw);
      const parameters = parseParameters(rule.parameters, event.ruleParameters);
      const { invocation } = event;
      const region = regionOf(event);
      const clients = () => factory.clientsFor(event.accountId, region, parameters.runtime.executionRoleName);
      switch (invocation.kind) {
        case 'change': {
          resource = invocation.item.resourceId;
          const judgement = judgeItem(rule, invocation.item, parameters, event.eventLeftScope);
          return await putOne(rule, await clients(), event, judgement, invocation.item.captureTime, options, log);
        }
        case 'oversized': {
          resource = invocation.summary.resourceId;
          const aws = await clients();
          const judgement = await judgeOversized(rule, aws, invocation.summary, parameters, event.eventLeftScope);
          return await putOne(rule, aws, event, judgement, invocation.summary.captureTime, options, log);
        }
        case 'scheduled': {
          const report = await sweep(rule, await clients(), parameters, {
            configRuleName: event.configRuleName,
            notificationTime: invocation.notificationTime,
            resultToken: event.resultToken,
            testMode: event.testMode,
            log,
            sleep: options.sleep,
            onJudgement: options.onJudgement,
          });
          return { mode: 'scheduled', evaluations: report.resources + report.stale, putCalls: report.putCalls };
        }
      }
    } catch (error) {
      log.error('evaluation failed', { rule: rule.id, resourceId: resource, error: (error as Error).name, reason: describeCause(error) });
      throw error;
    }
  };
}

function regionOf(event: RuleEvent): string {
  const { invocation } = event;
  const fromItem = invocation.kind === 'change' ? invocation.item.region : invocation.kind === 'oversized' ? invocation.summary.region : undefined;
  return fromItem ?? event.region ?? process.env['AWS_REGION'] ?? 'us-east-1';
}

async function putOne(
  rule: Rule,
  clients: AwsClients,
  event: RuleEvent,
  judgement: Judgement,
  captureTime: string,
  options: HandlerOptions,
  log: LogSink,
): Promise<HandlerResult> {
  options.onJudgement?.(judgement);
  logEvaluation(log, rule.id, judgement);
  const putCalls = await putEvaluations(clients.config, [toEvaluation(judgement, captureTime)], {
    resultToken: event.resultToken,
    testMode: event.testMode,
    sleep: options.sleep,
  });
  return { mode: event.invocation.kind, evaluations: 1, putCalls };
}

/** An oversized notification carries only a summary: read the item from the configuration history. */
async function judgeOversized(
  rule: Rule,
  clients: AwsClients,
  summary: ItemSummary,
  parameters: RuleParameters,
  eventLeftScope: boolean,
): Promise<Judgement> {
  if (summary.status !== 'OK' && summary.status !== 'ResourceDiscovered') {
    return {
      resourceType: summary.resourceType,
      resourceId: summary.resourceId,
      resourceName: summary.resourceName,
      verdict: notApplicable(fitAnnotation(`status ${summary.status}: nothing to evaluate`)),
    };
  }
  const item = await readHistoryItem(clients, summary);
  return judgeItem(rule, item, parameters, eventLeftScope);
}

async function readHistoryItem(clients: AwsClients, summary: ItemSummary): Promise<ConfigurationItem> {
  const history = await clients.config.send(
    new GetResourceConfigHistoryCommand({
      resourceType: summary.resourceType as ConfigResourceType,
      resourceId: summary.resourceId,
      laterTime: new Date(summary.captureTime),
      limit: 1,
    }),
  );
  const [raw] = history.configurationItems ?? [];
  if (!raw) {
    throw new ItemNotFoundError(`no configuration item in the history of ${summary.resourceType} ${summary.resourceId} at ${summary.captureTime}`);
  }
  return decodeHistoryItem(raw);
}
