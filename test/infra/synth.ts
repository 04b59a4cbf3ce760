/**
 * The CDK app synthesized once per test run for each deployment below, shared by every infra test file:
 * the first worker that asks for a deployment synthesizes it (bundling skipped: bundle.test.ts builds the
 * real bundle once) and writes the templates, cdk-nag's findings and the settings' warnings as JSON to the
 * run's cache folder (test/infra/global-setup.ts makes it; global-teardown.ts removes it); the others read it.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Token, Validations } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CATALOG } from '../../rules/catalog';
import { MemberStack } from '../../infra/member';
import { loadRunbooks } from '../../infra/runbooks';
import { readDeploySettings } from '../../infra/settings';
import { addPackStacks } from '../../infra/stacks';

export const ORGANIZATION_ID = 'o-exampleorg1';

/** Every deployment the tests look at, as `-c` context. */
export const DEPLOYMENTS = {
  account: {},
  accountRegions: { regions: 'us-east-1,eu-west-1', periodic: 'all', remediation: 'auto', proactive: 'true' },
  accountNoRemediation: { remediation: 'off' },
  organization: { mode: 'organization' },
  organizationRegions: {
    mode: 'organization',
    regions: 'us-east-1,eu-west-1,ap-southeast-2',
    organizationId: ORGANIZATION_ID,
    organizationalUnits: 'r-ab12,ou-ab12-34cd56ef',
    excludedAccounts: '111111111111',
    autoRemediate: 'rds-instance-iam-authentication-enabled',
  },
  organizationAccountScope: { mode: 'organization', regions: 'us-east-1,eu-west-1', packScope: 'account', organizationId: ORGANIZATION_ID },
  organizationNoRemediation: { mode: 'organization', remediation: 'off' },
  /** The longest prefix the settings allow, for the name limits. */
  longestNames: { mode: 'organization', packScope: 'account', rulePrefix: 'Abcdefghij-klmn-' },
} as const satisfies Record<string, Record<string, string>>;
export type DeploymentName = keyof typeof DEPLOYMENTS;

export type Json = Record<string, unknown>;

export interface SynthesizedStack {
  readonly name: string;
  readonly region: string | undefined;
  /** The stacks that deploy before this one. */
  readonly dependencies: readonly string[];
  readonly template: Json;
}

export interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: unknown;
}

export interface Deployment {
  readonly stacks: readonly SynthesizedStack[];
  /** The member template the stack set deploys (organization mode). */
  readonly member: Json | undefined;
  /** cdk-nag AWS Solutions findings that are not acknowledged, over the stacks and the member template. */
  readonly violations: readonly string[];
  readonly acknowledgements: readonly Acknowledgement[];
  readonly warnings: readonly string[];
}

/** Every acknowledgement recorded in the stack, with its reason. */
function acknowledgementsOf(stack: Stack): Acknowledgement[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({ path: construct.node.path, id, reason }))),
  );
}

function nag(stack: Stack): { violations: string[]; acknowledgements: Acknowledgement[] } {
  const { violations } = new AwsSolutionsChecks(stack).validateScope(stack);
  return {
    violations: violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    acknowledgements: acknowledgementsOf(stack),
  };
}

/** Synthesizes a deployment as `cdk synth` would (without bundling), into `outdir`. */
export function synthesizeDeployment(context: Record<string, string>, outdir: string): Deployment {
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const settings = readDeploySettings((key) => app.node.tryGetContext(key));
  const stacks = addPackStacks(app, settings, CATALOG, loadRunbooks());
  const checked = stacks.map(nag);
  let member: Json | undefined;
  if (settings.mode === 'organization') {
    member = JSON.parse(readFileSync(path.join(outdir, 'member-templates', 'DbAuthMember.template.json'), 'utf8')) as Json;
    // The same member stack again, for cdk-nag's findings by construct.
    const rules = CATALOG.filter((rule) => settings.ruleIds.includes(rule.id));
    checked.push(nag(new MemberStack(new App({ outdir: path.join(outdir, 'member-check') }), 'DbAuthMember', { settings, rules, runbooks: loadRunbooks() })));
  }
  return {
    stacks: stacks.map((stack) => ({
      name: stack.stackName,
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
      dependencies: stack.dependencies.map((dependency) => dependency.stackName),
      template: Template.fromStack(stack).toJSON(),
    })),
    member,
    violations: checked.flatMap((c) => c.violations),
    acknowledgements: checked.flatMap((c) => c.acknowledgements),
    warnings: settings.warnings,
  };
}

