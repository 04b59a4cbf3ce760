import { InvalidAccountIdError, InvalidParameterError, MalformedEventError, WrongAccountError, decodeEventItem, decodeHistoryItem, integerParameter, listParameter, parseParameters, parseRuleEvent } from '../../rules/kit';
import { fitAnnotation } from '../../rules/kit';
import { itemOf, loadEvent, loadJson, withItem } from '../helpers/fixtures';

describe('parseRuleEvent', () => {
  it('decodes a change notification into a typed invocation', () => {
    const event = parseRuleEvent(loadEvent('rds-postgres-iam-off.json'));
    expect(event).toMatchObject({
      testMode: true,
      accountId: '644160558196',
      configRuleName: 'rule-under-test',
      region: 'us-east-1',
      ruleParameters: {},
      invocation: { kind: 'change', item: { resourceId: 'db-KOCU7UR74VM3AC4R3H2UXX7PE4', status: 'OK', captureTime: '2017-10-30T16:28:22.554Z' } },
    });
  });

  it('decodes scheduled and oversized notifications', () => {
    expect(parseRuleEvent(loadJson('scheduled.event.json')).invocation).toEqual({
      kind: 'scheduled',
      accountId: '123456789012',
      notificationTime: '2025-06-02T12:00:00.000Z',
    });
    expect(parseRuleEvent(loadJson('oversized-aurora-cluster.event.json')).invocation).toMatchObject({
      kind: 'oversized',
      summary: { resourceType: 'AWS::RDS::DBCluster', resourceId: 'cluster-test', region: 'us-east-2' },
    });
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'hello', 'malformed event at event: expected an object, got the string "hello"'],
    ['no invokingEvent', { resultToken: 'x' }, 'malformed event at event.invokingEvent: missing'],
    ['invokingEvent not JSON', { invokingEvent: '{oops', resultToken: 'x' }, 'malformed event at event.invokingEvent: not valid JSON'],
    ['no result token', { invokingEvent: '{}' }, 'malformed event at event.resultToken: missing'],
    ['unknown message type', { invokingEvent: '{"messageType":"Hello","notificationCreationTime":"2025-01-01T00:00:00Z"}', resultToken: 'x' }, 'malformed event at invokingEvent.messageType: unsupported message type "Hello"'],
    ['bad time', { invokingEvent: '{"messageType":"ScheduledNotification","notificationCreationTime":"yesterday"}', resultToken: 'x' }, 'malformed event at invokingEvent.notificationCreationTime: expected a time, got the string "yesterday"'],
    ['ruleParameters not an object', { ...loadEvent('neptune-iam-on.json'), ruleParameters: '[1]' }, 'malformed event at event.ruleParameters: expected a JSON object, got a list'],
  ])('rejects an event with %s, naming where', (_name, raw, message) => {
    expect(() => parseRuleEvent(raw)).toThrow(MalformedEventError);
    expect(() => parseRuleEvent(raw)).toThrow(message);
  });

  it('rejects an item with an unknown status or a missing resource id', () => {
    const item = itemOf(loadEvent('neptune-iam-on.json'));
    expect(() => decodeEventItem({ ...item, configurationItemStatus: 'Gone' })).toThrow('invokingEvent.configurationItem.configurationItemStatus: unknown status "Gone"');
    expect(() => decodeEventItem({ ...item, resourceId: undefined })).toThrow('invokingEvent.configurationItem.resourceId: missing');
  });
});

describe('account ids', () => {
  // An AWS account id is 12 digits: https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
  it.each([
    ['the event', (e: Record<string, unknown>) => ({ ...e, accountId: '../12345' }), 'malformed event at event.accountId: expected a 12-digit AWS account id, got "../12345"'],
    ['the event (11 digits)', (e: Record<string, unknown>) => ({ ...e, accountId: '64416055819' }), 'malformed event at event.accountId: expected a 12-digit AWS account id, got "64416055819"'],
    [
      'the item',
      (e: Record<string, unknown>) => withItem({ ...e, accountId: undefined }, (item) => (item['awsAccountId'] = '6441605581960')),
      'malformed event at invokingEvent.configurationItem.awsAccountId: expected a 12-digit AWS account id, got "6441605581960"',
    ],
  ])('rejects a malformed account id in %s with InvalidAccountIdError', (_where, edit, message) => {
    const raw = edit(loadEvent('rds-postgres-iam-off.json'));
    expect(() => parseRuleEvent(raw)).toThrow(InvalidAccountIdError);
    expect(() => parseRuleEvent(raw)).toThrow(message);
  });

  it('rejects an item of another account than the rule', () => {
    const raw = { ...loadEvent('rds-postgres-iam-off.json'), accountId: '111122223333' };
    expect(() => parseRuleEvent(raw)).toThrow(WrongAccountError);
    expect(() => parseRuleEvent(raw)).toThrow(
      "the event is about account 644160558196, but the rule's account (event.accountId) is account 111122223333: a rule reads and reports only its own account",
    );
  });
});

