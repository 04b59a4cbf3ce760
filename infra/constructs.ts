/**
 * The CDK building blocks, the same in an account stack and in the member template of organization mode:
 * the rule Lambdas of one account and region (with their roles, failure queue and alarms) and the
 * remediation runbooks (one role per runbook). IAM roles are created per account and region and named by
 * CloudFormation under fixed paths, so no region has to wait for another and the SCP can name them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { BundlingOptions } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { Rule } from '../rules/kit/rule';
import type { ArnScope } from './names';
import {
  LAMBDA_ROLE_PATH,
  REMEDIATION_ROLE_PATH,
  conformancePackRuleArns,
  errorAlarmName,
  failureQueueAlarmName,
  failureQueueName,
  functionArn,
  functionName,
  logGroupName,
  logicalId,
} from './names';
import type { Statement } from './permissions';
import { continueSweepStatement, failureQueueStatement, logStatement, remediationStatements, remediationTrust, ruleStatements } from './permissions';
import type { Runbook } from './runbooks';
import { documentContent } from './runbooks';
import { acknowledgeFailureQueue, acknowledgeRuntime } from './nag';
import type { LambdaSettings } from './settings';

const ROOT = path.resolve(__dirname, '..');

/** The Lambda runtime of the rules: the bundle targets it (scripts/bundle.mjs, esbuild target node22). */
export const RULE_RUNTIME = 'nodejs22.x';
/** How long Lambda keeps retrying an event Config sent (its maximum, 6 hours), and how often (its default, 2). */
export const MAXIMUM_EVENT_AGE_SECONDS = 21_600;
export const MAXIMUM_RETRY_ATTEMPTS = 2;

/** The ARNs of the stack's own account, region and partition, resolved by CloudFormation. */
export const stackScope = (stack: Stack): ArnScope => ({ partition: stack.partition, account: stack.account, region: stack.region });

export const toPolicyStatement = (statement: Statement): iam.PolicyStatement =>
  new iam.PolicyStatement({
    sid: statement.sid,
    actions: [...statement.actions],
    resources: [...statement.resources],
    ...(statement.conditions ? { conditions: statement.conditions } : {}),
  });

/**
 * How the one Lambda bundle is built: scripts/bundle.mjs (local esbuild) bundles rules/lambda.ts. Never in
 * Docker: the local bundler either succeeds or fails the synth.
 */
export const RULE_BUNDLING: BundlingOptions = {
  image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
  local: {
    tryBundle(outputDir: string): boolean {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs'), outputDir], { cwd: ROOT, stdio: 'inherit' });
      if (run.status !== 0) throw new Error(`scripts/bundle.mjs failed (exit ${run.status ?? run.signal})`);
      return true;
    },
  },
};
export const RULE_SOURCE = path.join(ROOT, 'rules');

/** The Lambda bundle as a CDK asset of the stack (account mode). */
export function ruleCode(): lambda.Code {
  return lambda.Code.fromAsset(RULE_SOURCE, { assetHashType: AssetHashType.OUTPUT, bundling: RULE_BUNDLING });
}

/** Which Config rules may invoke the functions. */
export type InvokedBy = 'account-rules' | 'conformance-pack-rules';

export interface RuleFunctionsProps {
  readonly rules: readonly Rule[];
  readonly code: lambda.Code;
  readonly prefix: string;
  readonly settings: LambdaSettings;
  /** Rules that also run periodically: their sweeps may hand the rest to their own function. */
  readonly periodic: ReadonlySet<string>;
  /**
   * account-rules: the account's own Config rules (account mode).
   * conformance-pack-rules: the rules a conformance pack creates in this account and region (organization mode).
   */
  readonly invokedBy: InvokedBy;
}

/**
 * The rule Lambdas of one account and region: per rule a function, its role, its retained log group, its
 * invoke permission for Config and an alarm on its errors; for all of them one encrypted failure queue
 * (Lambda's on-failure destination for events that failed every retry) with an alarm when it is not empty.
 */
