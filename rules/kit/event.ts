import { InvalidAccountIdError, InvalidParameterError, MalformedEventError, WrongAccountError } from './errors';
import { isObject, typeName } from './fields';
import type { ConfigurationItem } from './item';
import { Reader, decodeEventItem, parseJson } from './item';

/** The identity of an item whose configuration was too large for the event. */
export interface ItemSummary {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName: string | undefined;
  readonly status: string;
  readonly captureTime: string;
}

export type Invocation =
  | { readonly kind: 'change'; readonly item: ConfigurationItem; readonly notificationTime: string }
  | { readonly kind: 'oversized'; readonly summary: ItemSummary; readonly notificationTime: string }
  | { readonly kind: 'scheduled'; readonly accountId: string; readonly notificationTime: string };

/** A Config rule Lambda event, checked and decoded. */
export interface RuleEvent {
  readonly invocation: Invocation;
  readonly ruleParameters: Readonly<Record<string, string>>;
  readonly resultToken: string;
  /** Config passes the token "TESTMODE" when the rule is invoked outside a real evaluation. */
  readonly testMode: boolean;
  readonly eventLeftScope: boolean;
  readonly accountId: string;
  readonly configRuleName: string;
  readonly configRuleArn: string | undefined;
  /** From the rule ARN when present: a Config rule can only invoke a Lambda of its own region. */
  readonly region: string | undefined;
  /**
   * The evaluation mode, where the event states one (`evaluationMode`, which recorded events set to
   * DETECTIVE). No AWS page shows a proactive evaluation's event, so an absent mode is read from the
   * item's form instead (see ./proposal).
   */
  readonly evaluationMode: EvaluationMode | undefined;
}

export type EvaluationMode = 'DETECTIVE' | 'PROACTIVE';
const EVALUATION_MODES: readonly EvaluationMode[] = ['DETECTIVE', 'PROACTIVE'];

/** Parses a raw Lambda event. Throws MalformedEventError or InvalidParameterError with the path of the fault. */
export function parseRuleEvent(raw: unknown): RuleEvent {
  const event = new Reader(raw, 'event');
  const invokingEventText = event.raw('invokingEvent');
  const invokingRaw = typeof invokingEventText === 'string' ? parseJson(invokingEventText, 'event.invokingEvent') : invokingEventText;
  if (!isObject(invokingRaw)) {
    throw new MalformedEventError('event.invokingEvent', invokingEventText === undefined ? 'missing' : `expected a JSON object, got ${typeName(invokingRaw)}`);
  }
  const resultToken = event.requiredString('resultToken');
  const accountId = event.optionalString('accountId');
  const configRuleArn = event.optionalString('configRuleArn');
  const invocation = parseInvocation(new Reader(invokingRaw, 'invokingEvent'), accountId);
  return {
    invocation,
    ruleParameters: parseRuleParameters(event.raw('ruleParameters')),
    resultToken,
    testMode: resultToken === 'TESTMODE',
    eventLeftScope: event.optionalBoolean('eventLeftScope') ?? false,
    accountId: checkedAccount(accountId, invocation),
    configRuleName: event.optionalString('configRuleName') ?? 'unnamed-rule',
    configRuleArn,
    region: configRuleArn?.split(':')[3] || undefined,
    evaluationMode: evaluationModeOf(event),
  };
}

/** The mode the event states, if it states one: Config's EvaluationMode values, nothing else. */
function evaluationModeOf(event: Reader): EvaluationMode | undefined {
  const mode = event.optionalString('evaluationMode');
  if (mode !== undefined && !(EVALUATION_MODES as readonly string[]).includes(mode)) {
    throw new MalformedEventError('event.evaluationMode', `unknown evaluation mode ${JSON.stringify(mode)} (expected ${EVALUATION_MODES.join(' or ')})`);
  }
  return mode as EvaluationMode | undefined;
}

function parseInvocation(at: Reader, eventAccountId: string | undefined): Invocation {
  const messageType = at.requiredString('messageType');
  const notificationTime = at.time('notificationCreationTime');
  switch (messageType) {
    case 'ConfigurationItemChangeNotification':
      if (at.raw('configurationItem') === undefined) throw new MalformedEventError('invokingEvent.configurationItem', 'missing');
      return { kind: 'change', item: decodeEventItem(at.raw('configurationItem')), notificationTime };
    case 'OversizedConfigurationItemChangeNotification': {
      const summary = new Reader(at.raw('configurationItemSummary'), 'invokingEvent.configurationItemSummary');
      return {
        kind: 'oversized',
        notificationTime,
        summary: {
          accountId: summary.requiredString('awsAccountId'),
          region: summary.requiredString('awsRegion'),
          resourceType: summary.requiredString('resourceType'),
          resourceId: summary.requiredString('resourceId'),
          resourceName: summary.optionalString('resourceName'),
          status: summary.requiredString('configurationItemStatus'),
          captureTime: summary.time('configurationItemCaptureTime'),
        },
      };
    }
    case 'ScheduledNotification': {
      const accountId = at.optionalString('awsAccountId') ?? eventAccountId;
      if (!accountId) throw new MalformedEventError('invokingEvent.awsAccountId', 'missing');
      return { kind: 'scheduled', accountId, notificationTime };
    }
    default:
      throw new MalformedEventError('invokingEvent.messageType', `unsupported message type ${JSON.stringify(messageType)}`);
  }
}

/** An AWS account id: exactly 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account the event is about: the event's `accountId` and the item's (or schedule's) account, each 12
 * digits, and the same when both are given (a rule reports only its own account's resources).
 */
function checkedAccount(eventAccountId: string | undefined, invocation: Invocation): string {
  const itemAccountId = accountOf(invocation);
  const itemPath = invocation.kind === 'change' ? 'invokingEvent.configurationItem.awsAccountId' : invocation.kind === 'oversized' ? 'invokingEvent.configurationItemSummary.awsAccountId' : 'invokingEvent.awsAccountId';
  if (eventAccountId !== undefined && !ACCOUNT_ID.test(eventAccountId)) throw new InvalidAccountIdError('event.accountId', eventAccountId);
  if (!ACCOUNT_ID.test(itemAccountId)) throw new InvalidAccountIdError(itemPath, itemAccountId);
  if (eventAccountId !== undefined && eventAccountId !== itemAccountId) throw new WrongAccountError(itemAccountId, eventAccountId, "the rule's account (event.accountId)");
  return itemAccountId;
}

function accountOf(invocation: Invocation): string {
  switch (invocation.kind) {
    case 'change':
      return invocation.item.accountId;
    case 'oversized':
      return invocation.summary.accountId;
    case 'scheduled':
      return invocation.accountId;
  }
}

/** `ruleParameters` is a JSON object string, absent or "{}". Scalar values are taken as their text. */
export function parseRuleParameters(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null || raw === '') return {};
  const parsed = typeof raw === 'string' ? parseJson(raw, 'event.ruleParameters') : raw;
  if (!isObject(parsed)) throw new MalformedEventError('event.ruleParameters', `expected a JSON object, got ${typeName(parsed)}`);
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string') parameters[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') parameters[name] = String(value);
    else if (value !== null && value !== undefined) throw new InvalidParameterError(name, `expected a text value, got ${typeName(value)}`);
  }
  return parameters;
}
