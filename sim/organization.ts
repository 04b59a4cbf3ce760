import type { ComplianceType } from '@aws-sdk/client-config-service';
import type { OperationHandlers } from './transport';
import { SimulatedServiceError, tokenPage } from './transport';

/** One member account as the admin account's Config sees it. */
export interface SimulatedMember {
  readonly accountId: string;
  readonly regions: readonly string[];
  /** The member's deployment of the organization conformance pack. */
  readonly packStatus: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export interface SimulatedResult {
  readonly accountId: string;
  readonly region: string;
  readonly configRuleName: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly compliance: ComplianceType;
  readonly annotation: string;
}

/**
 * The Config APIs of an organization's delegated administrator: an organization conformance pack's
 * per-member deployment status and an aggregator over members and regions. Pages are cut at the
 * caller's Limit (at most 100), as AWS does, with opaque NextTokens.
 */
export class SimulatedOrganization {
  readonly results: SimulatedResult[] = [];
  /** Operations that answer AccessDeniedException, to test what users see. */
  readonly denied = new Set<string>();

  constructor(
    readonly aggregatorName: string,
    readonly packName: string,
    readonly members: readonly SimulatedMember[],
  ) {}

  addResult(result: SimulatedResult): void {
    this.results.push(result);
  }

  handlers(): OperationHandlers {
    const guard = (operation: string) => {
      if (this.denied.has(operation)) {
        throw new SimulatedServiceError('AccessDeniedException', `User is not authorized to perform: config:${operation}`);
      }
    };
    return {
      GetOrganizationConformancePackDetailedStatus: (input) => {
        guard('GetOrganizationConformancePackDetailedStatus');
        if (input['OrganizationConformancePackName'] !== this.packName) {
          throw new SimulatedServiceError('NoSuchOrganizationConformancePackException', `Could not find an organization conformance pack named ${String(input['OrganizationConformancePackName'])}`);
        }
        const statuses = this.members.map((m) => ({
          AccountId: m.accountId,
          ConformancePackName: `OrgConformsPack-${this.packName}-abc123`,
          Status: m.packStatus,
          ErrorCode: m.errorCode,
          ErrorMessage: m.errorMessage,
        }));
        const page = tokenPage(statuses, input);
        return { OrganizationConformancePackDetailedStatuses: page.items, NextToken: page.next };
      },
      DescribeAggregateComplianceByConfigRules: (input) => {
        guard('DescribeAggregateComplianceByConfigRules');
        this.checkAggregator(input);
        const byRule = new Map<string, { ConfigRuleName: string; AccountId: string; AwsRegion: string; Compliance: { ComplianceType: ComplianceType } }>();
        for (const r of this.results) {
          const key = `${r.accountId}|${r.region}|${r.configRuleName}`;
          const entry = byRule.get(key) ?? { ConfigRuleName: r.configRuleName, AccountId: r.accountId, AwsRegion: r.region, Compliance: { ComplianceType: 'COMPLIANT' } };
          if (r.compliance === 'NON_COMPLIANT') entry.Compliance.ComplianceType = 'NON_COMPLIANT';
          byRule.set(key, entry);
        }
        const page = tokenPage([...byRule.values()], input);
        return { AggregateComplianceByConfigRules: page.items, NextToken: page.next };
      },
      GetAggregateComplianceDetailsByConfigRule: (input) => {
        guard('GetAggregateComplianceDetailsByConfigRule');
        this.checkAggregator(input);
        const matching = this.results
          .filter(
            (r) =>
              r.configRuleName === input['ConfigRuleName'] &&
              r.accountId === input['AccountId'] &&
              r.region === input['AwsRegion'] &&
              (input['ComplianceType'] === undefined || r.compliance === input['ComplianceType']),
          )
          .map((r) => ({
            EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: r.configRuleName, ResourceType: r.resourceType, ResourceId: r.resourceId } },
            ComplianceType: r.compliance,
            Annotation: r.annotation,
            AccountId: r.accountId,
            AwsRegion: r.region,
          }));
        const page = tokenPage(matching, input);
        return { AggregateEvaluationResults: page.items, NextToken: page.next };
      },
    };
  }

  private checkAggregator(input: Record<string, unknown>): void {
    if (input['ConfigurationAggregatorName'] !== this.aggregatorName) {
      throw new SimulatedServiceError('NoSuchConfigurationAggregatorException', `The configuration aggregator ${String(input['ConfigurationAggregatorName'])} does not exist`);
    }
  }
}
