/**
 * What proactive mode relies on in AWS Config's own API model (the pinned `aws-sdk` package's
 * config-2014-11-12 model, not our code): a rule has EvaluationModes, each a {Mode}; an organization custom
 * rule has none, which is why organization mode refuses -c proactive=true; and StartResourceEvaluation
 * proposes a resource by its type and configuration (the CloudFormation properties).
 */
import { EvaluationMode } from '@aws-sdk/client-config-service';
import { loadServiceModel } from '../contract/service-models';
import { CATALOG } from '../../rules/catalog';
import { configRuleResource } from '../../infra/config-resources';
import { readDeploySettings } from '../../infra/settings';

// The v2 SDK keys Config as configservice (botocore: config), with the model file prefix config.
const config = loadServiceModel('configservice');
const input = (operation: string) => config.resolve(config.operation(operation)?.input);

describe("Config's API model", () => {
  it('takes EvaluationModes on a rule (PutConfigRule), as a list of {Mode}', () => {
    const rule = config.member(input('PutConfigRule'), 'ConfigRule')!;
    const modes = config.member(rule, 'EvaluationModes')!;
    expect(modes.type).toBe('list');
    expect(Object.keys(config.members(config.listMember(modes)))).toEqual(['Mode']);
  });

  it('has no evaluation mode for an organization custom rule (PutOrganizationConfigRule)', () => {
    const metadata = config.member(input('PutOrganizationConfigRule'), 'OrganizationCustomRuleMetadata')!;
    expect(Object.keys(config.members(metadata))).toContain('LambdaFunctionArn');
    expect(Object.keys(config.members(metadata)).filter((name) => /mode/i.test(name))).toEqual([]);
  });

  it('proposes a resource to StartResourceEvaluation by type, id and configuration', () => {
    const details = config.member(input('StartResourceEvaluation'), 'ResourceDetails')!;
    expect(Object.keys(config.members(details)).sort()).toEqual(['ResourceConfiguration', 'ResourceConfigurationSchemaType', 'ResourceId', 'ResourceType']);
  });

  it('names the modes the rules are given (the SDK enum, generated from the model)', () => {
    const settings = readDeploySettings((key) => (key === 'proactive' ? 'true' : undefined));
    const modes = CATALOG.flatMap((rule) => (configRuleResource(rule, 'arn', settings.rules, 'dbauth-').Properties['EvaluationModes'] as { Mode: string }[] | undefined) ?? []);
    expect(modes.length).toBeGreaterThan(0);
    for (const { Mode } of modes) expect(Object.values(EvaluationMode)).toContain(Mode);
  });
});
