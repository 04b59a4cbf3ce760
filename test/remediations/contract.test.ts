/**
 * The runbook contract: every API step of every runbook, checked against AWS's service models as SSM
 * Automation sees them (SSM calls the APIs through boto3, so botocore's service, operation and member
 * names). The models come from the pinned devDependency aws-sdk@2.1693.0 (`apis/*.min.json`), not from
 * this repository, and the rules from AWS's documentation:
 * - aws:executeAwsApi (Service is the boto3 namespace, inputs are the operation's parameters, outputs
 *   are a Name, a JSONPath Selector and a Type):
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeAwsApi.html
 * - aws:assertAwsResourceProperty / aws:waitForAwsResourceProperty (PropertySelector, DesiredValues a
 *   list of strings):
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-assertAwsResourceProperty.html
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-waitForAwsResourceProperty.html
 * - output types, the conversions Automation makes, and "the data type can't be dynamically changed
 *   within an action's input":
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-outputs-inputs.html
 * - aws:executeScript outputs select from the script's return value, $.Payload:
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html
 * - aws:branch operators by type (string, numeric, BooleanEquals):
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-branch.html
 * - globals (global:ACCOUNT_ID, global:REGION, global:AWS_PARTITION, global:DATE, global:DATE_TIME):
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html
 */
import { runbooks } from '../../remediations';
import { checkRunbook, parsePath, SelectorPathError } from '../contract/runbook-contract';
import { loadServiceModel, serviceModels } from '../contract/service-models';

const models = serviceModels();


// ---- hand-made documents: the checker must fail them ----------------------------------------------

const describeByResourceId = {
  Service: 'rds',
  Api: 'DescribeDBClusters',
  Filters: [{ Name: 'db-cluster-resource-id', Values: ['{{ DbClusterResourceId }}'] }],
};

/** A small valid runbook in the shape of ours: look up, check, change, verify. */
function baseDocument(): Record<string, unknown> {
  return {
    schemaVersion: '0.3',
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      DbClusterResourceId: { type: 'String', allowedPattern: '^cluster-[A-Z0-9]+$' },
      AutomationAssumeRole: { type: 'String', allowedPattern: '^arn:.*$' },
      Days: { type: 'Integer', default: 7 },
      Flag: { type: 'String', default: 'True' },
    },
    outputs: ['Describe.Identifier'],
    mainSteps: [
      {
        name: 'Describe',
        action: 'aws:executeAwsApi',
        inputs: { ...describeByResourceId },
        outputs: [
          { Name: 'Identifier', Selector: '$.DBClusters[0].DBClusterIdentifier', Type: 'String' },
          { Name: 'Retention', Selector: '$.DBClusters[0].BackupRetentionPeriod', Type: 'Integer' },
          { Name: 'TagKeys', Selector: '$.DBClusters[0].TagList..Key', Type: 'StringList' },
          { Name: 'Tags', Selector: '$.DBClusters[0].TagList', Type: 'MapList' },
          { Name: 'Pending', Selector: '$.DBClusters[0].PendingModifiedValues', Type: 'StringMap' },
        ],
      },
      {
        name: 'AssertAvailable',
        action: 'aws:assertAwsResourceProperty',
        inputs: { ...describeByResourceId, PropertySelector: '$.DBClusters[0].Status', DesiredValues: ['available'] },
      },
      {
        name: 'Change',
        action: 'aws:executeAwsApi',
        inputs: { Service: 'neptune', Api: 'ModifyDBCluster', DBClusterIdentifier: '{{ Describe.Identifier }}', BackupRetentionPeriod: '{{ Days }}', DeletionProtection: true },
      },
      {
        name: 'Wait',
        action: 'aws:waitForAwsResourceProperty',
        timeoutSeconds: 600,
        inputs: { ...describeByResourceId, PropertySelector: '$.DBClusters[0].DeletionProtection', DesiredValues: ['True'] },
      },
    ],
  };
}

const dmsDescribe = {
  name: 'DescribeEndpoint',
  action: 'aws:executeAwsApi',
  inputs: { Service: 'dms', Api: 'DescribeEndpoints', Filters: [{ Name: 'endpoint-arn', Values: ['{{ EndpointArn }}'] }] },
  outputs: ['ServiceAccessRoleArn', 'S3BucketName', 'S3BucketFolder', 'ErrorRetryDuration', 'MaxFileSize', 'MaxRetryCount'].map((name) => ({
    Name: name,
    Selector: `$.Endpoints[0].NeptuneSettings.${name}`,
    Type: ['ErrorRetryDuration', 'MaxFileSize', 'MaxRetryCount'].includes(name) ? 'Integer' : 'String',
  })),
};

