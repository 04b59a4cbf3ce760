import { DocumentValidationError, ensureType, runAutomation, ssmString, validateDocument, virtualClock } from '../../remediations/runner';
import type { AutomationDocument, ClientFactory, CommandSender } from '../../remediations/runner';
import { select, SelectorSyntaxError } from '../../remediations/selector';
import { accountWith, cluster, CLUSTER_ID } from './helpers';

const response = {
  DBClusters: [
    { DBClusterIdentifier: 'a', IAMDatabaseAuthenticationEnabled: false, TagList: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }], Port: 8182 },
    { DBClusterIdentifier: 'b', TagList: [] },
  ],
};

describe('selectors', () => {
  it.each([
    ['$.DBClusters[0].DBClusterIdentifier', { found: true, value: 'a' }],
    ['$.DBClusters[1].DBClusterIdentifier', { found: true, value: 'b' }],
    ['$.DBClusters[2].DBClusterIdentifier', { found: false }],
    ['$.DBClusters[0].Missing', { found: false }],
    ['$.DBClusters[0].TagList..Key', { found: true, value: ['k1', 'k2'] }],
    ['$.DBClusters[1].TagList..Key', { found: false }],
    ['$..DBClusterIdentifier', { found: true, value: ['a', 'b'] }],
    ['$.DBClusters[1].TagList', { found: true, value: [] }],
    ['$.DBClusters[0].IAMDatabaseAuthenticationEnabled', { found: true, value: false }],
  ])('%s', (selector, expected) => {
    expect(select(response, selector)).toEqual(expected);
  });

  it.each([['DBClusters'], ['$.DBClusters[*]'], ["$.DBClusters[?(@.Port)]"], ['$.'], ['$..']])('refuses %s, outside the subset', (selector) => {
    expect(() => select(response, selector)).toThrow(SelectorSyntaxError);
  });
});

describe('values and types', () => {
  it.each([
    [true, 'True'],
    [false, 'False'],
    [7, '7'],
    ['x', 'x'],
    [{}, '{}'],
    [['a'], '["a"]'],
  ])('writes %j as %s', (value, expected) => {
    expect(ssmString(value)).toBe(expected);
  });

  it.each([
    ['8182', 'String', '8182'],
    [7, 'Integer', 7],
    [false, 'Boolean', false],
    [['x'], 'StringList', ['x']],
    [[], 'StringList', []],
    [{ a: 1 }, 'StringMap', { a: 1 }],
    [[{ a: 1 }], 'MapList', [{ a: 1 }]],
  ] as const)('keeps %j as %s', (value, type, expected) => {
    expect(ensureType(value, type)).toEqual(expected);
  });

  it.each([
    [8182, 'String'],
    [true, 'String'],
    ['7', 'Integer'],
    ['true', 'Boolean'],
    ['x', 'StringList'],
    [[1, true], 'StringList'],
    [{ a: 1 }, 'String'],
    ['x', 'MapList'],
  ] as const)('refuses %j as %s: SSM documents no conversion', (value, type) => {
    expect(() => ensureType(value, type)).toThrow(/is (String|Integer|Boolean|StringList|StringMap|MapList|of no SSM type), not/);
  });
});

function clients(map: Record<string, CommandSender>): ClientFactory {
  return (service) => map[service];
}

/** A client that answers every command with the same response, counting calls. */
function fixedClient(body: unknown): CommandSender & { calls: number } {
  const client = {
    calls: 0,
    send: () => {
      client.calls += 1;
      return Promise.resolve({ $metadata: {}, ...(body as object) });
    },
  };
  return client;
}

const doc = (mainSteps: AutomationDocument['mainSteps'], extra: Partial<AutomationDocument> = {}): AutomationDocument => ({
  schemaVersion: '0.3',
  parameters: { Name: { type: 'String', allowedPattern: '^[a-z]+$', default: 'abc' } },
  mainSteps,
  ...extra,
});
const describeStep = { name: 'Describe', action: 'aws:executeAwsApi', inputs: { Service: 'rds', Api: 'DescribeDBClusters' } };