describe('configuration item encodings', () => {
  it('decodes the event encoding and the history encoding of the same item to the same shape', () => {
    const [historical] = loadJson<{ configurationItems: unknown[] }>('oversized-aurora-cluster.history.json').configurationItems;
    const fromHistory = decodeHistoryItem(historical);
    const fromEvent = decodeEventItem(itemOf(loadEvent('aurora-cluster-iam-off.json')));
    expect(fromHistory).toEqual(fromEvent);
    expect(fromHistory.configuration).toMatchObject({ engine: 'aurora-mysql', iamdatabaseAuthenticationEnabled: false });
  });

  it('accepts Date capture times, as the SDK returns them', () => {
    const [historical] = loadJson<{ configurationItems: Record<string, unknown>[] }>('oversized-aurora-cluster.history.json').configurationItems;
    const withDate = { ...historical, configurationItemCaptureTime: new Date('2022-02-21T18:42:15.271Z') };
    expect(decodeHistoryItem(withDate).captureTime).toBe('2022-02-21T18:42:15.271Z');
  });

  it('names the field when the history configuration is not JSON', () => {
    const [historical] = loadJson<{ configurationItems: Record<string, unknown>[] }>('oversized-aurora-cluster.history.json').configurationItems;
    expect(() => decodeHistoryItem({ ...historical, configuration: '{"engine":' })).toThrow('malformed event at configurationItems[0].configuration: not valid JSON');
  });
});

describe('rule parameters', () => {
  const specs = {
    engines: listParameter({ description: 'engines', default: ['mysql', 'postgres'], allowed: ['mysql', 'postgres', 'mariadb'], lowerCase: true }),
    minimum: integerParameter({ description: 'minimum', default: 7, min: 1, max: 35 }),
  };

  it('applies defaults and parses values', () => {
    expect(parseParameters(specs, {}).rule).toEqual({ engines: ['mysql', 'postgres'], minimum: 7 });
    expect(parseParameters(specs, { engines: ' MySQL , mariadb', minimum: '14' }).rule).toEqual({ engines: ['mysql', 'mariadb'], minimum: 14 });
    expect(parseParameters(specs, { ExemptionTagKey: 'skip' }).runtime).toEqual({ exemptionTagKey: 'skip' });
  });

  it.each([
    [{ minimum: '0' }, 'invalid rule parameter minimum: 0 is outside 1–35'],
    [{ minimum: '36' }, 'invalid rule parameter minimum: 36 is outside 1–35'],
    [{ minimum: '7.5' }, 'invalid rule parameter minimum: "7.5" is not a whole number'],
    [{ minimum: 'seven' }, 'invalid rule parameter minimum: "seven" is not a whole number'],
    [{ engines: 'mysql,oracle-ee' }, 'invalid rule parameter engines: oracle-ee is not one of mysql, postgres, mariadb'],
    [{ engines: ',,' }, 'invalid rule parameter engines: ",," names no value'],
    [{ minimumm: '7' }, 'invalid rule parameter minimumm: not a parameter of this rule (it takes engines, minimum, ExemptionTagKey)'],
    // A rule reads only its own account: no deployment passes a role to assume any more.
    [{ ExecutionRoleName: 'dbauth-exec' }, 'invalid rule parameter ExecutionRoleName: not a parameter of this rule (it takes engines, minimum, ExemptionTagKey)'],
  ])('rejects %j with a named error', (raw, message) => {
    expect(() => parseParameters(specs, raw)).toThrow(InvalidParameterError);
    expect(() => parseParameters(specs, raw)).toThrow(message);
  });
});

describe('annotations', () => {
  it('keeps annotations within 256 characters, cut visibly', () => {
    const cut = fitAnnotation('x'.repeat(300));
    expect(cut).toHaveLength(256);
    expect(cut.endsWith('…')).toBe(true);
    expect(fitAnnotation('  ')).toBe('no detail');
  });
});
