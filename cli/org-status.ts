import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import {
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeAggregateComplianceByConformancePacksCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetOrganizationConformancePackDetailedStatusCommand,
} from '@aws-sdk/client-config-service';
import { CATALOG } from '../rules/catalog';
import { pagesOf } from '../rules/kit/pages';
import { UsageError, explainAwsError } from './errors';
import { toRow } from './output/from-rule';
import type { Row } from './output/row';
import { table } from './output/table-text';

/** The names the organization stack deploys under. */
export { AGGREGATOR_NAME as DEFAULT_AGGREGATOR, CONFORMANCE_PACK_NAME as DEFAULT_PACK } from '../infra/names';

export interface MemberDeployment {
  readonly accountId: string;
  readonly status: string;
  readonly error: string | undefined;
}

export interface RuleCompliance {
  readonly accountId: string;
  readonly region: string;
  readonly rule: string;
  readonly configRuleName: string;
  readonly compliance: string;
}

export interface NonCompliantResource {
  readonly accountId: string;
  readonly region: string;
  readonly rule: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly annotation: string | undefined;
}

export interface OrganizationStatus {
  readonly pack: string;
  readonly aggregator: string;
  readonly deployments: readonly MemberDeployment[];
  readonly compliance: readonly RuleCompliance[];
  readonly nonCompliant: readonly NonCompliantResource[];
}

/** Faults of org-status that the user fixes (permissions, names): exit 2. */
export class OrgStatusError extends UsageError {}

const PAGE = 100;

/**
 * A pack's rules keep their catalog id in every member account, where an organization conformance pack
 * names them `<id>-conformance-pack-<suffix>`; a prefix may stand before the id.
 */
export function catalogRuleOf(configRuleName: string): string | undefined {
  return CATALOG.map((rule) => rule.id)
    .sort((a, b) => b.length - a.length)
    .find((id) => new RegExp(`(^|[-_])${id}(-conformance-pack-[A-Za-z0-9]+)?$`).test(configRuleName));
}

/** Every item of every page. */
async function* items<T>(fetch: Parameters<typeof pagesOf<T>>[0]): AsyncGenerator<T> {
  for await (const page of pagesOf(fetch)) yield* page;
}

/**
 * Where the pack is deployed: the organization conformance pack's status per member; or, when the pack was
 * deployed per account by the member stack set (`-c packScope=account`), the accounts and regions where the
 * aggregator sees a conformance pack of that name.
 */
async function packDeployments(config: ConfigServiceClient, options: { aggregator: string; pack: string }): Promise<MemberDeployment[]> {
  const deployments: MemberDeployment[] = [];
  try {
    for await (const status of items((NextToken) =>
      config
        .send(new GetOrganizationConformancePackDetailedStatusCommand({ OrganizationConformancePackName: options.pack, Limit: PAGE, NextToken }))
        .then((r) => ({ items: r.OrganizationConformancePackDetailedStatuses, next: r.NextToken })),
    )) {
      deployments.push({
        accountId: status.AccountId ?? '?',
        status: status.Status ?? 'UNKNOWN',
        error: status.ErrorCode || status.ErrorMessage ? [status.ErrorCode, status.ErrorMessage].filter(Boolean).join(': ') : undefined,
      });
    }
    return deployments;
  } catch (error) {
    if ((error as { name?: string }).name !== 'NoSuchOrganizationConformancePackException') throw error;
    try {
      for await (const pack of items((NextToken) =>
        config
          .send(
            new DescribeAggregateComplianceByConformancePacksCommand({
              ConfigurationAggregatorName: options.aggregator,
              Filters: { ConformancePackName: options.pack },
              Limit: PAGE,
              NextToken,
            }),
          )
          .then((r) => ({ items: r.AggregateComplianceByConformancePacks, next: r.NextToken })),
      )) {
        deployments.push({ accountId: pack.AccountId ?? '?', status: `${pack.AwsRegion ?? '?'} account pack CREATE_SUCCESSFUL`, error: undefined });
      }
    } catch {
      // The aggregator cannot say either: report the missing pack.
      throw error;
    }
    if (deployments.length === 0) throw error;
    return deployments;
  }
}

