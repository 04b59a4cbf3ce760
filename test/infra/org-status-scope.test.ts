/** `dbauth org-status` reads either pack scope: the organization conformance pack, or the account packs of -c packScope=account. */
import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeAggregateComplianceByConformancePacksCommand,
  GetOrganizationConformancePackDetailedStatusCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { organizationReport, organizationStatus } from '../../cli/org-status';

const config = mockClient(ConfigServiceClient);
const noSuchPack = Object.assign(new Error('Organization conformance pack dbauth does not exist'), { name: 'NoSuchOrganizationConformancePackException' });

beforeEach(() => {
  config.reset();
  config.on(DescribeAggregateComplianceByConfigRulesCommand).resolves({
    AggregateComplianceByConfigRules: [
      {
        ConfigRuleName: 'dbauth-neptune-cluster-iam-database-authentication-conformance-pack-abc123',
        AccountId: '222233334444',
        AwsRegion: 'eu-west-1',
        Compliance: { ComplianceType: 'COMPLIANT' },
      },
    ],
  });
});

it('lists the members of the account-level packs when there is no organization pack', async () => {
  config.on(GetOrganizationConformancePackDetailedStatusCommand).rejects(noSuchPack);
  config.on(DescribeAggregateComplianceByConformancePacksCommand, { Filters: { ConformancePackName: 'dbauth' } }).resolves({
    AggregateComplianceByConformancePacks: [
      { ConformancePackName: 'dbauth', AccountId: '222233334444', AwsRegion: 'eu-west-1', Compliance: { ComplianceType: 'COMPLIANT' } },
      { ConformancePackName: 'dbauth', AccountId: '555566667777', AwsRegion: 'us-east-1', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
    ],
  });
  const status = await organizationStatus(new ConfigServiceClient({}), { aggregator: 'dbauth-organization', pack: 'dbauth' });
  expect(status.deployments).toEqual([
    { accountId: '222233334444', status: 'eu-west-1 account pack CREATE_SUCCESSFUL', error: undefined },
    { accountId: '555566667777', status: 'us-east-1 account pack CREATE_SUCCESSFUL', error: undefined },
  ]);
  expect(status.compliance).toEqual([expect.objectContaining({ accountId: '222233334444', rule: 'neptune-cluster-iam-database-authentication' })]);
  expect(organizationReport(status)).toContain('deployed in 2 of 2 member accounts');
});

it('still says there is no pack when neither scope has one', async () => {
  config.on(GetOrganizationConformancePackDetailedStatusCommand).rejects(noSuchPack);
  config.on(DescribeAggregateComplianceByConformancePacksCommand).resolves({ AggregateComplianceByConformancePacks: [] });
  await expect(organizationStatus(new ConfigServiceClient({}), { aggregator: 'dbauth-organization', pack: 'dbauth' })).rejects.toThrow(
    /no organization conformance pack named dbauth/,
  );
});
