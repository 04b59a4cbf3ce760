/**
 * The stacks: account mode (one account) and organization mode (delegated admin + every member account),
 * each once per chosen region. The first region's stack (the primary) also holds what exists once: the
 * IAM roles, and in organization mode the member stack sets and the aggregator. Other regions' stacks
 * refer to those roles by name (no cross-region references) and deploy after the primary.
 */
import { Aws, CfnParameter, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { App, StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../rules/kit/rule';
import { configRuleLogicalId, configRuleResource, remediationLogicalId, remediationResource } from './config-resources';
import type { CfnResourceSpec } from './config-resources';
import { RemediationRole, RuleLambdas, RuleRoles, RunbookDocuments, STACK_SCOPE, ruleCode } from './constructs';
import type { CfnTemplate } from './member-templates';
import { ADMIN_ACCOUNT_PARAMETER, memberRolesTemplate, memberRunbooksTemplate } from './member-templates';
import {
  AGGREGATOR_NAME,
  CONFORMANCE_PACK_NAME,
  MEMBER_ROLES_STACK_SET_NAME,
  MEMBER_RUNBOOKS_STACK_SET_NAME,
  REMEDIATION_ROLE_NAME,
  executionRoleName,
  functionArn,
  lambdaRoleName,
  logGroupName,
  logicalId,
  roleArn,
} from './names';
import { acknowledgeWildcards } from './nag';
import { assumeExecutionRoleStatement, logStatement, ruleStatements } from './permissions';
import { MAX_PACK_TEMPLATE_BYTES, renderConformancePack } from './pack-template';
import type { Runbook } from './runbooks';
import { remediations } from './runbooks';
import type { DeploySettings } from './settings';

export interface PackStackProps extends StackProps {
  readonly settings: DeploySettings;
  readonly rules: readonly Rule[];
  readonly runbooks: readonly Runbook[];
  /** The primary stack creates what exists once per account (IAM roles, stack sets, aggregator). */
  readonly primary: boolean;
}

/** ARNs at their longest: the partition, account and region with the most characters. */
const LONGEST_ARN_SCOPE = { partition: 'aws-us-gov', account: '123456789012' };

/** Every region the deployment covers; an environment-agnostic stack covers its own. */
const regionsOf = (stack: Stack, settings: DeploySettings): string[] => [...(settings.regions ?? [stack.region])];

const logGroupArns = (stack: Stack, settings: DeploySettings, rule: Rule): string[] =>
  regionsOf(stack, settings).map((region) => `arn:${stack.partition}:logs:${region}:${stack.account}:log-group:${logGroupName(rule.id)}`);

/** The Lambda role of a rule: created by the primary stack, imported by name elsewhere. */
function lambdaRoles(stack: Stack, props: PackStackProps, statements: (rule: Rule) => ReturnType<typeof ruleStatements>): (rule: Rule) => iam.IRole {
  if (props.primary) {
    const { roles } = new RuleRoles(stack, 'LambdaRoles', { rules: props.rules, statements });
    return (rule) => roles.get(rule.id)!;
  }
  return (rule) => iam.Role.fromRoleName(stack, `${logicalId(rule.id)}LambdaRole`, lambdaRoleName(rule.id), { mutable: false });
}

const cfnResource = (scope: Construct, id: string, spec: CfnResourceSpec): CfnResource =>
  new CfnResource(scope, id, { type: spec.Type, properties: spec.Properties });

/** Account mode: Lambdas, Config rules, runbooks and remediations of one region of one account. */
export class AccountStack extends Stack {
  constructor(scope: Construct, id: string, props: PackStackProps) {
    super(scope, id, props);
    const { settings, rules } = props;
    const fixes = remediations(rules, props.runbooks);
    const role = lambdaRoles(this, props, (rule) => [logStatement(logGroupArns(this, settings, rule)), ...ruleStatements(rule, STACK_SCOPE)]);
    const remediationRole =
      props.primary && fixes.length > 0 ? new RemediationRole(this, 'Remediation', { runbooks: fixes.map((fix) => fix.runbook) }).role : undefined;

    const lambdas = new RuleLambdas(this, 'Rules', {
      rules,
      code: ruleCode(),
      role,
      logRetentionDays: settings.logRetentionDays,
      invokedBy: 'account',
    });
    const configRules = new Map<string, CfnResource>();
    for (const rule of rules) {
      const resource = cfnResource(this, configRuleLogicalId(rule), configRuleResource(rule, lambdas.functions.get(rule.id)!.functionArn, settings.rules));
      // Config checks at creation that it may invoke the function.
      resource.addResourceDependency(lambdas.permissions.get(rule.id)!);
      configRules.set(rule.id, resource);
    }

    const documents = new RunbookDocuments(this, 'Runbooks', { runbooks: fixes.map((fix) => fix.runbook) });
    const assumeRoleArn = roleArn(STACK_SCOPE, REMEDIATION_ROLE_NAME);
    for (const { rule, runbook } of fixes) {
      const spec = remediationResource(rule, runbook, settings.rules, settings.remediation, assumeRoleArn);
      const resource = cfnResource(this, remediationLogicalId(rule), spec);
      resource.addResourceDependency(configRules.get(rule.id)!);
      resource.addResourceDependency(documents.documents.get(rule.id)!);
      if (remediationRole) resource.node.addDependency(remediationRole);
    }
    acknowledgeWildcards(this);
  }
}

/**
 * Organization mode, in the delegated-admin (or management) account: per region the Lambdas and the
 * organization conformance pack; once, the member stack sets (roles in one region, runbooks in every
 * region) and the configuration aggregator. AWS checks at pack creation that the stack sets' roles and
 * documents and the Lambdas' permissions exist: the pack depends on all of them.
 */
export class OrganizationStack extends Stack {
  /** The member stack sets (primary stack only): the other regions' packs wait for this stack. */
  readonly stackSets: cloudformation.CfnStackSet[] = [];

  constructor(scope: Construct, id: string, props: PackStackProps) {
    super(scope, id, props);
    const { settings, rules } = props;
    const role = lambdaRoles(this, props, (rule) => [
      logStatement(logGroupArns(this, settings, rule)),
      assumeExecutionRoleStatement(this.partition, executionRoleName(rule.id)),
    ]);
    if (props.primary) {
      this.stackSets.push(...this.memberStackSets(props));
      this.aggregator(settings);
    }

    const lambdas = new RuleLambdas(this, 'Rules', {
      rules,
      code: ruleCode(),
      role,
      logRetentionDays: settings.logRetentionDays,
      invokedBy: 'organization',
    });
    const packInput = { rules, runbooks: props.runbooks, ruleSettings: settings.rules, remediationSettings: settings.remediation };
    // The body holds tokens where CloudFormation puts the ARNs: check the limit with the longest ARNs there are.
    renderConformancePack({ ...packInput, lambdaArn: (rule) => functionArn(LONGEST_ARN_SCOPE, 'ap-southeast-2', rule.id) });
    const pack = new config.CfnOrganizationConformancePack(this, 'ConformancePack', {
      organizationConformancePackName: CONFORMANCE_PACK_NAME,
      templateBody: renderConformancePack({ ...packInput, lambdaArn: (rule) => lambdas.functions.get(rule.id)!.functionArn }),
      ...(settings.organization.excludedAccounts.length > 0 ? { excludedAccounts: [...settings.organization.excludedAccounts] } : {}),
    });
    for (const permission of lambdas.permissions.values()) pack.addResourceDependency(permission);
    for (const stackSet of this.stackSets) pack.addResourceDependency(stackSet);
    acknowledgeWildcards(this);
  }

  private memberStackSets(props: PackStackProps): cloudformation.CfnStackSet[] {
    const { organization } = props.settings;
    const organizationalUnitIds =
      organization.organizationalUnits !== undefined
        ? [...organization.organizationalUnits]
        : new CfnParameter(this, 'OrganizationalUnitIds', {
            type: 'CommaDelimitedList',
            description: 'OU or root ids (ou-..., r-...) whose accounts get the member roles and runbooks (or set the context organizationalUnits).',
          }).valueAsList;
    const deploymentTargets = {
      organizationalUnitIds,
      ...(organization.excludedAccounts.length > 0 ? { accountFilterType: 'DIFFERENCE', accounts: [...organization.excludedAccounts] } : {}),
    };
    const common = {
      permissionModel: 'SERVICE_MANAGED',
      callAs: organization.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { Active: true },
      operationPreferences: { maxConcurrentPercentage: 100, regionConcurrencyType: 'PARALLEL' },
    };
    const roles = new cloudformation.CfnStackSet(this, 'MemberRoles', {
      ...common,
      stackSetName: MEMBER_ROLES_STACK_SET_NAME,
      description: 'dbauth Config rules: the rule execution roles and the remediation role of each member account (IAM: one region).',
      capabilities: ['CAPABILITY_NAMED_IAM'],
      parameters: [{ parameterKey: ADMIN_ACCOUNT_PARAMETER, parameterValue: Aws.ACCOUNT_ID }],
      stackInstancesGroup: [{ regions: [regionsOf(this, props.settings)[0]!], deploymentTargets }],
      ...this.stackSetTemplate('MemberRolesTemplate', memberRolesTemplate(props.rules, props.runbooks)),
    });
    const runbooks = new cloudformation.CfnStackSet(this, 'MemberRunbooks', {
      ...common,
      stackSetName: MEMBER_RUNBOOKS_STACK_SET_NAME,
      description: 'dbauth Config rules: the remediation runbooks (SSM Automation documents) of each member account, in every region.',
      stackInstancesGroup: [{ regions: regionsOf(this, props.settings), deploymentTargets }],
      ...this.stackSetTemplate('MemberRunbooksTemplate', memberRunbooksTemplate(props.rules, props.runbooks)),
    });
    return [roles, runbooks];
  }

  /** A stack set template inline when it fits the TemplateBody limit, else as a file asset (TemplateURL). */
  private stackSetTemplate(id: string, template: CfnTemplate): { templateBody: string } | { templateUrl: string } {
    const body = JSON.stringify(template);
    if (Buffer.byteLength(body, 'utf8') <= MAX_PACK_TEMPLATE_BYTES) return { templateBody: body };
    const outdir = Stage.of(this)?.outdir;
    if (!outdir) throw new Error('the stack must belong to an App to stage its stack set templates');
    const dir = path.join(outdir, 'stackset-templates');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${this.stackName}-${id}.json`);
    writeFileSync(file, body);
    return { templateUrl: new Asset(this, id, { path: file }).httpUrl };
  }

  /** The organization's compliance in one view: an aggregator over every account, in the listed regions (or all). */
  private aggregator(settings: DeploySettings): void {
    const role = new iam.Role(this, 'AggregatorRole', {
      description: 'Lets AWS Config read the organization to aggregate its accounts.',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations')],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
      reason: 'The AWS managed policy made for organization aggregators (read-only organizations:Describe/List calls); AWS keeps it current.',
    });
    new config.CfnConfigurationAggregator(this, 'Aggregator', {
      configurationAggregatorName: AGGREGATOR_NAME,
      organizationAggregationSource: {
        roleArn: role.roleArn,
        ...(settings.regions ? { awsRegions: [...settings.regions] } : { allAwsRegions: true }),
      },
    });
  }
}

/** The stacks of a deployment: one a region, the first (or only) one primary; the others after it. */
export function addPackStacks(app: App, settings: DeploySettings, rules: readonly Rule[], runbooks: readonly Runbook[]): Stack[] {
  const Kind = settings.mode === 'organization' ? OrganizationStack : AccountStack;
  const baseName = settings.mode === 'organization' ? 'DbAuthOrganization' : 'DbAuthConfigRules';
  const description =
    settings.mode === 'organization'
      ? 'dbauth Config rules pack, organization mode: rule Lambdas and the organization conformance pack'
      : 'dbauth Config rules pack, account mode: rule Lambdas, Config rules, runbooks and remediations';
  if (!settings.regions) return [new Kind(app, baseName, { settings, rules, runbooks, primary: true, description })];
  const stacks = settings.regions.map(
    (region, index) => new Kind(app, `${baseName}-${region}`, { env: { region }, settings, rules, runbooks, primary: index === 0, description: `${description} (${region})` }),
  );
  for (const stack of stacks.slice(1)) stack.addStackDependency(stacks[0]!, 'IAM roles and member stack sets are created once, by the first region');
  return stacks;
}