/** Reads the organization's view of the pack from the admin account: deployments, compliance, and what is wrong where. */
export async function organizationStatus(
  config: ConfigServiceClient,
  options: { aggregator: string; pack: string; region?: string; regions?: readonly string[]; onProgress?: (message: string) => void },
): Promise<OrganizationStatus> {
  try {
    const deployments = await packDeployments(config, options);
    options.onProgress?.(`pack ${options.pack}: ${deployments.length} member accounts`);

    const compliance: RuleCompliance[] = [];
    for await (const entry of items((NextToken) =>
      config
        .send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: options.aggregator, Limit: PAGE, NextToken }))
        .then((r) => ({ items: r.AggregateComplianceByConfigRules, next: r.NextToken })),
    )) {
      const rule = entry.ConfigRuleName ? catalogRuleOf(entry.ConfigRuleName) : undefined;
      if (!rule || !entry.ConfigRuleName || !entry.AccountId || !entry.AwsRegion) continue;
      if (options.regions && !options.regions.includes(entry.AwsRegion)) continue;
      compliance.push({
        accountId: entry.AccountId,
        region: entry.AwsRegion,
        rule,
        configRuleName: entry.ConfigRuleName,
        compliance: entry.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA',
      });
    }
    options.onProgress?.(`aggregator ${options.aggregator}: ${compliance.length} rule results`);

    const nonCompliant: NonCompliantResource[] = [];
    for (const entry of compliance.filter((c) => c.compliance === 'NON_COMPLIANT')) {
      for await (const result of items((NextToken) =>
        config
          .send(
            new GetAggregateComplianceDetailsByConfigRuleCommand({
              ConfigurationAggregatorName: options.aggregator,
              ConfigRuleName: entry.configRuleName,
              AccountId: entry.accountId,
              AwsRegion: entry.region,
              ComplianceType: 'NON_COMPLIANT',
              Limit: PAGE,
              NextToken,
            }),
          )
          .then((r) => ({ items: r.AggregateEvaluationResults, next: r.NextToken })),
      )) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        nonCompliant.push({
          accountId: entry.accountId,
          region: entry.region,
          rule: entry.rule,
          resourceType: qualifier?.ResourceType ?? '?',
          resourceId: qualifier?.ResourceId ?? '?',
          annotation: result.Annotation,
        });
      }
    }
    const order = (a: { accountId: string; region: string; rule: string }, b: typeof a) =>
      a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.rule.localeCompare(b.rule);
    return {
      pack: options.pack,
      aggregator: options.aggregator,
      deployments: deployments.sort((a, b) => a.accountId.localeCompare(b.accountId)),
      compliance: compliance.sort(order),
      nonCompliant: nonCompliant.sort(order),
    };
  } catch (error) {
    throw explain(error, options);
  }
}

function explain(error: unknown, options: { aggregator: string; pack: string; region?: string }): unknown {
  const name = (error as { name?: string }).name ?? '';
  const message = (error as Error).message ?? String(error);
  if (name === 'NoSuchConfigurationAggregatorException') {
    return new OrgStatusError(`no configuration aggregator named ${options.aggregator} in this region: deploy the organization stack here, or pass --aggregator`, { cause: error });
  }
  if (name === 'NoSuchOrganizationConformancePackException') {
    return new OrgStatusError(`no organization conformance pack named ${options.pack} in this region: deploy the organization stack here, or pass --pack`, { cause: error });
  }
  if (name === 'OrganizationAccessDeniedException') {
    return new OrgStatusError(`this account may not read the organization's conformance packs (${message}): use the management account or Config's delegated administrator`, { cause: error });
  }
  return explainAwsError(
    error,
    `in the admin account${options.region ? ` (${options.region})` : ''}`,
    "the credentials of the organization's Config delegated administrator, allowed config:GetOrganizationConformancePackDetailedStatus, config:DescribeAggregateComplianceByConformancePacks, config:DescribeAggregateComplianceByConfigRules and config:GetAggregateComplianceDetailsByConfigRule",
  );
}

const FAILED = /FAILED/;

export function organizationReport(status: OrganizationStatus): string {
  const healthy = status.deployments.filter((d) => d.status.endsWith('_SUCCESSFUL')).length;
  const sections = [
    `Conformance pack ${status.pack}: deployed in ${healthy} of ${status.deployments.length} member accounts\n` +
      table(
        ['account', 'deployment', 'error'],
        status.deployments.map((d) => [d.accountId, d.status, d.error ?? '']),
        [16, 22, 70],
      ),
  ];
  const byPlace = new Map<string, { compliant: number; nonCompliant: number; other: number }>();
  for (const entry of status.compliance) {
    const key = `${entry.accountId}|${entry.region}`;
    const counts = byPlace.get(key) ?? { compliant: 0, nonCompliant: 0, other: 0 };
    if (entry.compliance === 'COMPLIANT') counts.compliant++;
    else if (entry.compliance === 'NON_COMPLIANT') counts.nonCompliant++;
    else counts.other++;
    byPlace.set(key, counts);
  }
  sections.push(
    `Rules by account and region (aggregator ${status.aggregator})\n` +
      table(
        ['account', 'region', 'compliant rules', 'non-compliant rules', 'no data'],
        [...byPlace].map(([key, c]) => [...key.split('|'), String(c.compliant), String(c.nonCompliant), String(c.other)]),
      ),
  );
  if (status.nonCompliant.length > 0) {
    sections.push(
      `Non-compliant resources (${status.nonCompliant.length})\n` +
        table(
          ['account', 'region', 'rule', 'resource', 'annotation'],
          status.nonCompliant.map((r) => [r.accountId, r.region, r.rule, r.resourceId, r.annotation ?? '']),
          [14, 16, 30, 30, 50],
        ),
    );
  }
  return sections.join('\n\n');
}

/** Exit 1 when a member's deployment failed or a resource is non-compliant: both need someone's attention. */
export function needsAttention(status: OrganizationStatus): boolean {
  return status.nonCompliant.length > 0 || status.deployments.some((d) => FAILED.test(d.status));
}

/** The non-compliant resources as report rows (the aggregator names no resource, so the name is the id). */
export function organizationRows(status: OrganizationStatus): Row[] {
  return status.nonCompliant.map((resource) =>
    toRow(
      {
        rule: resource.rule,
        resourceType: resource.resourceType,
        resourceId: resource.resourceId,
        resourceName: undefined,
        compliance: 'NON_COMPLIANT',
        annotation: resource.annotation ?? '',
      },
      { accountId: resource.accountId, region: resource.region },
    ),
  );
}
