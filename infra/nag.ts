/**
 * cdk-nag (AWS Solutions) acknowledgements, each with its reason. The IAM5 ("wildcard") findings are
 * derived from the policies actually synthesized: every wildcard resource is matched against the short
 * list of scopes this pack grants on purpose, and the reason names the actions. A wildcard that matches
 * none of them is not acknowledged, so it fails the checks.
 */
import { Stack, Validations } from 'aws-cdk-lib';
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
    pattern: arn(String.raw`logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/[^*:]+:\*`),
    reason: "Log streams of the function's own log group (stream names are generated per invocation)",
  },
  { pattern: arn(String.raw`config:\*:${ACCOUNT}:config-rule/\*`), reason: "Config names conformance-pack rules itself; limited to this account's rules" },
  {
    pattern: arn(String.raw`(?:rds|dms):\*:${ACCOUNT}:\*`),
    reason: "Describe/modify calls over this account's resources of the type, in every region the pack is deployed to; no other account",
  },
  {
    pattern: arn(String.raw`iam::${ACCOUNT}:role/\*`),
    reason: "Passes back the DMS endpoint's existing service access role (named by its owner), only to dms.amazonaws.com (iam:PassedToService)",
  },
  {
    pattern: arn(String.raw`iam::\*:role/[^*]+`),
    reason: "The rule's own execution role in the account of the evaluated resource; aws:ResourceOrgID limits it to accounts of the organization",
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

/** Node 22 is the runtime the bundle targets (scripts/bundle.mjs); a newer one is a deliberate upgrade. */
export function acknowledgeRuntime(construct: IConstruct): void {
  Validations.of(construct).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'The rule bundle is built and tested for Node.js 22 (esbuild target node22); moving to a newer runtime is a deliberate upgrade.',
  });
}
