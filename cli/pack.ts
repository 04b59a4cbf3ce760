/**
 * `dbauth pack`: the organization conformance pack template, for users who deploy with the AWS CLI. The
 * same generator as the CDK organization stack (infra/pack-template.ts): each member's rules call the
 * rule Lambdas of that member account (deployed there by the member stack set).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CATALOG } from '../rules/catalog';
import { CONFORMANCE_PACK_NAME } from '../infra/names';
import { renderConformancePack } from '../infra/pack-template';
import { loadRunbooks } from '../infra/runbooks';
import type { Runbook } from '../infra/runbooks';
import type { ContextKey } from '../infra/settings';
import { CONTEXT_KEYS, readDeploySettings } from '../infra/settings';
import { UnknownRegionError, isKnownRegion } from './aws';
import { FileError, UsageError } from './errors';
import { describeFileError } from './output';

/** The context keys that shape the pack (the others are about stacks and stack sets). */
const PACK_KEYS: readonly ContextKey[] = [
  'rules',
  'excludeRules',
  'rulePrefix',
  'remediation',
  'periodic',
  'periodicFrequency',
  'parameters',
  'exemptionTagKey',
  'autoRemediate',
  'remediationAttempts',
  'remediationRetrySeconds',
  'remediationConcurrentPercent',
  'remediationErrorPercent',
];

export interface PackOptions {
  /** The account that deploys the pack (the delegated admin); the rules call each member's own Lambdas. */
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  /** `key=value` settings, as `cdk -c` takes them. */
  readonly context?: readonly string[];
  readonly runbooks?: readonly Runbook[];
}

function parseContext(pairs: readonly string[]): Partial<Record<ContextKey, string>> {
  const context: Partial<Record<ContextKey, string>> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = (at > 0 ? pair.slice(0, at) : pair) as ContextKey;
    if (!PACK_KEYS.includes(key)) {
      throw new UsageError(
        `--context ${JSON.stringify(pair)}: ${key in CONTEXT_KEYS ? `${key} does not change the pack` : `unknown key ${key}`} (pack keys: ${PACK_KEYS.join(', ')})`,
      );
    }
    if (at < 0) throw new UsageError(`--context ${JSON.stringify(pair)}: expected key=value`);
    context[key] = pair.slice(at + 1);
  }
  return context;
}

/** The template text: rules that call `arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:<prefix><rule id>` of each member. */
export function packTemplateText(options: PackOptions): string {
  if (!/^\d{12}$/.test(options.account)) throw new UsageError(`--account ${JSON.stringify(options.account)} is not a 12-digit account id`);
  if (!isKnownRegion(options.region)) throw new UnknownRegionError(`--region ${JSON.stringify(options.region)} is not a region name that any AWS partition known to this SDK lists`);
  const context = parseContext(options.context ?? []);
  const settings = readDeploySettings((key) => context[key]);
  return renderConformancePack({
    rules: CATALOG.filter((rule) => settings.ruleIds.includes(rule.id)),
    runbooks: options.runbooks ?? loadRunbooks(),
    settings,
  });
}

export function registerPackCommand(program: Command): void {
  program
    .command('pack')
    .description(
      'Write the organization conformance pack template (YAML) whose rules call the rule Lambdas of each member account ' +
        '(the member stack set must be in place first: see the Deploy section of the README).',
    )
    .requiredOption('--account <id>', 'the delegated-admin account that deploys the pack')
    .requiredOption('--region <region>', 'region of the pack')
    .option('-c, --context <key=value>', `a setting, as for cdk synth: ${PACK_KEYS.join(', ')} (repeatable)`, (value: string, all: string[]) => [...all, value], [])
    .option('--out <file>', 'write the template to a file instead of stdout')
    .action((options: { account: string; region: string; context: string[]; out?: string }) => {
      const text = packTemplateText(options);
      if (!options.out) {
        process.stdout.write(text);
        return;
      }
      try {
        writeFileSync(options.out, text);
      } catch (error) {
        const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (create the folder first)' : '';
        throw new FileError(`cannot write the template to ${options.out}: ${describeFileError(error)}${hint}`, { cause: error });
      }
      console.error(
        `wrote ${options.out} (${Buffer.byteLength(text)} bytes). Deploy it with:\n` +
          `  aws configservice put-organization-conformance-pack --region ${options.region} ` +
          `--organization-conformance-pack-name ${CONFORMANCE_PACK_NAME} --template-body file://${options.out}`,
      );
    });
}
