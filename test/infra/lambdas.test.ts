/**
 * Failures nobody can miss, and Lambdas only their own account's Config may invoke: in account mode and in
 * the member template that the stack set deploys to every member account and region.
 */
import { CATALOG } from '../../rules/catalog';
import { MAXIMUM_EVENT_AGE_SECONDS, MAXIMUM_RETRY_ATTEMPTS } from '../../infra/constructs';
import type { DeploymentName, Json } from './synth';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { actionsOf, deployment, flatten, lambdaTemplatesOf, propertiesOf, resourcesIn, resourcesOf, resourcesOfStatement, statementsOf, synthesizeDeployment } from './synth';

const CASES: DeploymentName[] = ['account', 'accountRegions', 'organization', 'organizationAccountScope'];

/** The logical id a Ref or GetAtt points at. */
const target = (value: unknown): string | undefined => {
  const object = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  return object?.Ref ?? object?.['Fn::GetAtt']?.[0];
};

describe.each(CASES)('%s', (name) => {
  const templates = (): Json[] => lambdaTemplatesOf(deployment(name));

  it('has one function per rule in each template, with reserved concurrency', () => {
    for (const template of templates()) {
      const functions = resourcesOf(template, 'AWS::Lambda::Function');
      expect(functions.map(([, fn]) => propertiesOf(fn)['FunctionName'])).toEqual(CATALOG.map((rule) => `dbauth-${rule.id}`));
      for (const [, fn] of functions) expect(propertiesOf(fn)['ReservedConcurrentExecutions']).toBe(2);
    }
  });

  it('sends an event that failed every retry to an encrypted, retained queue, and alarms on the queue', () => {
    for (const template of templates()) {
      const resources = resourcesIn(template);
      const queues = resourcesOf(template, 'AWS::SQS::Queue');
      expect(queues).toHaveLength(1);
      const [queueId, queue] = queues[0]!;
      expect(propertiesOf(queue)).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
      expect(queue.DeletionPolicy).toBe('Retain');
      for (const [fnId] of resourcesOf(template, 'AWS::Lambda::Function')) {
        const configs = resourcesOf(template, 'AWS::Lambda::EventInvokeConfig').filter(([, c]) => target(propertiesOf(c)['FunctionName']) === fnId);
        expect(configs).toHaveLength(1);
        expect(propertiesOf(configs[0]![1])).toMatchObject({
          Qualifier: '$LATEST',
          MaximumEventAgeInSeconds: MAXIMUM_EVENT_AGE_SECONDS,
          MaximumRetryAttempts: MAXIMUM_RETRY_ATTEMPTS,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
        });
      }
      const queueAlarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').filter(
        ([, alarm]) => propertiesOf(alarm)['MetricName'] === 'ApproximateNumberOfMessagesVisible',
      );
      expect(queueAlarms).toHaveLength(1);
      expect(propertiesOf(queueAlarms[0]![1])).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      expect(JSON.stringify(propertiesOf(queueAlarms[0]![1])['Dimensions'])).toContain(queueId);
      expect(resources[queueId]).toBeDefined();
      // Lambda may send there: the destination needs sqs:SendMessage in the function's role.
      for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
        const role = resources[target(propertiesOf(fn)['Role'])!]!;
        expect(JSON.stringify(propertiesOf(role)['Policies'])).toContain(`"Action":"sqs:SendMessage","Effect":"Allow","Resource":{"Fn::GetAtt":["${queueId}","Arn"]}`);
      }
    }
  });

  it('alarms on the errors of every function', () => {
    for (const template of templates()) {
      const alarmed = resourcesOf(template, 'AWS::CloudWatch::Alarm')
        .filter(([, alarm]) => propertiesOf(alarm)['MetricName'] === 'Errors' && propertiesOf(alarm)['Namespace'] === 'AWS/Lambda')
        .map(([, alarm]) => target((propertiesOf(alarm)['Dimensions'] as { Name: string; Value: unknown }[]).find((d) => d.Name === 'FunctionName')!.Value));
      expect(alarmed.sort()).toEqual(resourcesOf(template, 'AWS::Lambda::Function').map(([id]) => id).sort());
    }
  });

  it('keeps every log group when the stack goes, with the configured retention', () => {
    for (const template of templates()) {
      const groups = resourcesOf(template, 'AWS::Logs::LogGroup');
      expect(groups).toHaveLength(CATALOG.length);
      for (const [id, group] of groups) {
        expect([group.DeletionPolicy, group.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
        expect(propertiesOf(group)['RetentionInDays']).toBe(365);
        const users = resourcesOf(template, 'AWS::Lambda::Function').filter(([, fn]) => target((propertiesOf(fn)['LoggingConfig'] as Json)['LogGroup']) === id);
        expect(users).toHaveLength(1);
      }
    }
  });

  it("lets Config invoke each function only for its own account's rules, in its own region", () => {
    const packRules = name.startsWith('organization');
    for (const template of templates()) {
      const permissions = resourcesOf(template, 'AWS::Lambda::Permission');
      expect(permissions).toHaveLength(CATALOG.length);
      for (const [, permission] of permissions) {
        const properties = propertiesOf(permission);
        expect(properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'config.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } });
        // The stack's own region: the pseudo parameter, or the literal region of a stack with an environment.
        const region = String.raw`(<AWS::Region>|[a-z]{2}-[a-z]+-\d)`;
        const rules = packRules ? String.raw`config-rule/aws-service-rule/config-conforms\.amazonaws\.com/\*` : String.raw`config-rule/\*`;
        expect(flatten(properties['SourceArn'])).toMatch(new RegExp(String.raw`^arn:<AWS::Partition>:config:${region}:<AWS::AccountId>:${rules}$`));
        expect(properties['PrincipalOrgID']).toBeUndefined();
      }
    }
  });
});

describe('a sweep that runs short of time hands on to its own function, and only a periodic rule may', () => {
  it.each([
    ['accountRegions', true],
    ['account', false],
  ] as const)('%s (periodic: %s)', (name, periodic) => {
    for (const template of lambdaTemplatesOf(deployment(name))) {
      const resources = resourcesIn(template);
      for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
        const functionName = String(propertiesOf(fn)['FunctionName']);
        const role = resources[target(propertiesOf(fn)['Role'])!]!;
        const invokes = statementsOf(role).filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'));
        if (!periodic) {
          expect(invokes).toEqual([]);
          continue;
        }
        expect(invokes).toHaveLength(1);
        expect(actionsOf(invokes[0]!)).toEqual(['lambda:InvokeFunction']);
        const invoked = resourcesOfStatement(invokes[0]!);
        expect(invoked).toHaveLength(1);
        expect(invoked[0]).toMatch(new RegExp(`^arn:.+:lambda:.+:.+:function:${functionName}$`));
      }
    }
  });
});

it('takes the reserved concurrency and the retention from the context', () => {
  const dir = mkdtempSync(`${tmpdir()}/dbauth-infra-`);
  try {
    const d = synthesizeDeployment({ rules: 'neptune-cluster-encrypted', reservedConcurrency: '7', logRetentionDays: '30' }, dir);
    const template = d.stacks[0]!.template;
    expect(resourcesOf(template, 'AWS::Lambda::Function').map(([, fn]) => propertiesOf(fn)['ReservedConcurrentExecutions'])).toEqual([7]);
    expect(resourcesOf(template, 'AWS::Logs::LogGroup').map(([, g]) => propertiesOf(g)['RetentionInDays'])).toEqual([30]);
    expect(resourcesOf(template, 'AWS::SSM::Document')).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

