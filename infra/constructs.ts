/**
 * The CDK building blocks, each a loop over the catalog: the rule Lambdas of a region, the roles they run
 * as (IAM is global: once), the runbook documents of a region, and the remediation role.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AssetHashType, Aws, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { Rule } from '../rules/kit/rule';
import type { ArnScope } from './names';
import { REMEDIATION_ROLE_NAME, functionName, lambdaRoleName, logGroupName, logicalId, roleArn } from './names';
import type { Statement } from './permissions';
import { remediationStatements, remediationTrust } from './permissions';
import type { Runbook } from './runbooks';
import { documentContent } from './runbooks';
import { acknowledgeRuntime } from './nag';

const ROOT = path.resolve(__dirname, '..');

/** ARNs of the stack's own account and partition, resolved by CloudFormation. */
export const STACK_SCOPE: ArnScope = { partition: Aws.PARTITION, account: Aws.ACCOUNT_ID };

export const toPolicyStatement = (statement: Statement): iam.PolicyStatement =>
  new iam.PolicyStatement({
    sid: statement.sid,
    actions: [...statement.actions],
    resources: [...statement.resources],
    ...(statement.conditions ? { conditions: statement.conditions } : {}),
  });

/**
 * The one Lambda asset: scripts/bundle.mjs (local esbuild) bundles rules/lambda.ts. Bundling is never
 * done in Docker: the local bundler either succeeds or fails the synth. CDK stages it once per app.
 */
export function ruleCode(): lambda.Code {
  return lambda.Code.fromAsset(path.join(ROOT, 'rules'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
      local: {
        tryBundle(outputDir: string): boolean {
          const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs'), outputDir], { cwd: ROOT, stdio: 'inherit' });
          if (run.status !== 0) throw new Error(`scripts/bundle.mjs failed (exit ${run.status ?? run.signal})`);
          return true;
        },
      },
    },
  });
}

export interface RuleRolesProps {
  readonly rules: readonly Rule[];
  /** What the rule's Lambda may do. */
  readonly statements: (rule: Rule) => Statement[];
}

/** One role per rule Lambda, with exactly its statements (IAM is global: created once for all regions). */
export class RuleRoles extends Construct {
  readonly roles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: RuleRolesProps) {
    super(scope, id);
    for (const rule of props.rules) {
      const role = new iam.Role(this, logicalId(rule.id), {
        roleName: lambdaRoleName(rule.id),
        description: `Runs the ${rule.id} Config rule Lambda.`,
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        inlinePolicies: { rule: new iam.PolicyDocument({ statements: props.statements(rule).map(toPolicyStatement) }) },
      });
      this.roles.set(rule.id, role);
    }
  }
}

export type InvokedBy = 'account' | 'organization';

export interface RuleLambdasProps {
  readonly rules: readonly Rule[];
  readonly code: lambda.Code;
  /** The role of the rule's Lambda: the RuleRoles role in its stack, an imported one elsewhere. */
  readonly role: (rule: Rule) => iam.IRole;
  readonly logRetentionDays: number;
  /**
   * account: Config rules of this account invoke the functions (SourceAccount).
   * organization: conformance-pack rules of any account (SourceArn of the pack's service-linked rules);
   * a Lambda permission cannot name an organization, so the execution roles' trust is what limits them.
   */
  readonly invokedBy: InvokedBy;
}

/** The rule Lambdas of one region: the shared bundle, one function, log group and invoke permission per rule. */
export class RuleLambdas extends Construct {
  readonly functions = new Map<string, lambda.Function>();
  /** Config's permission to invoke each function, by rule id. */
  readonly permissions = new Map<string, lambda.CfnPermission>();

  constructor(scope: Construct, id: string, props: RuleLambdasProps) {
    super(scope, id);
    const stack = Stack.of(this);
    for (const rule of props.rules) {
      const name = logicalId(rule.id);
      const logGroup = new logs.LogGroup(this, `${name}Logs`, {
        logGroupName: logGroupName(rule.id),
        retention: props.logRetentionDays as logs.RetentionDays,
        // A redeploy must be able to create the group again under the same name.
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const fn = new lambda.Function(this, name, {
        functionName: functionName(rule.id),
        description: `${rule.title} (AWS Config rule ${rule.id})`,
        code: props.code,
        handler: 'index.handler',
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 256,
        // A periodic run sweeps the whole inventory of its resource type.
        timeout: Duration.minutes(5),
        role: props.role(rule),
        logGroup,
        environment: { DBAUTH_RULE_ID: rule.id },
      });
      acknowledgeRuntime(fn);
      this.functions.set(rule.id, fn);
      const permission = new lambda.CfnPermission(this, `${name}ConfigInvoke`, {
        action: 'lambda:InvokeFunction',
        functionName: fn.functionArn,
        principal: 'config.amazonaws.com',
        ...(props.invokedBy === 'account'
          ? { sourceAccount: stack.account }
          : { sourceArn: `arn:${stack.partition}:config:${stack.region}:*:config-rule/aws-service-rule/config-conforms.amazonaws.com/*` }),
      });
      this.permissions.set(rule.id, permission);
    }
  }
}

export interface RemediationRoleProps {
  readonly runbooks: readonly Runbook[];
}

/** The role SSM Automation assumes to run the runbooks: exactly the calls the runbooks make. */
export class RemediationRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: RemediationRoleProps) {
    super(scope, id);
    const trust = remediationTrust(STACK_SCOPE);
    this.role = new iam.Role(this, 'Role', {
      roleName: REMEDIATION_ROLE_NAME,
      description: 'Assumed by SSM Automation to run the dbauth remediation runbooks.',
      assumedBy: new iam.ServicePrincipal(trust.service).withConditions(trust.conditions),
      inlinePolicies: {
        remediate: new iam.PolicyDocument({ statements: remediationStatements(props.runbooks, STACK_SCOPE).map(toPolicyStatement) }),
      },
    });
  }
}

export interface RunbookDocumentsProps {
  readonly runbooks: readonly Runbook[];
}

/** The runbooks of one region as Automation documents, defaulting AutomationAssumeRole to the remediation role. */
export class RunbookDocuments extends Construct {
  readonly documents = new Map<string, ssm.CfnDocument>();

  constructor(scope: Construct, id: string, props: RunbookDocumentsProps) {
    super(scope, id);
    for (const runbook of props.runbooks) {
      const document = new ssm.CfnDocument(this, logicalId(runbook.ruleId), {
        name: runbook.documentName,
        documentType: 'Automation',
        documentFormat: 'JSON',
        updateMethod: 'NewVersion',
        content: documentContent(runbook, roleArn(STACK_SCOPE, REMEDIATION_ROLE_NAME)),
      });
      this.documents.set(runbook.ruleId, document);
    }
  }
}
