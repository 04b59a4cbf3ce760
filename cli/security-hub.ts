import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { UsageError, explainAwsError } from './errors';
import type { AsffFinding, Row } from './output';
import { toAsff } from './output';
import { retryingClientConfig } from '../rules/kit/clients';

/** BatchImportFindings takes at most 100 findings a request (Security Hub API reference). */
export const IMPORT_BATCH = 100;

export interface FailedImport {
  readonly id: string;
  readonly region: string;
  readonly code: string;
  readonly message: string;
}

export interface ImportResult {
  readonly imported: number;
  readonly failed: readonly FailedImport[];
}

/** Some findings were refused by Security Hub: exit 2, each one named on stderr. */
export class ImportFindingsError extends UsageError {
  constructor(readonly result: ImportResult) {
    const [first] = result.failed;
    super(
      `Security Hub refused ${result.failed.length} of ${result.failed.length + result.imported} findings` +
        (first ? ` (first: ${first.id} in ${first.region}: ${first.code}: ${first.message})` : '') +
        ': check that Security Hub is enabled in that region and that the caller may securityhub:BatchImportFindings',
    );
  }
}

export interface ImportOptions {
  readonly onProgress?: ((message: string) => void) | undefined;
  /** Called on each client made (tests install a mock; the CLI records call names). */
  readonly configure?: (client: SecurityHubClient) => void;
  readonly now?: Date;
}

/**
 * Sends the rows' findings (not NOT_APPLICABLE ones) to Security Hub in the region of each finding, in batches
 * of 100, and reports every finding it refused. A call that fails outright is an error naming the region.
 */
export async function importFindings(rows: readonly Row[], options: ImportOptions = {}): Promise<ImportResult> {
  const byRegion = new Map<string, AsffFinding[]>();
  for (const finding of toAsff(rows, options.now)) byRegion.set(finding.Region, [...(byRegion.get(finding.Region) ?? []), finding]);
  let imported = 0;
  const failed: FailedImport[] = [];
  for (const [region, findings] of byRegion) {
    const client = new SecurityHubClient(retryingClientConfig(region));
    options.configure?.(client);
    for (let start = 0; start < findings.length; start += IMPORT_BATCH) {
      const batch = findings.slice(start, start + IMPORT_BATCH);
      try {
        const answer = await client.send(new BatchImportFindingsCommand({ Findings: batch as unknown as AwsSecurityFinding[] }));
        imported += answer.SuccessCount ?? 0;
        for (const refused of answer.FailedFindings ?? []) {
          failed.push({ id: refused.Id ?? '?', region, code: refused.ErrorCode ?? '?', message: refused.ErrorMessage ?? '' });
        }
      } catch (error) {
        throw explainAwsError(error, `in ${region}`, 'securityhub:BatchImportFindings, with Security Hub enabled in that region');
      }
    }
    options.onProgress?.(`${region}: sent ${findings.length} findings to Security Hub`);
  }
  for (const refused of failed) options.onProgress?.(`Security Hub refused ${refused.id} in ${refused.region}: ${refused.code}: ${refused.message}`);
  const result = { imported, failed };
  if (failed.length > 0) throw new ImportFindingsError(result);
  return result;
}

