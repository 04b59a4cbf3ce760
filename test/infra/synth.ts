/**
 * Builds the CDK app as `cdk synth` does, with context, into a temporary directory that `cleanUp` removes.
 * Bundling is skipped (context aws:cdk:bundling-stacks: []); bundle.test.ts builds the real bundle once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CATALOG } from '../../rules/catalog';
import { loadRunbooks } from '../../infra/runbooks';
import { readDeploySettings } from '../../infra/settings';
import { addPackStacks } from '../../infra/stacks';

export interface Synthesized {
  readonly stacks: Stack[];
  readonly templates: Template[];
  readonly outdir: string;
}

const outdirs: string[] = [];

export function synthesize(context: Record<string, unknown> = {}, options: { bundle?: boolean } = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'dbauth-infra-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context } });
  const settings = readDeploySettings((key) => app.node.tryGetContext(key));
  const stacks = addPackStacks(app, settings, CATALOG, loadRunbooks());
  return { stacks, templates: stacks.map((stack) => Template.fromStack(stack)), outdir };
}

export function cleanUp(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

type Json = Record<string, unknown>;

/** The resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type));
}

export const propertiesOf = (resource: Json): Json => (resource['Properties'] ?? {}) as Json;

/**
 * A value as text: Fn::Join flattened, references as <Name> (the way cdk-nag prints them), and
 * Fn::GetAtt of a function's Arn through `arnOf` when given.
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
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Json;
}

export const actionsOf = (statement: PolicyStatementJson): string[] => [statement.Action].flat();
export const resourcesIn = (statement: PolicyStatementJson): string[] => [statement.Resource].flat().map((r) => flatten(r));

/** Every inline statement of a role resource (CDK template or raw member template). */
export function roleStatements(role: Json): PolicyStatementJson[] {
  const policies = (propertiesOf(role)['Policies'] ?? []) as { PolicyDocument: { Statement: PolicyStatementJson[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** The roles of a template by RoleName (flattened). */
export function rolesByName(resources: Record<string, Json>): Map<string, Json> {
  const roles = new Map<string, Json>();
  for (const resource of Object.values(resources)) {
    if (resource['Type'] !== 'AWS::IAM::Role') continue;
    const name = propertiesOf(resource)['RoleName'];
    if (name !== undefined) roles.set(flatten(name), resource);
  }
  return roles;
}
