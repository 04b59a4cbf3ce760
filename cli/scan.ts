import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { COLLECT_ACTIONS, READ_ACTIONS } from '../infra/permissions';
import { CATALOG } from '../rules/catalog';
import type { Rule } from '../rules/kit';
import { splitList } from '../rules/kit';
import type { ClientFactoryOptions } from '../rules/kit/runtime';
import { ClientFactory } from '../rules/kit/runtime';
import type { Row } from './assess';
import { assessAccount } from './assess';
import { UsageError, explainAwsError } from './errors';

export interface ScanOptions {
  readonly regions: readonly string[];
  readonly rules?: string;
  readonly onProgress?: (message: string) => void;
  /** Client options (tests and the benchmark put the simulated account behind the real clients here). */
  readonly clients?: ClientFactoryOptions;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function selectRules(list: string | undefined): Rule[] {
  if (list === undefined) return [...CATALOG];
  const ids = splitList(list);
  const unknown = ids.filter((id) => !CATALOG.some((rule) => rule.id === id));
  if (unknown.length > 0) throw new UsageError(`unknown rule ${unknown.join(', ')}; the rules are: ${CATALOG.map((r) => r.id).join(', ')}`);
  return CATALOG.filter((rule) => ids.includes(rule.id));
}

export function resolveRegions(given: readonly string[]): string[] {
  const regions = given.flatMap(splitList);
  const fallback = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
  const chosen = regions.length > 0 ? regions : fallback ? [fallback] : [];
  if (chosen.length === 0) throw new UsageError('no region: pass --region (several allowed) or set AWS_REGION');
  const bad = chosen.filter((region) => !REGION.test(region));
  if (bad.length > 0) throw new UsageError(`not a region name: ${bad.join(', ')}`);
  return [...new Set(chosen)];
}

/** 0 when nothing is NON_COMPLIANT, 1 when something is: a pipeline can gate on it. */
export function scanExitCode(rows: readonly Row[]): 0 | 1 {
  return rows.some((row) => row.compliance === 'NON_COMPLIANT') ? 1 : 0;
}

/** Runs the catalog against a live account in each region, with progress, and returns every verdict. */
export async function scanAccount(options: ScanOptions): Promise<Row[]> {
  const rules = selectRules(options.rules);
  const [firstRegion] = options.regions;
  if (firstRegion === undefined) throw new UsageError('no region to scan');
  const accountId = await callerAccount(firstRegion, options.clients ?? {});
  const factory = new ClientFactory(options.clients ?? {});
  const rows: Row[] = [];
  for (const region of options.regions) {
    options.onProgress?.(`scanning account ${accountId} in ${region} with ${rules.length} rules`);
    try {
      rows.push(...(await assessAccount(factory.clientsFor(accountId, region), { rules, onProgress: options.onProgress })));
    } catch (error) {
      throw explainAwsError(error, `in ${region}`, SCAN_PERMISSIONS);
    }
  }
  return rows;
}

async function callerAccount(region: string, clientOptions: ClientFactoryOptions): Promise<string> {
  const sts = new STSClient({ region, maxAttempts: clientOptions.maxAttempts ?? 6, retryMode: 'adaptive', ...(clientOptions.credentials ? { credentials: clientOptions.credentials } : {}) });
  clientOptions.configure?.(sts);
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('STS returned no account');
    return identity.Account;
  } catch (error) {
    throw explainAwsError(error, `in ${region}`, SCAN_PERMISSIONS);
  }
}

/** What a scan calls: the periodic collectors' reads, from the one map the deployed roles are built from. */
const SCAN_PERMISSIONS = `read access: ${[...new Set([...Object.values(READ_ACTIONS), ...Object.values(COLLECT_ACTIONS)].flat())].join(', ')}`;