export class RuleFunctions extends Construct {
  readonly functions = new Map<string, lambda.CfnFunction>();
  /** Config's permission to invoke each function, by rule id. */
  readonly permissions = new Map<string, lambda.CfnPermission>();
  readonly roles = new Map<string, iam.Role>();
  readonly errorAlarms = new Map<string, cloudwatch.Alarm>();
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RuleFunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const where = stackScope(stack);
    const { prefix } = props;

    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      queueName: failureQueueName(prefix),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeFailureQueue(this.failureQueue);
    new cloudwatch.Alarm(this, 'FailureQueueNotEmpty', {
      alarmName: failureQueueAlarmName(prefix),
      alarmDescription: `A dbauth rule Lambda failed an evaluation event after every retry: the event is in ${failureQueueName(prefix)}.`,
      metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const code = props.code.bind(this);
    if (!code.s3Location) throw new Error('the rule Lambda code must be in S3');
    const invokers =
      props.invokedBy === 'conformance-pack-rules'
        ? conformancePackRuleArns(where)
        : `arn:${where.partition}:config:${where.region}:${where.account}:config-rule/*`;

    for (const rule of props.rules) {
      const name = logicalId(rule.id);
      const logGroup = new logs.LogGroup(this, `${name}Logs`, {
        logGroupName: logGroupName(prefix, rule.id),
        retention: props.settings.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const role = new iam.Role(this, `${name}Role`, {
        path: LAMBDA_ROLE_PATH,
        description: `Runs the ${functionName(prefix, rule.id)} Config rule Lambda: reads its resource type and reports to AWS Config.`,
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        inlinePolicies: {
          rule: new iam.PolicyDocument({
            statements: [
              logStatement(`arn:${where.partition}:logs:${where.region}:${where.account}:log-group:${logGroupName(prefix, rule.id)}`),
              failureQueueStatement(this.failureQueue.queueArn),
              ...ruleStatements(rule, where),
              ...(props.periodic.has(rule.id)
                ? [continueSweepStatement(functionArn(where, prefix, rule.id))]
                : []),
            ].map(toPolicyStatement),
          }),
        },
      });
      this.roles.set(rule.id, role);
      const fn = new lambda.CfnFunction(this, name, {
        functionName: functionName(prefix, rule.id),
        description: `${rule.title} (AWS Config rule ${rule.id})`,
        code: { s3Bucket: code.s3Location.bucketName, s3Key: code.s3Location.objectKey },
        handler: 'index.handler',
        runtime: RULE_RUNTIME,
        architectures: ['arm64'],
        memorySize: 256,
        // A periodic run sweeps the whole inventory of its resource type.
        timeout: 300,
        role: role.roleArn,
        reservedConcurrentExecutions: props.settings.reservedConcurrency,
        environment: { variables: { DBAUTH_RULE_ID: rule.id } },
        loggingConfig: { logGroup: logGroup.logGroupName },
      });
      props.code.bindToResource(fn);
      acknowledgeRuntime(fn);
      this.functions.set(rule.id, fn);

      new lambda.CfnEventInvokeConfig(this, `${name}Delivery`, {
        functionName: fn.ref,
        qualifier: '$LATEST',
        maximumEventAgeInSeconds: MAXIMUM_EVENT_AGE_SECONDS,
        maximumRetryAttempts: MAXIMUM_RETRY_ATTEMPTS,
        destinationConfig: { onFailure: { destination: this.failureQueue.queueArn } },
      });
      this.permissions.set(
        rule.id,
        new lambda.CfnPermission(this, `${name}ConfigInvoke`, {
          action: 'lambda:InvokeFunction',
          functionName: fn.attrArn,
          principal: 'config.amazonaws.com',
          sourceAccount: where.account,
          sourceArn: invokers,
        }),
      );
      this.errorAlarms.set(
        rule.id,
        new cloudwatch.Alarm(this, `${name}Errors`, {
          alarmName: errorAlarmName(prefix, rule.id),
          alarmDescription: `The ${functionName(prefix, rule.id)} Lambda failed an evaluation: see its log group ${logGroupName(prefix, rule.id)}.`,
          metric: new cloudwatch.Metric({
            namespace: 'AWS/Lambda',
            metricName: 'Errors',
            dimensionsMap: { FunctionName: fn.ref },
            statistic: 'Sum',
            period: Duration.minutes(5),
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }
}

export interface RemediationRunbooksProps {
  readonly fixes: readonly { readonly rule: Rule; readonly runbook: Runbook }[];
  /** IAM role names a runbook may pass to DMS. */
  readonly passRolePattern: string;
}

/**
 * The runbooks of one account and region as Automation documents, each with its own role allowed exactly
 * that runbook's calls; each document's AutomationAssumeRole defaults to its role, so a remediation that
 * passes only the resource id (as a conformance pack must) runs as it.
 */
export class RemediationRunbooks extends Construct {
  readonly documents = new Map<string, ssm.CfnDocument>();
  readonly roles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: RemediationRunbooksProps) {
    super(scope, id);
    const where = stackScope(Stack.of(this));
    const trust = remediationTrust(where);
    for (const { runbook } of props.fixes) {
      const name = logicalId(runbook.ruleId);
      const role = new iam.Role(this, `${name}Role`, {
        path: REMEDIATION_ROLE_PATH,
        description: `Assumed by SSM Automation to run ${runbook.documentName}, and nothing else.`,
        assumedBy: new iam.ServicePrincipal(trust.service).withConditions(trust.conditions),
        inlinePolicies: {
          remediate: new iam.PolicyDocument({ statements: remediationStatements(runbook, where, props.passRolePattern).map(toPolicyStatement) }),
        },
      });
      this.roles.set(runbook.ruleId, role);
      this.documents.set(
        runbook.ruleId,
        new ssm.CfnDocument(this, name, {
          name: runbook.documentName,
          documentType: 'Automation',
          documentFormat: 'JSON',
          updateMethod: 'NewVersion',
          content: documentContent(runbook, role.roleArn),
        }),
      );
    }
  }
}
