import { convert, runAutomation, ssmString, virtualClock } from '../../remediations/runner';
import type { AutomationDocument, CommandSender } from '../../remediations/runner';
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
    [8182, 'String', '8182'],
    [true, 'String', 'True'],
    ['7', 'Integer', 7],
    [['7'], 'Integer', 7],
    ['true', 'Boolean', true],
    [false, 'Boolean', false],
    ['x', 'StringList', ['x']],
    [[1, true], 'StringList', ['1', 'True']],
    [{ a: 1 }, 'StringMap', { a: 1 }],
    [[{ a: 1 }], 'MapList', [{ a: 1 }]],
  ] as const)('converts %j to %s', (value, type, expected) => {
    expect(convert(value, type)).toEqual(expected);
  });

  it.each([
    [{ a: 1 }, 'String'],
    ['seven', 'Integer'],
    ['yes', 'Boolean'],
    [[{ a: 1 }], 'StringList'],
    ['x', 'MapList'],
  ] as const)('refuses to convert %j to %s', (value, type) => {
    expect(() => convert(value, type)).toThrow(/cannot be converted/);
  });
});

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
    [{ Variable: '{{ Describe.L }}', Contains: 'audit' }, true],
    [{ Variable: '{{ Describe.L }}', Contains: 'aud' }, false],
    [{ Variable: '{{ Describe.N }}', NumericEquals: 7 }, true],
    [{ Variable: '{{ Describe.N }}', NumericGreater: 6 }, true],
    [{ Variable: '{{ Describe.N }}', NumericLesser: 7 }, false],
    [{ Variable: '{{ Describe.N }}', NumericGreaterOrEquals: '{{ Describe.N }}' }, true],
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
            { Name: 'S', Selector: '$.s' },
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
      { clients: { rds: fixedClient(variables) } },
    );
    expect(result.stepResults.map((s) => s.name)).toEqual(['Describe', 'Choose', expected ? 'Yes' : 'No']);
  });
});

describe('execution', () => {
  it('fails a step that references an output that was not produced, and aborts by default', async () => {
    const result = await runAutomation(
      doc([
        { ...describeStep, outputs: [{ Name: 'Missing', Selector: '$.nothing' }] },
        { name: 'Use', action: 'aws:branch', inputs: { Choices: [{ NextStep: 'Describe', Variable: '{{ Describe.Missing }}', StringEquals: 'x' }], Default: 'Describe' } },
        { ...describeStep, name: 'Never' },
      ]),
      {},
      { clients: { rds: fixedClient({}) } },
    );
    expect(result).toMatchObject({ status: 'Failed', failedStep: 'Use' });
    expect(result.failureMessage).toMatch(/Describe\.Missing.*not defined/);
    expect(result.stepResults.map((s) => s.name)).toEqual(['Describe', 'Use']);
  });

  it('continues past a non-critical failure to its onFailure step, and still succeeds', async () => {
    const result = await runAutomation(
      doc([
        { name: 'Probe', action: 'aws:branch', isCritical: false, onFailure: 'step:After', inputs: { Choices: [{ NextStep: 'After', Variable: '{{ X.Y }}', StringEquals: '' }], Default: 'After' } },
        { name: 'Skipped', action: 'aws:executeAwsApi', inputs: { Service: 'rds', Api: 'DescribeDBClusters' } },
        { ...describeStep, name: 'After' },
      ]),
      {},
      { clients: { rds: fixedClient({}) } },
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
      { clients: {} },
    );
    if (expected.source.includes('Name: abc')) await expect(run).resolves.toMatchObject({ status: 'Success' });
    else await expect(run).rejects.toThrow(expected);
  });

  it('refuses an API the SDK client does not have', async () => {
    const result = await runAutomation(doc([{ name: 'Bad', action: 'aws:executeAwsApi', inputs: { Service: 'rds', Api: 'DescribeDBClustres' } }]), {}, { clients: { rds: fixedClient({}) } });
    expect(result.failureMessage).toMatch(/no operation DescribeDBClustres for service rds/);
  });

  it('times a wait out by its own clock: thousands of polls, no wall time', async () => {
    const client = fixedClient({ Status: 'modifying' });
    const result = await runAutomation(
      doc([{ name: 'Wait', action: 'aws:waitForAwsResourceProperty', inputs: { Service: 'rds', Api: 'DescribeDBClusters', PropertySelector: '$.Status', DesiredValues: ['available'] } }]),
      {},
      { clients: { rds: client }, clock: virtualClock(), pollIntervalSeconds: 1 },
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
      { clients: { rds: account.rdsClient() } },
    );
    expect(result.failureMessage).toMatch(/InvalidParameterValue: Invalid value 5 for MaxRecords/);
  });
});
