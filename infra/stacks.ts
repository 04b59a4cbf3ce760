/**
 * The stacks.
 *
 * Account mode: one stack a region with the rule Lambdas, the Config rules, and (unless remediation=off)
 * the runbooks and their remediation configurations. Every region has its own roles: no region waits for
 * another.
 *
 * Organization mode, in the delegated-admin (or management) account, in deployment order:
 *   1. a code bucket in every region, readable by the organization, holding the rule Lambda bundle;
 *   2. the member stack set (primary region stack): every member account and region gets the template of
 *      infra/member.ts (Lambdas, permissions, queue, alarms, runbooks, and with packScope=account the
 *      pack), auto-deployed to accounts that join later; and the configuration aggregator;
 *   3. with packScope=organization (default), the organization conformance pack of every region, after
 *      the stack set (Config checks at rule creation that the Lambda permission exists).
 */
import { AssetHashType, Aws, CfnParameter, CfnResource, Fn, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { App, StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import path from 'node:path';
import type { Rule } from '../rules/kit/rule';
import { configRuleLogicalId, configRuleResource, remediationLogicalId, remediationResource } from './config-resources';
import type { CfnResourceSpec } from './config-resources';
import { RULE_BUNDLING, RULE_SOURCE, RemediationRunbooks, RuleFunctions, ruleCode } from './constructs';
import { CODE_ACCOUNT_PARAMETER, CODE_KEY_PARAMETER, synthesizeMemberTemplate } from './member';
import { AGGREGATOR_NAME, CONFORMANCE_PACK_NAME, MEMBER_STACK_SET_NAME, codeBucketName } from './names';
import { acknowledgeBucketDeployment, acknowledgeCodeBucket, acknowledgeWildcards, bucketDeploymentHandler } from './nag';
import { renderConformancePack } from './pack-template';
import type { Runbook } from './runbooks';
import { remediations } from './runbooks';
import type { DeploySettings } from './settings';

export interface PackStackProps extends StackProps {
  readonly settings: DeploySettings;
  /** The rules deployed (the catalog's, filtered by the settings). */
  readonly rules: readonly Rule[];
  readonly runbooks: readonly Runbook[];
}

/** Account mode: Lambdas, Config rules, runbooks and remediations of one region of one account. */
export class AccountStack extends Stack {
  readonly ruleFunctions: RuleFunctions;

  constructor(scope: Construct, id: string, props: PackStackProps) {
    super(scope, id, props);
    const { settings, rules } = props;
    const prefix = settings.rulePrefix;
    this.ruleFunctions = new RuleFunctions(this, 'Rules', {
      rules,
      code: ruleCode(),
      prefix,
      settings: settings.lambda,
      periodic: settings.rules.periodic,
      invokedBy: 'account-rules',
    });
    const configRules = new Map<string, CfnResource>();
    for (const rule of rules) {
      const fn = this.ruleFunctions.functions.get(rule.id)!;
      const spec = configRuleResource(rule, fn.attrArn, settings.rules, prefix);
      const resource = cfnResource(this, configRuleLogicalId(rule), spec);
      // Config checks at creation that it may invoke the function.
      resource.addResourceDependency(this.ruleFunctions.permissions.get(rule.id)!);
      configRules.set(rule.id, resource);
    }

    const fixes = settings.remediation.mode === 'off' ? [] : remediations(rules, props.runbooks);
    if (fixes.length > 0) {
      const runbooks = new RemediationRunbooks(this, 'Runbooks', { fixes, passRolePattern: settings.remediation.dmsServiceRolePattern });
      for (const { rule, runbook } of fixes) {
        const document = runbooks.documents.get(rule.id)!;
        const spec = remediationResource(rule, runbook, settings.rules, settings.remediation, prefix, runbooks.roles.get(rule.id)!.roleArn);
        const resource = cfnResource(this, remediationLogicalId(rule), spec);
        resource.addResourceDependency(configRules.get(rule.id)!);
        resource.addResourceDependency(document);
      }
    }
    acknowledgeWildcards(this);
  }
}

/** A resource from its CloudFormation spec (the same spec a conformance pack template holds). */
const cfnResource = (scope: Construct, id: string, spec: CfnResourceSpec): CfnResource => new CfnResource(scope, id, { type: spec.Type, properties: spec.Properties });

/**
 * The rule Lambda bundle in an S3 bucket of this account and region that every account of the
 * organization may read (aws:PrincipalOrgID): CloudFormation in a member account creates the functions
 * from it. The bundle is copied from the CDK asset by a BucketDeployment, as one zip.
 *
 * (cdklabs' cdk-stacksets does the same copy, but from the one parent stack into buckets that must already
 * exist in every region under a name it derives, and it cannot add their policies; here each region's
 * stack owns its bucket and its copy, and deploys before the stack set.)
 */
export class CodeBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: { readonly organizationId: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: codeBucketName(stack.account, stack.region),
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // A member's functions keep pointing at the bundle: never delete it with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationReadsRuleCode',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
      }),
    );
    acknowledgeCodeBucket(this.bucket);
    this.deployment = new BucketDeployment(this, 'Bundle', {
      sources: [Source.asset(RULE_SOURCE, { assetHashType: AssetHashType.OUTPUT, bundling: RULE_BUNDLING })],
      destinationBucket: this.bucket,
      extract: false,
      prune: false,
      retainOnDelete: true,
    });
    acknowledgeBucketDeployment(this.deployment);
    dropRedundantRoleDependency(this.deployment);
  }

  /** The bundle's object key (the same in every region: the asset's hash). */
  get objectKey(): string {
    return Fn.select(0, this.deployment.objectKeys);
  }
}

