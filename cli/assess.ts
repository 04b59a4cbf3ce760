import { CATALOG } from '../rules/catalog';
import type { ResourceType, Rule, RuleParameters } from '../rules/kit';
import { judgeView, parseParameters } from '../rules/kit';
import type { AwsClients, CollectOptions } from '../rules/kit/runtime';
import { collect } from '../rules/kit/runtime';
import { toRow } from './output/from-rule';
import type { Row } from './output/row';

export type { Row, Summary } from './output/row';
export { summarize } from './output/row';

export interface AssessOptions {
  readonly rules?: readonly Rule[];
  /** Rule parameters by rule id, as a Config rule's InputParameters would carry them. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly onProgress?: (message: string) => void;
}

/**
 * Judges an account and region with the catalog, through the same Describe-based collectors as periodic
 * rules. Each resource type is listed once, however many rules judge it.
 */
export async function assessAccount(clients: AwsClients, options: AssessOptions = {}): Promise<Row[]> {
  const rules = options.rules ?? CATALOG;
  const parameters = new Map<string, RuleParameters>(rules.map((rule) => [rule.id, parseParameters(rule.parameters, options.parameters?.[rule.id] ?? {})]));
  const byType = new Map<ResourceType, Rule[]>();
  for (const rule of rules) byType.set(rule.kind.type, [...(byType.get(rule.kind.type) ?? []), rule]);

  const rows: Row[] = [];
  for (const [type, typeRules] of byType) {
    const collectOptions: CollectOptions = { snapshotAttributes: typeRules.some((rule) => rule.collect?.snapshotAttributes) };
    let listed = 0;
    for await (const page of collect(type, clients, collectOptions)) {
      listed += page.length;
      for (const resource of page) {
        for (const rule of typeRules) {
          const verdict = judgeView(rule, resource.view, resource.tags, parameters.get(rule.id) as RuleParameters, resource.resourceId);
          rows.push(
            toRow(
              { rule: rule.id, resourceType: type, resourceId: resource.resourceId, resourceName: resource.resourceName, ...verdict },
              { accountId: clients.accountId, region: clients.region },
            ),
          );
        }
      }
      options.onProgress?.(`${clients.region}: ${type}: ${listed} listed`);
    }
  }
  return rows;
}