const memo = new Map<DeploymentName, Deployment>();

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A deployment, synthesized once per test run. */
export function deployment(name: DeploymentName): Deployment {
  const known = memo.get(name);
  if (known) return known;
  const cache = process.env['DBAUTH_INFRA_CACHE'] ?? mkdtempSync(path.join(tmpdir(), 'dbauth-infra-'));
  const file = path.join(cache, `${name}.json`);
  let lock = false;
  try {
    mkdirSync(path.join(cache, `${name}.lock`), { recursive: false });
    lock = true;
  } catch {
    // Another worker is synthesizing it.
  }
  if (lock) {
    const result = synthesizeDeployment(DEPLOYMENTS[name], path.join(cache, `${name}.out`));
    writeFileSync(`${file}.tmp`, JSON.stringify(result));
    renameSync(`${file}.tmp`, file);
  } else {
    for (let waited = 0; !existsSync(file); waited += 200) {
      if (waited > 300_000) throw new Error(`waited 5 minutes for another worker to synthesize ${name}`);
      sleep(200);
    }
  }
  const result = JSON.parse(readFileSync(file, 'utf8')) as Deployment;
  memo.set(name, result);
  return result;
}

// ---- reading templates -----------------------------------------------------------------------------

export interface Resource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export const resourcesIn = (template: Json): Record<string, Resource> => (template['Resources'] ?? {}) as Record<string, Resource>;

/** The resources of a type, by logical id. */
export function resourcesOf(template: Json, type: string): [string, Resource][] {
  return Object.entries(resourcesIn(template)).filter(([, resource]) => resource.Type === type);
}

export const propertiesOf = (resource: Resource): Json => resource.Properties ?? {};

/** Every template of a deployment: its stacks and its member template. */
export const templatesOf = (d: Deployment): Json[] => [...d.stacks.map((s) => s.template), ...(d.member ? [d.member] : [])];

/** The templates where rule Lambdas run: the account stacks, or the member template. */
export const lambdaTemplatesOf = (d: Deployment): Json[] => (d.member ? [d.member] : d.stacks.map((s) => s.template));

/**
 * A value as text: Fn::Join flattened, references as <Name> (the way cdk-nag prints them), Fn::Sub as its
 * text, and Fn::GetAtt of a function's Arn through `arnOf` when given.
 */
export function flatten(value: unknown, arnOf?: (logicalId: string) => string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const object = value as Json;
    if (typeof object['Ref'] === 'string') return `<${object['Ref']}>`;
    const getAtt = object['Fn::GetAtt'] as string[] | undefined;
    if (getAtt) return arnOf && getAtt[1] === 'Arn' ? arnOf(getAtt[0]!) : `<${getAtt.join('.')}>`;
    const join = object['Fn::Join'] as [string, unknown[]] | undefined;
    if (join) return join[1].map((part) => flatten(part, arnOf)).join(join[0]);
    const sub = object['Fn::Sub'];
    if (typeof sub === 'string') return sub;
  }
  return JSON.stringify(value);
}

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Json;
}

export const actionsOf = (statement: PolicyStatementJson): string[] => [statement.Action].flat();
export const resourcesOfStatement = (statement: PolicyStatementJson): string[] => [statement.Resource].flat().map((r) => flatten(r));

/** Every inline statement of a role, or the statements of a policy resource. */
export function statementsOf(resource: Resource): PolicyStatementJson[] {
  const properties = propertiesOf(resource);
  if (resource.Type === 'AWS::IAM::Policy') return (properties['PolicyDocument'] as { Statement: PolicyStatementJson[] }).Statement;
  const policies = (properties['Policies'] ?? []) as { PolicyDocument: { Statement: PolicyStatementJson[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}
