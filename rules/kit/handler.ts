import type { ResourceType as ConfigResourceType } from '@aws-sdk/client-config-service';
import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { judgeProposedResource } from '../adapters/proactive';
import type { AwsClients, ClientFactory } from './clients';
import { containerClientFactory } from './clients';
import { DEFAULT_CONCURRENCY } from './collect';
import { InvalidSettingError, ItemNotFoundError, StaleHistoryItemError, WrongAccountError, describeCause } from './errors';
import type { Invocation, ItemSummary, RuleEvent } from './event';
import { parseRuleEvent } from './event';
import { putEvaluations, toEvaluation } from './evaluations';
import { invokeAsync } from './invoke';
import type { ConfigurationItem } from './item';
import { decodeHistoryItem } from './item';
import type { Judgement, RuleParameters } from './judge';
import { LEFT_SCOPE_ANNOTATION, judgeItem, judgementOf } from './judge';
import type { LogSink } from './log';
import { jsonLogger, logEvaluation, withContext } from './log';
import { parseParameters } from './parameters';
import { isProposedItem, proposedProperties } from './proposal';
import type { Rule } from './rule';
import type { Continuation, TimeBudget } from './sweep';
import { CONTINUATION_KEY, readContinuation, sweep } from './sweep';
import { notApplicable } from './verdict';

/** The part of Lambda's context object the runtime reads. */
export interface InvocationContext {
  /** This function's ARN: the account it runs in, and where a sweep sends its next invocation. */
  readonly invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
}

export interface HandlerOptions {
  readonly factory?: ClientFactory;
  readonly log?: LogSink;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onJudgement?: (judgement: Judgement) => void;
  /** Per-resource calls of a sweep in flight at once; default: DBAUTH_SWEEP_CONCURRENCY, else 8. */
  readonly concurrency?: number;
  readonly budget?: TimeBudget;
}

export interface HandlerResult {
  readonly mode: Invocation['kind'];
  readonly evaluations: number;
  readonly putCalls: number;
  /** A sweep that goes on in a next invocation: where it stands. */
  readonly continuation?: Continuation;
}

/** The environment variable that bounds a sweep's per-resource calls in flight (1–50). */
export const CONCURRENCY_SETTING = 'DBAUTH_SWEEP_CONCURRENCY';

/**
 * The Lambda handler of one rule. Parses the event, reads parameters, judges the item (change), fetches it
 * first (oversized) or sweeps the inventory (scheduled, resumable across invocations), and puts the
 * evaluations. A fault fails the invocation with a named error, logged with the rule, account, region and
 * resource: Config or Lambda then retries, and no verdict is guessed. Clients are made once per
 * container and reused by every later event.
 */
export function makeRuleHandler(rule: Rule, options: HandlerOptions = {}): (event: unknown, context?: InvocationContext) => Promise<HandlerResult> {
  const baseLog = options.log ?? jsonLogger;
  return async (raw, lambdaContext) => {
    let log = withContext(baseLog, { rule: rule.id });
    let resource: string | undefined;
    try {
      const factory = options.factory ?? containerClientFactory();
      const event = parseRuleEvent(raw);
      const region = regionOf(event);
      log = withContext(baseLog, { rule: rule.id, account: event.accountId, region });
      checkOwnAccount(event, lambdaContext);
      const parameters = parseParameters(rule.parameters, event.ruleParameters);
      const { invocation } = event;
      const clients = factory.clientsFor(event.accountId, region);
      switch (invocation.kind) {
        case 'change': {
          resource = invocation.item.resourceId;
          const judgement = isProposedItem(rule.kind, invocation.item, event.evaluationMode)
            ? judgeProposedItem(rule, invocation.item, parameters, event.eventLeftScope)
            : judgeItem(rule, invocation.item, parameters, event.eventLeftScope);
          return await putOne(clients, event, judgement, invocation.item.captureTime, options, log);
        }
        case 'oversized': {
          resource = invocation.summary.resourceId;
          const judgement = await judgeOversized(rule, clients, invocation.summary, parameters, event.eventLeftScope);
          return await putOne(clients, event, judgement, invocation.summary.captureTime, options, log);
        }
        case 'scheduled': {
          const continuation = readContinuation(raw, rule, invocation.notificationTime);
          const functionArn = lambdaContext?.invokedFunctionArn;
          const report = await sweep(rule, clients, parameters, {
            configRuleName: event.configRuleName,
            notificationTime: invocation.notificationTime,
            resultToken: event.resultToken,
            testMode: event.testMode,
            log,
            sleep: options.sleep,
            onJudgement: options.onJudgement,
            continuation,
            remainingMs: lambdaContext ? () => lambdaContext.getRemainingTimeInMillis() : undefined,
            budget: options.budget,
            concurrency: options.concurrency ?? concurrencySetting(),
            handOff: functionArn ? (next) => invokeNext(factory, region, functionArn, raw, next) : undefined,
          });
          return { mode: 'scheduled', evaluations: report.resources, putCalls: report.putCalls, ...(report.continuation ? { continuation: report.continuation } : {}) };
        }
      }
    } catch (error) {
      log.error('evaluation failed', { resource, error: (error as Error).name, reason: describeCause(error) });
      throw error;
    }
  };
}