describe('branches', () => {
  const variables = { s: 'Neptune', n: 7, b: true, list: ['audit', 'slowquery'] };
  it.each([
    [{ Variable: '{{ Describe.S }}', StringEquals: 'Neptune' }, true],
    [{ Variable: '{{ Describe.S }}', StringEquals: 'neptune' }, false],
    [{ Variable: '{{ Describe.S }}', EqualsIgnoreCase: 'NEPTUNE' }, true],
    [{ Variable: '{{ Describe.S }}', StartsWith: 'Nep' }, true],
    [{ Variable: '{{ Describe.S }}', EndsWith: 'une' }, true],
    [{ Variable: '{{ Describe.S }}', Contains: 'ptu' }, true],
    [{ Variable: '{{ Describe.N }}', NumericEquals: 7 }, true],
    [{ Variable: '{{ Describe.N }}', NumericGreater: 6 }, true],
    [{ Variable: '{{ Describe.N }}', NumericLesser: 7 }, false],
    [{ Variable: '{{ Describe.N }}', NumericGreaterOrEquals: 7 }, true],
    [{ Variable: '{{ Describe.N }}', NumericLesserOrEquals: 6 }, false],
    [{ Variable: '{{ Describe.B }}', BooleanEquals: true }, true],
    [{ Not: { Variable: '{{ Describe.B }}', BooleanEquals: true } }, false],
    [{ And: [{ Variable: '{{ Describe.B }}', BooleanEquals: true }, { Variable: '{{ Describe.N }}', NumericEquals: 8 }] }, false],
    [{ Or: [{ Variable: '{{ Describe.B }}', BooleanEquals: false }, { Variable: '{{ Describe.N }}', NumericEquals: 7 }] }, true],
  ])('%j is %s', async (choice, expected) => {
    const result = await runAutomation(
      doc([
        {
          ...describeStep,
          outputs: [
            { Name: 'S', Selector: '$.s', Type: 'String' },
            { Name: 'N', Selector: '$.n', Type: 'Integer' },
            { Name: 'B', Selector: '$.b', Type: 'Boolean' },
            { Name: 'L', Selector: '$.list', Type: 'StringList' },
          ],
        },
        { name: 'Choose', action: 'aws:branch', inputs: { Choices: [{ ...choice, NextStep: 'Yes' }], Default: 'No' } },
        { name: 'Yes', action: 'aws:updateVariable', isEnd: true, inputs: { Name: 'variable:V', Value: 'yes' } },
        { name: 'No', action: 'aws:updateVariable', isEnd: true, inputs: { Name: 'variable:V', Value: 'no' } },
      ], { variables: { V: { type: 'String', default: 'unset' } } }),
      {},
      { clientFor: clients({ rds: fixedClient(variables) }) },
    );
    expect(result.stepResults.map((s) => s.name)).toEqual(['Describe', 'Choose', expected ? 'Yes' : 'No']);
  });
});

