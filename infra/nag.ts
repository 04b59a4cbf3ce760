/**
 * cdk-nag (AWS Solutions) acknowledgements, each with its reason. The IAM5 ("wildcard") findings are
 * derived from the policies actually synthesized: every wildcard resource is matched against the short
 * list of scopes this pack grants on purpose, and the reason names the actions. A wildcard that matches
 * none of them is not acknowledged, so it fails the checks.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { BucketDeployment } from 'aws-cdk-lib/aws-s3-deployment';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { ACTIONS_WITHOUT_RESOURCE_TYPES } from './permissions';

/** A rendered account or region: literal, or the pseudo parameter as cdk-nag prints it. */
const ACCOUNT = String.raw`(?:\d{12}|<AWS::AccountId>)`;
const REGION = String.raw`(?:[a-z]{2}(?:-[a-z]+)+-\d|<AWS::Region>)`;
const arn = (rest: string): RegExp => new RegExp(String.raw`^arn:(?:aws[a-z-]*|<AWS::Partition>):${rest}$`);

const WILDCARD_REASONS: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  { pattern: /^\*$/, reason: 'IAM defines no resource type for these actions, so they can only be granted on *' },
  {
    pattern: arn(String.raw`logs:${REGION}:${ACCOUNT}:log-group:[^*:]+:\*`),
    reason: "Log streams of the function's own log group (stream names are generated per invocation)",
  },
  { pattern: arn(String.raw`config:${REGION}:${ACCOUNT}:config-rule/\*`), reason: "Config names conformance-pack rules itself; limited to this account's rules in this region" },
  {
    pattern: arn(String.raw`rds:${REGION}:${ACCOUNT}:(?:db|cluster|cluster-snapshot):\*`),
    reason: "The resource type the rule or runbook acts on (RDS/Neptune DB instances, clusters or cluster snapshots), in this account and region only",
  },
  { pattern: arn(String.raw`dms:${REGION}:${ACCOUNT}:endpoint:\*`), reason: 'DMS endpoints, in this account and region only' },
  {
    pattern: arn(String.raw`iam::${ACCOUNT}:role/[^*]{3,}\*?[^*]*`),
    reason: "Passes back the DMS endpoint's existing service access role, only roles named as -c dmsServiceRolePattern says, only to dms.amazonaws.com (iam:PassedToService)",
  },
];

/** How cdk-nag prints a resolved value in a finding id: pseudo parameters and references as <Name>. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    if (typeof object['Ref'] === 'string') return `<${object['Ref']}>`;
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
    const sub = object['Fn::Sub'];
    if (typeof sub === 'string') return sub.replace(/\$\{([^}]+)\}/g, '<$1>');
    const join = object['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return (join[1] as unknown[]).map(render).join(join[0]);
  }
  return JSON.stringify(value);
}

interface ResolvedStatement {
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

function statementsOf(construct: IConstruct): ResolvedStatement[] {
  const stack = Stack.of(construct);
  const documents: unknown[] = [];
  if (construct instanceof iam.CfnRole) {
    for (const policy of (stack.resolve(construct.policies) as { policyDocument?: unknown }[] | undefined) ?? []) documents.push(policy.policyDocument);
  } else if (construct instanceof iam.CfnPolicy) {
    documents.push(stack.resolve(construct.policyDocument));
  }
  return documents.flatMap((document) => ((document as { Statement?: ResolvedStatement[] } | undefined)?.Statement ?? []));
}

/** Acknowledges each intended wildcard of the stack's IAM policies on the resource that carries it. */
export function acknowledgeWildcards(stack: Stack): void {
  for (const construct of stack.node.findAll()) {
    const findings = new Map<string, { reason: string; actions: Set<string> }>();
    for (const statement of statementsOf(construct)) {
      const actions = [statement.Action ?? []].flat();
      for (const resource of [statement.Resource ?? []].flat().map(render)) {
        if (!resource.includes('*')) continue;
        const known = WILDCARD_REASONS.find(({ pattern }) => pattern.test(resource));
        if (!known) continue;
        // `*` is acknowledged only for actions that IAM cannot scope.
        if (resource === '*' && !actions.every((action) => ACTIONS_WITHOUT_RESOURCE_TYPES.has(action))) continue;
        const id = `AwsSolutions-IAM5[Resource::${resource}]`;
        const entry = findings.get(id) ?? { reason: known.reason, actions: new Set<string>() };
        actions.forEach((action) => entry.actions.add(action));
        findings.set(id, entry);
      }
    }
    for (const [id, { reason, actions }] of findings) {
      Validations.of(construct).acknowledge({ id, reason: `${reason} (${[...actions].sort().join(', ')}).` });
    }
  }
}

/**
 * The rule Lambdas run Node.js 22 (nodejs22.x, supported by Lambda); the bundle targets it (scripts/bundle.mjs,
 * esbuild target node22) and the unit tests run on the Node.js of the machine (CI: Node.js 20).
 */
export function acknowledgeRuntime(construct: IConstruct): void {
  Validations.of(construct).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'nodejs22.x is a supported Lambda runtime and the one the bundle is built for (esbuild target node22); nodejs24.x is a deliberate upgrade, to be made with the bundle target.',
  });
}

/** The failure queue is itself the destination of failed events: it needs no dead-letter queue of its own. */
export function acknowledgeFailureQueue(construct: IConstruct): void {
  Validations.of(construct).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: "This queue is the rule Lambdas' on-failure destination (their dead letters); messages stay 14 days and an alarm fires while it is not empty.",
  });
}

/** The code bucket holds one build artifact, written only by the stack's deployment. */
export function acknowledgeCodeBucket(construct: IConstruct): void {
  Validations.of(construct).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'Holds only the rule Lambda bundle, written by this stack and read by CloudFormation in member accounts; CloudTrail records the API calls.',
  });
}

/**
 * The CDK's BucketDeployment copies the bundle from the CDK asset bucket into the code bucket. Its handler
 * and role are the CDK's own: each of their findings is acknowledged by its granular id, as the CDK made it.
 */
export function acknowledgeBucketDeployment(deployment: BucketDeployment): void {
  const handler = bucketDeploymentHandler(deployment);
  if (!handler) return;
  Validations.of(handler).acknowledge({ id: 'AwsSolutions-L1', reason: "The CDK's own BucketDeployment handler: its runtime is the CDK's choice, updated with aws-cdk-lib." });
  Validations.of(deployment.handlerRole).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "The CDK's BucketDeployment handler writes its logs with the AWS managed basic execution policy.",
  });
  for (const construct of handler.node.findAll()) {
    const ids = new Set<string>();
    for (const statement of statementsOf(construct)) {
      for (const action of [statement.Action ?? []].flat()) if (action.includes('*')) ids.add(`AwsSolutions-IAM5[Action::${action}]`);
      for (const resource of [statement.Resource ?? []].flat().map(render)) if (resource.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${resource}]`);
    }
    for (const id of ids) {
      Validations.of(construct).acknowledge({
        id,
        reason: "The CDK's BucketDeployment handler reads the bundle from the CDK asset bucket and writes it to the code bucket, with the grants the CDK generates.",
      });
    }
  }
}

/** The CDK's BucketDeployment handler: a singleton function of the stack, not a child of the deployment. */
export function bucketDeploymentHandler(deployment: BucketDeployment): IConstruct | undefined {
  return Stack.of(deployment).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
}