function dmsDocument(settings: Record<string, unknown>): Record<string, unknown> {
  return {
    schemaVersion: '0.3',
    parameters: { EndpointArn: { type: 'String' } },
    mainSteps: [
      dmsDescribe,
      { name: 'Modify', action: 'aws:executeAwsApi', inputs: { Service: 'dms', Api: 'ModifyEndpoint', EndpointArn: '{{ EndpointArn }}', NeptuneSettings: settings } },
    ],
  };
}

const fullNeptuneSettings = {
  ServiceAccessRoleArn: '{{ DescribeEndpoint.ServiceAccessRoleArn }}',
  S3BucketName: '{{ DescribeEndpoint.S3BucketName }}',
  S3BucketFolder: '{{ DescribeEndpoint.S3BucketFolder }}',
  ErrorRetryDuration: '{{ DescribeEndpoint.ErrorRetryDuration }}',
  MaxFileSize: '{{ DescribeEndpoint.MaxFileSize }}',
  MaxRetryCount: '{{ DescribeEndpoint.MaxRetryCount }}',
  IamAuthEnabled: true,
};

type Mutation = (doc: Record<string, unknown>) => void;

function step(doc: Record<string, unknown>, name: string): Record<string, unknown> {
  const found = (doc.mainSteps as Record<string, unknown>[]).find((s) => s.name === name);
  if (!found) throw new Error(`no step ${name}`);
  return found;
}

function inputs(doc: Record<string, unknown>, name: string): Record<string, unknown> {
  return step(doc, name).inputs as Record<string, unknown>;
}

function outputs(doc: Record<string, unknown>, name: string): Record<string, unknown>[] {
  return step(doc, name).outputs as Record<string, unknown>[];
}