/**
 * The CDK's BucketDeployment handler depends on its role explicitly although its Role property already
 * refers to it (cfn-lint W3005): keep only the dependency on the role's policy, which no property implies.
 */
function dropRedundantRoleDependency(deployment: BucketDeployment): void {
  const fn = bucketDeploymentHandler(deployment)?.node.defaultChild;
  const policy = deployment.handlerRole.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (!(fn instanceof CfnResource) || !(policy instanceof CfnResource)) return;
  fn.addOverride('DependsOn', [Stack.of(deployment).getLogicalId(policy)]);
}

/** The organization id from the settings, or a stack parameter that asks for it at deploy time. */
function organizationId(stack: Stack, settings: DeploySettings): string {
  return (
    settings.organization.organizationId ??
    new CfnParameter(stack, 'OrganizationId', {
      type: 'String',
      allowedPattern: '^o-[a-z0-9]{10,32}$',
      description: 'The organization (o-...) whose accounts may read the rule Lambda code (or set the context organizationId).',
    }).valueAsString
  );
}

/** Organization mode, a region other than the primary one: the code bucket, before the stack set. */
export class CodeStack extends Stack {
  constructor(scope: Construct, id: string, props: PackStackProps) {
    super(scope, id, props);
    new CodeBucket(this, 'Code', { organizationId: organizationId(this, props.settings) });
  }
}

/** Organization mode, a region other than the primary one: the organization conformance pack, after the stack set. */
export class PackStack extends Stack {
  readonly pack: config.CfnOrganizationConformancePack;

  constructor(scope: Construct, id: string, props: PackStackProps) {
    super(scope, id, props);
    this.pack = organizationPack(this, props);
  }
}

function organizationPack(scope: Construct, props: PackStackProps): config.CfnOrganizationConformancePack {
  const { organization } = props.settings;
  // The body is text: `${AWS::AccountId}` in it is resolved by each member's pack stack, not by this one.
  return new config.CfnOrganizationConformancePack(scope, 'ConformancePack', {
    organizationConformancePackName: CONFORMANCE_PACK_NAME,
    templateBody: renderConformancePack({ rules: props.rules, runbooks: props.runbooks, settings: props.settings }),
    ...(organization.excludedAccounts.length > 0 ? { excludedAccounts: [...organization.excludedAccounts] } : {}),
  });
}

/**
 * Organization mode, the primary region: its code bucket, the member stack set (every region), the
 * aggregator, and with packScope=organization this region's organization conformance pack.
 */
export class OrganizationStack extends Stack {
  readonly stackSet: cloudformation.CfnStackSet;
  readonly pack: config.CfnOrganizationConformancePack | undefined;

  constructor(scope: Construct, id: string, props: PackStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const code = new CodeBucket(this, 'Code', { organizationId: organizationId(this, settings) });
    this.stackSet = this.memberStackSet(props, code);
    this.aggregator(settings);
    if (settings.organization.packScope === 'organization') {
      this.pack = organizationPack(this, props);
      this.pack.addResourceDependency(this.stackSet);
    }
    acknowledgeWildcards(this);
  }