describe('execution', () => {
  it('fails a step that references an output that was not produced, and aborts by default', async () => {
    const result = await runAutomation(
      doc([
        { ...describeStep, outputs: [{ Name: 'Missing', Selector: '$.nothing', Type: 'String' }] },
        { name: 'Use', action: 'aws:branch', inputs: { Choices: [{ NextStep: 'Never', Variable: '{{ Describe.Missing }}', StringEquals: 'x' }], Default: 'Never' } },
        { ...describeStep, name: 'Never' },
      ]),
      {},
      { clientFor: clients({ rds: fixedClient({}) }) },
    );
    expect(result).toMatchObject({ status: 'Failed', failedStep: 'Use' });
    expect(result.failureMessage).toMatch(/Describe\.Missing.*was not produced: the selector \$\.nothing of step Describe matched nothing/);
    expect(result.stepResults[1]?.errorName).toBe('UnresolvedReferenceError');
    expect(result.stepResults.map((s) => s.name)).toEqual(['Describe', 'Use']);
  });

  it('continues past a non-critical failure to its onFailure step, and still succeeds', async () => {
    const result = await runAutomation(
      doc([
        { name: 'Probe', action: 'aws:branch', isCritical: false, onFailure: 'step:After', inputs: { Choices: [{ NextStep: 'After', Variable: '{{ Name }}', NumericEquals: 1 }], Default: 'After' } },
        { name: 'Skipped', action: 'aws:executeAwsApi', inputs: { Service: 'rds', Api: 'DescribeDBClusters' } },
        { ...describeStep, name: 'After' },
      ]),
      {},
      { clientFor: clients({ rds: fixedClient({}) }) },
    );
    expect(result.status).toBe('Success');
    expect(result.stepResults.map((s) => [s.name, s.status])).toEqual([
      ['Probe', 'Failed'],
      ['After', 'Success'],
    ]);
  });

  it.each([
    [{}, /Name: abc/],
    [{ Name: 'Abc' }, /does not match/],
    [{ Other: 'x' }, /unknown parameter Other/],
  ])('binds parameters %j', async (given, expected) => {
    const run = runAutomation(
      doc([{ name: 'Set', action: 'aws:updateVariable', inputs: { Name: 'variable:V', Value: 'Name: {{ Name }}' } }], {
        variables: { V: { type: 'String', default: '-' } },
        outputs: [],
      }),
      given,
      { clientFor: () => undefined },
    );
    if (expected.source.includes('Name: abc')) await expect(run).resolves.toMatchObject({ status: 'Success' });
    else await expect(run).rejects.toThrow(expected);
  });

  it('refuses an API the SDK client does not have', async () => {
    const result = await runAutomation(doc([{ name: 'Bad', action: 'aws:executeAwsApi', inputs: { Service: 'rds', Api: 'DescribeDBClustres' } }]), {}, { clientFor: clients({ rds: fixedClient({}) }) });
    expect(result.failureMessage).toMatch(/no operation DescribeDBClustres for service rds/);
  });

  it('times a wait out by its own clock: thousands of polls, no wall time', async () => {
    const client = fixedClient({ Status: 'modifying' });
    const result = await runAutomation(
      doc([{ name: 'Wait', action: 'aws:waitForAwsResourceProperty', inputs: { Service: 'rds', Api: 'DescribeDBClusters', PropertySelector: '$.Status', DesiredValues: ['available'] } }]),
      {},
      { clientFor: clients({ rds: client }), clock: virtualClock(), pollIntervalSeconds: 1 },
    );
    expect(result).toMatchObject({ status: 'TimedOut', failedStep: 'Wait' });
    expect(result.failureMessage).toMatch(/timed out after 3600 s: \$\.Status is "modifying"; expected one of \["available"\]/);
    // One poll at 0 s and one a second until 3600 s.
    expect(client.calls).toBe(3601);
  });

  it('runs through real SDK clients: inputs are validated and serialized by the SDK', async () => {
    const account = accountWith({ clusters: [cluster()] });
    const result = await runAutomation(
      doc([
        {
          name: 'Describe',
          action: 'aws:executeAwsApi',
          inputs: { Service: 'rds', Api: 'DescribeDBClusters', Filters: [{ Name: 'db-cluster-resource-id', Values: [CLUSTER_ID] }], MaxRecords: 5 },
        },
      ]),
      {},
      { clientFor: clients({ rds: account.rdsClient() }) },
    );
    expect(result.failureMessage).toMatch(/InvalidParameterValue: Invalid value 5 for MaxRecords/);
  });
});