const badDocuments: readonly [string, Mutation, { step: string; member: string; message: RegExp }][] = [
  ['a service by the SDK v3 package name, not boto3', (d) => void (inputs(d, 'Change').Service = 'database-migration-service'), { step: 'Change', member: 'Service', message: /not an AWS service/ }],
  ['an operation in the wrong case', (d) => void (inputs(d, 'Describe').Api = 'DescribeDbClusters'), { step: 'Describe', member: 'Api', message: /not an operation of rds/ }],
  ['an input that is no member', (d) => void (inputs(d, 'Change').DBClusterId = 'x'), { step: 'Change', member: 'DBClusterId', message: /not a member/ }],
  ['a missing required member', (d) => void delete inputs(d, 'Change').DBClusterIdentifier, { step: 'Change', member: 'DBClusterIdentifier', message: /required/ }],
  ['a string into a boolean member', (d) => void (inputs(d, 'Change').DeletionProtection = 'true'), { step: 'Change', member: 'DeletionProtection', message: /string is given, but DeletionProtection is a boolean/ }],
  ['a String parameter into a boolean member', (d) => void (inputs(d, 'Change').DeletionProtection = '{{ Flag }}'), { step: 'Change', member: 'DeletionProtection', message: /Flag }} is a String, but DeletionProtection is a boolean/ }],
  ['an Integer parameter into a string member', (d) => void (inputs(d, 'Change').DBClusterIdentifier = '{{ Days }}'), { step: 'Change', member: 'DBClusterIdentifier', message: /Days }} is an Integer/ }],
  ['an Integer parameter inside a string', (d) => void (inputs(d, 'Change').DBClusterIdentifier = 'db-{{ Days }}'), { step: 'Change', member: 'DBClusterIdentifier', message: /inside a string/ }],
  ['a map where a list of filters goes', (d) => void (inputs(d, 'Describe').Filters = { Name: 'x' }), { step: 'Describe', member: 'Filters', message: /a map is given/ }],
  ['a filter without Values (required in the Filter shape)', (d) => void ((inputs(d, 'Describe').Filters = [{ Name: 'db-cluster-resource-id' }])), { step: 'Describe', member: 'Filters[0].Values', message: /required/ }],
  ['an Integer parameter in DesiredValues', (d) => void (inputs(d, 'Wait').DesiredValues = ['{{ Days }}']), { step: 'Wait', member: 'DesiredValues[0]', message: /strings only; \{\{ Days \}\} is an Integer/ }],
  ['a YAML boolean in DesiredValues', (d) => void (inputs(d, 'Wait').DesiredValues = [true]), { step: 'Wait', member: 'DesiredValues[0]', message: /strings only; true is a boolean/ }],
  ['a PropertySelector to no member', (d) => void (inputs(d, 'Wait').PropertySelector = '$.DBClusters[0].IamAuthEnabled'), { step: 'Wait', member: 'PropertySelector', message: /has no member IamAuthEnabled/ }],
  ['a PropertySelector that skips the list index', (d) => void (inputs(d, 'Wait').PropertySelector = '$.DBClusters.Status'), { step: 'Wait', member: 'PropertySelector', message: /is a list, not a structure/ }],
  ['a PropertySelector comparing a map', (d) => void (inputs(d, 'AssertAvailable').PropertySelector = '$.DBClusters[0].PendingModifiedValues'), { step: 'AssertAvailable', member: 'PropertySelector', message: /selects a structure/ }],
  ['a Selector that is not JSONPath', (d) => void (outputs(d, 'Describe')[0] = { Name: 'Identifier', Selector: 'DBClusters[0]', Type: 'String' }), { step: 'Describe', member: 'outputs.Identifier', message: /does not start with \$/ }],
  ['a Boolean output of a string member', (d) => void (outputs(d, 'Describe')[0] = { Name: 'Identifier', Selector: '$.DBClusters[0].Engine', Type: 'Boolean' }), { step: 'Describe', member: 'outputs.Identifier', message: /Boolean output cannot hold/ }],
  ['a String output of a deep scan', (d) => void (outputs(d, 'Describe')[2] = { Name: 'TagKeys', Selector: '$.DBClusters[0].TagList..Key', Type: 'String' }), { step: 'Describe', member: 'outputs.TagKeys', message: /a list of string/ }],
  ['a StringList output of a list of structures', (d) => void (outputs(d, 'Describe')[3] = { Name: 'Tags', Selector: '$.DBClusters[0].TagList', Type: 'StringList' }), { step: 'Describe', member: 'outputs.Tags', message: /list of structure, which a StringList/ }],
  ['a reference to no parameter', (d) => void (inputs(d, 'Change').DBClusterIdentifier = '{{ ClusterName }}'), { step: 'Change', member: '{{ ClusterName }}', message: /no parameter, variable/ }],
  [
    'an output read on a path that skips its step',
    (d) => {
      const steps = d.mainSteps as Record<string, unknown>[];
      steps.unshift({ name: 'Skip', action: 'aws:branch', inputs: { Choices: [{ NextStep: 'Change', Variable: '{{ Flag }}', StringEquals: 'True' }], Default: 'Describe' } });
    },
    { step: 'Change', member: '{{ Describe.Identifier }}', message: /path where Describe has not succeeded/ },
  ],
  [
    'an output read after its step failed and went on',
    (d) => void (step(d, 'Describe').onFailure = 'step:Change'),
    { step: 'Change', member: '{{ Describe.Identifier }}', message: /path where Describe has not succeeded/ },
  ],
  [
    'an aws:executeScript output outside its Payload',
    (d) =>
      void (d.mainSteps as unknown[]).splice(1, 0, {
        name: 'Script',
        action: 'aws:executeScript',
        inputs: { Runtime: 'python3.11', Handler: 'h', Script: 'def h(e, c): return {}', InputPayload: { Tags: '{{ Describe.Tags }}' } },
        outputs: [{ Name: 'Exempt', Selector: '$.Exempt', Type: 'Boolean' }],
      }),
    { step: 'Script', member: 'outputs.Exempt', message: /selects from \$\.Payload/ },
  ],
  [
    'outputs on an aws:branch',
    (d) => void (d.mainSteps as unknown[]).push({ name: 'Branch', action: 'aws:branch', inputs: { Choices: [], Default: 'Describe' }, outputs: [{ Name: 'X', Selector: '$.X' }] }),
    { step: 'Branch', member: 'outputs', message: /no user-defined outputs/ },
  ],
  ['a document output no step makes', (d) => void (d.outputs = ['Describe.Nothing']), { step: '(document)', member: 'outputs.Describe.Nothing', message: /no step output/ }],
  ['an Integer parameter where a list of filters goes', (d) => void (inputs(d, 'Describe').Filters = '{{ Days }}'), { step: 'Describe', member: 'Filters', message: /Integer, but Filters is a list of structure/ }],
];