  private memberStackSet(props: PackStackProps, code: CodeBucket): cloudformation.CfnStackSet {
    const { organization } = props.settings;
    const organizationalUnitIds =
      organization.organizationalUnits !== undefined
        ? [...organization.organizationalUnits]
        : new CfnParameter(this, 'OrganizationalUnitIds', {
            type: 'CommaDelimitedList',
            description: 'OU or root ids (ou-..., r-...) whose accounts get the rule Lambdas and runbooks (or set the context organizationalUnits).',
          }).valueAsList;
    const outdir = Stage.of(this)?.outdir;
    if (!outdir) throw new Error('the stack must belong to an App to synthesize the member template');
    const member = synthesizeMemberTemplate(
      { settings: props.settings, rules: props.rules, runbooks: props.runbooks },
      path.join(outdir, 'member-templates'),
    );
    const template = new Asset(this, 'MemberTemplate', { path: member.file });
    return new cloudformation.CfnStackSet(this, 'Members', {
      stackSetName: MEMBER_STACK_SET_NAME,
      description: 'dbauth Config rules: the rule Lambdas, failure queue, alarms and remediation runbooks of each member account and region.',
      permissionModel: 'SERVICE_MANAGED',
      callAs: organization.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_IAM'],
      // IAM and Lambda changes reach a few accounts at a time, one region after another; a failure stops them.
      operationPreferences: {
        regionConcurrencyType: 'SEQUENTIAL',
        maxConcurrentPercentage: organization.maxConcurrentPercent,
        failureTolerancePercentage: organization.failureTolerancePercent,
      },
      parameters: [
        { parameterKey: CODE_ACCOUNT_PARAMETER, parameterValue: Aws.ACCOUNT_ID },
        { parameterKey: CODE_KEY_PARAMETER, parameterValue: code.objectKey },
      ],
      stackInstancesGroup: [
        {
          regions: [...(props.settings.regions ?? [this.region])],
          deploymentTargets: {
            organizationalUnitIds,
            ...(organization.excludedAccounts.length > 0 ? { accountFilterType: 'DIFFERENCE', accounts: [...organization.excludedAccounts] } : {}),
          },
        },
      ],
      templateUrl: template.httpUrl,
    });
  }

  /** The organization's compliance in one view: an aggregator over every account, in the listed regions (or all). */
  private aggregator(settings: DeploySettings): void {
    const role = new iam.Role(this, 'AggregatorRole', {
      description: 'Lets AWS Config of this account read the organization to aggregate its accounts.',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } }),
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

/**
 * The stacks of a deployment. Account mode: one a region. Organization mode: the primary (first) region's
 * stack after every other region's code stack, and every other region's pack stack after the primary.
 */
export function addPackStacks(app: App, settings: DeploySettings, catalog: readonly Rule[], runbooks: readonly Runbook[]): Stack[] {
  const rules = catalog.filter((rule) => settings.ruleIds.includes(rule.id));
  const props = { settings, rules, runbooks };
  const env = (region: string | undefined) => (region ? { env: { region } } : {});
  const suffix = (region: string | undefined) => (region ? `-${region}` : '');
  if (settings.mode === 'account') {
    const description = 'dbauth Config rules pack, account mode: rule Lambdas, Config rules, runbooks and remediations';
    return (settings.regions ?? [undefined]).map(
      (region) => new AccountStack(app, `DbAuthConfigRules${suffix(region)}`, { ...props, ...env(region), description: `${description}${region ? ` (${region})` : ''}` }),
    );
  }
  const [primaryRegion, ...others] = settings.regions ?? [undefined];
  const codeStacks = others.map(
    (region) =>
      new CodeStack(app, `DbAuthOrganization-code-${region}`, {
        ...props,
        ...env(region),
        description: `dbauth Config rules pack, organization mode: the rule Lambda code that member accounts read in ${region}`,
      }),
  );
  const primary = new OrganizationStack(app, `DbAuthOrganization${suffix(primaryRegion)}`, {
    ...props,
    ...env(primaryRegion),
    description: 'dbauth Config rules pack, organization mode: the member stack set, the aggregator and the organization conformance pack',
  });
  for (const stack of codeStacks) primary.addStackDependency(stack, "every region's code bucket holds the bundle before the stack set deploys");
  const packStacks =
    settings.organization.packScope === 'organization'
      ? others.map((region) => {
          const stack = new PackStack(app, `DbAuthOrganization-pack-${region}`, {
            ...props,
            ...env(region),
            description: `dbauth Config rules pack, organization mode: the organization conformance pack in ${region}`,
          });
          stack.addStackDependency(primary, 'the member Lambdas and their permissions exist before the pack creates its rules');
          return stack;
        })
      : [];
  return [...codeStacks, primary, ...packStacks];
}
