import type { Rule } from '../rules/kit';
import { fixText } from '../rules/adapters';
import type { CheckRow } from './check-format';
import { sortRows } from './check-format';

/**
 * SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) for code-scanning
 * tools: each rule a reportingDescriptor with its controls and fix; each finding that needs attention a
 * result at its file and line, with the logical id or Terraform address as a logical location.
 */
export interface SarifOptions {
  readonly rules: readonly Rule[];
  /** UNKNOWN_BEFORE_DEPLOY as an error (as --strict counts it), not a warning. */
  readonly strict?: boolean;
  readonly toolVersion?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function toSarif(rows: readonly CheckRow[], options: SarifOptions): Record<string, unknown> {
  const reported = sortRows(rows).filter((row) => row.status === 'NON_COMPLIANT' || row.status === 'UNKNOWN_BEFORE_DEPLOY');
  const index = new Map(options.rules.map((rule, i) => [rule.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dbauth',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules: options.rules.map((rule) => ({
              id: rule.id,
              name: rule.title,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              help: { text: fixText(rule) },
              defaultConfiguration: { level: 'error' },
              properties: { controls: [...rule.controls], tags: ['security', ...rule.controls], resourceType: rule.kind.type },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: reported.map((row) => {
          const level = row.status === 'NON_COMPLIANT' || options.strict ? 'error' : 'warning';
          return {
            ruleId: row.rule,
            ...(index.has(row.rule) ? { ruleIndex: index.get(row.rule) } : {}),
            kind: row.status === 'NON_COMPLIANT' ? 'fail' : 'review',
            level,
            message: { text: `${row.resource}: ${row.annotation}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(row.file.split('\\').join('/')) },
                  ...(row.line !== undefined ? { region: { startLine: row.line } } : {}),
                },
                logicalLocations: [{ name: row.resource, fullyQualifiedName: row.cdkPath ?? row.resource, kind: 'resource' }],
              },
            ],
            properties: { status: row.status, sourceType: row.sourceType, resourceType: row.resourceType },
          };
        }),
      },
    ],
  };
}