describe('what SSM refuses at CreateDocument', () => {
  const step = { name: 'Describe', action: 'aws:executeAwsApi', inputs: { Service: 'rds', Api: 'DescribeDBClusters' } };
  const base = { schemaVersion: '0.3', mainSteps: [step] };
  it.each([
    ['an unknown document key', { ...base, extra: 1 }, /unknown key extra/],
    ['an unknown step key', { ...base, mainSteps: [{ ...step, retries: 2 }] }, /unknown key retries/],
    ['allowedPattern on an Integer parameter', { ...base, parameters: { N: { type: 'Integer', allowedPattern: '^\\d+$' } } }, /allowedPattern is allowed for String and StringList parameters only/],
    ['a quoted Integer default', { ...base, parameters: { N: { type: 'Integer', default: '7' } } }, /default "7" is not a Integer/],
    ['a step name with a hyphen', { ...base, mainSteps: [{ ...step, name: 'Describe-Cluster' }] }, /must be 1 to 100 letters, digits or underscores/],
    ['a numeric schemaVersion', { ...base, schemaVersion: 0.3 }, /schemaVersion must be the string '0.3'/],
    [
      'Or nested in And',
      { ...base, mainSteps: [step, { name: 'B', action: 'aws:branch', inputs: { Choices: [{ NextStep: 'Describe', And: [{ Variable: '{{ X }}', StringEquals: 'a' }, { Or: [{ Variable: '{{ X }}', StringEquals: 'b' }, { Variable: '{{ X }}', StringEquals: 'c' }] }] }], Default: 'Describe' } }] },
      /Or inside And, Or or Not is not documented/,
    ],
    ['a loop', { ...base, mainSteps: [{ ...step, nextStep: 'Again' }, { ...step, name: 'Again', nextStep: 'Describe' }] }, /the steps loop: Describe → Again → Describe/],
    ['an unknown target', { ...base, mainSteps: [{ ...step, onFailure: 'step:Nowhere' }] }, /goes to Nowhere, which is not a step/],
  ])('%s', (_what, document, expected) => {
    expect(() => validateDocument(document)).toThrow(DocumentValidationError);
    expect(() => validateDocument(document)).toThrow(expected);
  });
});

