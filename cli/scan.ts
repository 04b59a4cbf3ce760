import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { COLLECT_ACTIONS, READ_ACTIONS } from '../infra/permissions';
import { CATALOG, findRule } from '../rules/catalog';
import type { Rule } from '../rules/kit';
import { splitList } from '../rules/kit';
import type { ClientFactoryOptions } from '../rules/kit/runtime';
import { ClientFactory } from '../rules/kit/runtime';
import type { Row } from './assess';
import { assessAccount } from './assess';
import { EXIT, UsageError, explainAwsError, recordCalls } from './errors';
import { retryingClientConfig } from '../rules/kit/clients';

export { resolveRegions } from './aws';

export interface ScanOptions {
  readonly regions: readonly string[];
  readonly rules?: string;
  readonly onProgress?: (message: string) => void;
  /** Client options (tests and the benchmark put the simulated account behind the real clients here). */
  readonly clients?: ClientFactoryOptions;
}

export function selectRules(list: string | undefined): Rule[] {
  if (list === undefined) return [...CATALOG];
  const ids = splitList(list);
  const unknown = ids.filter((id) => !findRule(id));
  if (unknown.length > 0) throw new UsageError(`unknown rule ${unknown.join(', ')}; the rules are: ${CATALOG.map((r) => r.id).join(', ')}`);
  return CATALOG.filter((rule) => ids.includes(rule.id));
}

/** 0 when nothing is NON_COMPLIANT, 1 when something is: a pipeline can gate on it. */
export function scanExitCode(rows: readonly Row[]): 0 | 1 {
  return rows.some((row) => row.compliance === 'NON_COMPLIANT') ? EXIT.NON_COMPLIANT : EXIT.COMPLIANT;
}

/**
 * Some regions could not be judged: the rows of the others are kept (and printed), each failure is one line,
 * and the scan exits 2, since an absent finding there proves nothing.
 */
export class ScanIncompleteError extends UsageError {
  constructor(
    readonly rows: readonly Row[],
    readonly failures: readonly Error[],
  ) {
    super(
      failures.length === 1
        ? (failures[0] as Error).message
        : `${failures.length} regions could not be scanned: ${failures.map((f) => f.message).join(' | ')}`,
      { cause: failures[0] },
    );
  }
}

/** Runs the catalog against a live account in each region, with progress, and returns every verdict. */
export async function scanAccount(options: ScanOptions): Promise<Row[]> {
  const rules = selectRules(options.rules);
  const [firstRegion] = options.regions;
  if (firstRegion === undefined) throw new UsageError('no region to scan');
  const clientOptions = withCallNames(options.clients ?? {});
  const accountId = await callerAccount(firstRegion, clientOptions);
  const factory = new ClientFactory(clientOptions);
  const rows: Row[] = [];
  const failures: Error[] = [];
  for (const region of options.regions) {
    options.onProgress?.(`scanning account ${accountId} in ${region} with ${rules.length} rules`);
    try {
      rows.push(...(await assessAccount(factory.clientsFor(accountId, region), { rules, onProgress: options.onProgress })));
    } catch (error) {
      const failure = explainAwsError(error, `in ${region}`, SCAN_PERMISSIONS);
      options.onProgress?.(`${region}: not scanned: ${failure.message}`);
      failures.push(failure);
    }
  }
  if (failures.length > 0) throw new ScanIncompleteError(rows, failures);
  return rows;
}

/** Every client also records the call an error came from, so the failure line names it. */
function withCallNames(options: ClientFactoryOptions): ClientFactoryOptions {
  return {
    ...options,
    configure: (client) => {
      options.configure?.(client);
      recordCalls(client);
    },
  };
}

/** The account the credentials belong to (STS GetCallerIdentity); a failure names the region and what to allow. */
export async function callerAccount(region: string, clientOptions: ClientFactoryOptions, permissions = SCAN_PERMISSIONS): Promise<string> {
  const sts = new STSClient({ ...retryingClientConfig(region, clientOptions.maxAttempts), ...(clientOptions.credentials ? { credentials: clientOptions.credentials } : {}) });
  clientOptions.configure?.(sts);
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('STS returned no account');
    return identity.Account;
  } catch (error) {
    throw explainAwsError(error, `in ${region}`, permissions);
  }
}

/** What a scan calls: the periodic collectors' reads, from the one map the deployed roles are built from. */
const SCAN_PERMISSIONS = `read access: ${[...new Set([...Object.values(READ_ACTIONS), ...Object.values(COLLECT_ACTIONS)].flat())].join(', ')}`;