describe('the contract checker', () => {
  it('passes a valid document (so every failure below is the mutation)', () => {
    expect(checkRunbook(baseDocument(), models)).toEqual([]);
  });

  it.each(badDocuments)('fails %s, naming the step and member', (_title, mutate, expected) => {
    const document = baseDocument();
    mutate(document);
    const violations = checkRunbook(document, models);
    expect(violations).toContainEqual({ step: expected.step, member: expected.member, message: expect.stringMatching(expected.message) });
  });

  it.each([
    ['Contains on a StringList output', { Variable: '{{ Describe.TagKeys }}', Contains: 'dbauth:exempt' }, 'Choices[0].Variable', /Contains compares a String .* is a StringList/],
    ['a Numeric operator on a String parameter', { Variable: '{{ Flag }}', NumericGreater: 3 }, 'Choices[0].Variable', /NumericGreater compares an Integer/],
    ['a Numeric operator against a String operand', { Variable: '{{ Describe.Retention }}', NumericEquals: '{{ Flag }}' }, 'Choices[0].NumericEquals', /is a String/],
    ['a nested choice of the wrong type', { And: [{ Not: { Variable: '{{ Days }}', StringEquals: '7' } }] }, 'Choices[0].And[0].Not.Variable', /StringEquals compares a String/],
  ])('fails an aws:branch with %s', (_title, choice, member, message) => {
    const document = baseDocument();
    (document.mainSteps as unknown[]).splice(1, 0, { name: 'Decide', action: 'aws:branch', inputs: { Choices: [{ NextStep: 'AssertAvailable', ...choice }], Default: 'AssertAvailable' } });
    expect(checkRunbook(document, models)).toContainEqual({ step: 'Decide', member, message: expect.stringMatching(message) });
  });

  it('passes an aws:branch whose operators fit their operands', () => {
    const document = baseDocument();
    const choices = [
      { NextStep: 'AssertAvailable', Variable: '{{ Describe.Retention }}', NumericGreaterOrEquals: '{{ Days }}' },
      { NextStep: 'AssertAvailable', And: [{ Variable: '{{ Describe.Identifier }}', StartsWith: 'graph' }, { Not: { Variable: '{{ Flag }}', EqualsIgnoreCase: 'true' } }] },
    ];
    (document.mainSteps as unknown[]).splice(1, 0, { name: 'Decide', action: 'aws:branch', inputs: { Choices: choices, Default: 'AssertAvailable' } });
    expect(checkRunbook(document, models)).toEqual([]);
  });

  it('passes NeptuneSettings sent back whole, and fails them sent back in part', () => {
    expect(checkRunbook(dmsDocument(fullNeptuneSettings), models)).toEqual([]);
    const partial = { ...fullNeptuneSettings } as Record<string, unknown>;
    delete partial.MaxFileSize;
    delete partial.ErrorRetryDuration;
    expect(checkRunbook(dmsDocument(partial), models)).toEqual([
      {
        step: 'Modify',
        member: 'NeptuneSettings',
        message: expect.stringMatching(/^sends 5 of the 7 members of NeptuneSettings read by DescribeEndpoint: ErrorRetryDuration, MaxFileSize missing/),
      },
    ]);
  });

  it('fails NeptuneSettings without a member the model requires', () => {
    const settings = { ...fullNeptuneSettings } as Record<string, unknown>;
    delete settings.S3BucketFolder;
    expect(checkRunbook(dmsDocument(settings), models)).toContainEqual({
      step: 'Modify',
      member: 'NeptuneSettings.S3BucketFolder',
      message: expect.stringMatching(/required/),
    });
  });

  it.each(['$.a.b', '$.A[0].B', '$.A..Key', '$'])('parses the selector %s', (selector) => {
    expect(() => parsePath(selector)).not.toThrow();
  });

  it.each(['A.B', '$.A[x]', '$.A[-1]', '$.A.', "$['A']", '$.A[?(@.B)]', '$.A[*].B'])('refuses the selector %s', (selector) => {
    expect(() => parsePath(selector)).toThrow(SelectorPathError);
  });
});

describe('the service models', () => {
  it.each([
    ['rds', '2014-10-31', 'ModifyDBCluster'],
    ['neptune', '2014-10-31', 'ModifyDBClusterSnapshotAttribute'],
    ['dms', '2016-01-01', 'ModifyEndpoint'],
  ])('are the newest %s model (%s), by boto3 client name', (service, version, operation) => {
    const model = loadServiceModel(service);
    expect(model.model.metadata.apiVersion).toBe(version);
    expect(model.operation(operation)).toBeDefined();
  });
});

// ---- every runbook -----------------------------------------------------------------------------------

const all = runbooks.map((runbook) => [runbook.ruleId, runbook.content] as const);

describe.each(all)('runbook %s against the AWS service models', (ruleId, content) => {
  const violations = checkRunbook(content, models);

  it('has an API step to check', () => {
    const actions = (content.mainSteps as { action: string }[]).map((s) => s.action);
    expect(actions).toContain('aws:executeAwsApi');
  });

  it('keeps the contract', () => {
    expect(violations.map((v) => `${ruleId}: step ${v.step}, ${v.member}: ${v.message}`)).toEqual([]);
  });
});

it('checks every runbook the loader knows', () => {
  expect(all.length).toBeGreaterThanOrEqual(9);
});