describe('what SSM fails at run time', () => {
  const response = { s: 'neptune', n: 7, list: ['audit'], map: { a: '1' } };
  const describeAll = {
    ...describeStep,
    outputs: [
      { Name: 'S', Selector: '$.s', Type: 'String' as const },
      { Name: 'L', Selector: '$.list', Type: 'StringList' as const },
    ],
  };
  async function failure(steps: AutomationDocument['mainSteps'], parameters: AutomationDocument['parameters'] = {}): Promise<[string | undefined, string | undefined]> {
    const result = await runAutomation({ schemaVersion: '0.3', parameters, mainSteps: [describeAll, ...steps, { ...describeStep, name: 'End' }] }, {}, { clientFor: clients({ rds: fixedClient(response) }) });
    const failed = result.stepResults.find((s) => s.status !== 'Success');
    return [failed?.errorName, failed?.failureMessage];
  }
  const branchOn = (choice: Record<string, unknown>) => ({ name: 'B', action: 'aws:branch', inputs: { Choices: [{ NextStep: 'End', ...choice }], Default: 'End' } });

  it('Contains on a StringList', async () => {
    expect(await failure([branchOn({ Variable: '{{ Describe.L }}', Contains: 'audit' })])).toEqual(['AutomationTypeError', expect.stringMatching(/Contains is a String operation, but \{\{ Describe\.L \}\} is a StringList/)]);
  });

  it('an Integer parameter in DesiredValues', async () => {
    const assert = { name: 'A', action: 'aws:assertAwsResourceProperty', inputs: { Service: 'rds', Api: 'DescribeDBClusters', PropertySelector: '$.n', DesiredValues: ['{{ Days }}'] } };
    expect(await failure([assert], { Days: { type: 'Integer', default: 7 } })).toEqual(['AutomationTypeError', expect.stringMatching(/DesiredValues holds 7, a Integer: it takes strings only/)]);
  });

  it('a map compared with DesiredValues', async () => {
    const assert = { name: 'A', action: 'aws:assertAwsResourceProperty', inputs: { Service: 'rds', Api: 'DescribeDBClusters', PropertySelector: '$.map', DesiredValues: ['{}'] } };
    expect(await failure([assert])).toEqual(['UndocumentedBehaviourError', expect.stringMatching(/comparing a map or a list with DesiredValues is not documented/)]);
  });

  it('a reference as the operand of a comparison', async () => {
    expect(await failure([branchOn({ Variable: '{{ Describe.S }}', StringEquals: '{{ Describe.S }}' })])).toEqual(['UndocumentedBehaviourError', expect.stringMatching(/compares a Variable with a literal value only/)]);
  });

  it('a StringList written inside a string', async () => {
    const set = { name: 'V', action: 'aws:updateVariable', inputs: { Name: 'variable:V', Value: 'exports: {{ Describe.L }}' } };
    const result = await runAutomation({ schemaVersion: '0.3', variables: { V: { type: 'String', default: '' } }, mainSteps: [describeAll, set] }, {}, { clientFor: clients({ rds: fixedClient(response) }) });
    expect(result.stepResults[1]?.errorName).toBe('AutomationTypeError');
  });

  it.each([
    ['a String parameter into an Integer member', { Service: 'neptune', Api: 'ModifyDBCluster', DBClusterIdentifier: 'graph', BackupRetentionPeriod: '{{ Days }}' }, /BackupRetentionPeriod: expected an Integer, got string "7"/],
    ['a member the operation does not have', { Service: 'rds', Api: 'DescribeDBClusters', DBClusterIdentifer: 'graph' }, /DBClusterIdentifer: not a member of DescribeDBClustersMessage/],
    ['NeptuneSettings without its required members', { Service: 'dms', Api: 'ModifyEndpoint', EndpointArn: 'arn', NeptuneSettings: { IamAuthEnabled: true } }, /NeptuneSettings\.S3BucketName: required by NeptuneSettings; NeptuneSettings\.S3BucketFolder: required/],
  ])('%s, checked against the shape the SDK ships', async (_what, inputs, expected) => {
    const call = { name: 'Call', action: 'aws:executeAwsApi', inputs };
    const client = fixedClient({});
    const result = await runAutomation({ schemaVersion: '0.3', parameters: { Days: { type: 'String', default: '7' } }, mainSteps: [call] }, {}, { clientFor: () => client });
    expect([result.stepResults[0]?.errorName, client.calls]).toEqual(['AutomationTypeError', 0]);
    expect(result.failureMessage).toMatch(expected);
  });

  it('a value of another type into a variable', async () => {
    const set = { name: 'V', action: 'aws:updateVariable', inputs: { Name: 'variable:V', Value: '{{ Describe.L }}' } };
    const result = await runAutomation({ schemaVersion: '0.3', variables: { V: { type: 'String', default: '' } }, mainSteps: [describeAll, set] }, {}, { clientFor: clients({ rds: fixedClient(response) }) });
    expect([result.stepResults[1]?.errorName, result.stepResults[1]?.failureMessage]).toEqual(['AutomationTypeError', expect.stringMatching(/is StringList, not String/)]);
  });
});

describe('aws:executeScript', () => {
  const script = (source: string, handler = 'handler') => ({
    name: 'Script',
    action: 'aws:executeScript',
    inputs: { Runtime: 'python3.11', Handler: handler, Script: source, InputPayload: { Name: '{{ Name }}' } },
    outputs: [{ Name: 'Greeting', Selector: '$.Payload.greeting', Type: 'String' as const }],
  });

  it('runs the handler in Python with the InputPayload and selects outputs from $.Payload', async () => {
    const result = await runAutomation(doc([script("def handler(events, context):\n    return {'greeting': 'hello ' + events['Name'].upper()}\n")], { outputs: ['Script.Greeting'] }), {}, { clientFor: () => undefined });
    expect([result.status, result.outputs]).toEqual(['Success', { 'Script.Greeting': 'hello ABC' }]);
  });

  it('fails the step with the exception the script raises', async () => {
    const result = await runAutomation(doc([script("def handler(events, context):\n    raise Exception('refused: ' + events['Name'])\n")]), {}, { clientFor: () => undefined });
    expect([result.status, result.failureMessage]).toEqual(['Failed', 'Step Script failed: Exception: refused: abc']);
  });
});