/** A rule Lambda holds no role in any other account: an event about another account is refused. */
function checkOwnAccount(event: RuleEvent, context: InvocationContext | undefined): void {
  const functionAccount = context?.invokedFunctionArn.split(':')[4];
  if (functionAccount && functionAccount !== event.accountId) throw new WrongAccountError(event.accountId, functionAccount, "this function's account");
}

function concurrencySetting(): number {
  const raw = process.env[CONCURRENCY_SETTING];
  if (raw === undefined || raw.trim() === '') return DEFAULT_CONCURRENCY;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < 1 || value > 50) throw new InvalidSettingError(CONCURRENCY_SETTING, `${JSON.stringify(raw)} is not a whole number from 1 to 50`);
  return value;
}

/**
 * Starts the sweep's next invocation: the same event with the continuation added, sent asynchronously to
 * this same function (lambda:InvokeFunction on its own ARN), so it has a full timeout of its own and
 * the same retries and failure destination as the first.
 */
async function invokeNext(factory: ClientFactory, region: string, functionArn: string, raw: unknown, continuation: Continuation): Promise<void> {
  const payload = JSON.stringify({ ...(raw as Record<string, unknown>), [CONTINUATION_KEY]: continuation });
  await invokeAsync(factory.lambdaFor(region), functionArn, payload);
}

function regionOf(event: RuleEvent): string {
  const { invocation } = event;
  const fromItem = invocation.kind === 'change' ? invocation.item.region : invocation.kind === 'oversized' ? invocation.summary.region : undefined;
  return fromItem ?? event.region ?? process.env['AWS_REGION'] ?? 'us-east-1';
}

async function putOne(clients: AwsClients, event: RuleEvent, judgement: Judgement, captureTime: string, options: HandlerOptions, log: LogSink): Promise<HandlerResult> {
  options.onJudgement?.(judgement);
  logEvaluation(log, judgement);
  const putCalls = await putEvaluations(clients.config, [toEvaluation(judgement, captureTime)], {
    resultToken: event.resultToken,
    testMode: event.testMode,
    sleep: options.sleep,
  });
  return { mode: event.invocation.kind, evaluations: 1, putCalls };
}

/** A resource proposed for proactive evaluation: its CloudFormation properties, through the template adapter. */
function judgeProposedItem(rule: Rule, item: ConfigurationItem, parameters: RuleParameters, eventLeftScope: boolean): Judgement {
  if (eventLeftScope) return judgementOf(item, notApplicable(LEFT_SCOPE_ANNOTATION));
  return judgementOf(item, judgeProposedResource(rule, item.resourceType, item.resourceId, proposedProperties(item), parameters));
}

/** An oversized notification carries only a summary: read the item from the configuration history. */
async function judgeOversized(rule: Rule, clients: AwsClients, summary: ItemSummary, parameters: RuleParameters, eventLeftScope: boolean): Promise<Judgement> {
  if (summary.status !== 'OK' && summary.status !== 'ResourceDiscovered') {
    return judgementOf(summary, notApplicable(`status ${summary.status}: nothing to evaluate`));
  }
  const item = await readHistoryItem(clients, summary);
  return judgeItem(rule, item, parameters, eventLeftScope);
}

/**
 * The newest item of the resource's history at or before the notified capture time. It must be the
 * notified item (or newer): an older one means the history does not have it yet, and judging it would
 * report a past state as current, so a StaleHistoryItemError fails the invocation for a retry.
 */
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
  const item = decodeHistoryItem(raw);
  if (new Date(item.captureTime).getTime() < new Date(summary.captureTime).getTime()) {
    throw new StaleHistoryItemError(summary.resourceId, item.captureTime, summary.captureTime);
  }
  return item;
}
