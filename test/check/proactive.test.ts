import { judgeProposedResource } from '../../rules/adapters';
import { findRule } from '../../rules/catalog';
import type { Rule } from '../../rules/kit';
import { parseParameters } from '../../rules/kit';

/**
 * A proposed resource, as StartResourceEvaluation carries it (ResourceConfiguration: the CloudFormation
 * properties, sent as a JSON string, ResourceConfigurationSchemaType CFN_RESOURCE_SCHEMA; see
 * https://docs.aws.amazon.com/config/latest/APIReference/API_StartResourceEvaluation.html and
 * https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_turn-on-proactive-rules.html),
 * judged through the template adapter.
 */
const rule = (id: string): Rule => findRule(id) as Rule;
const defaults = (r: Rule) => parseParameters(r.parameters, {});

describe('proposed resources (proactive evaluation)', () => {
  const iam = rule('neptune-cluster-iam-database-authentication');

  it.each([
    [{ DBClusterIdentifier: 'graph', IamAuthEnabled: true }, 'COMPLIANT', 'IAM database authentication is enabled'],
    [
      { DBClusterIdentifier: 'graph' },
      'NON_COMPLIANT',
      'IAM database authentication is disabled on Neptune cluster graph: aws neptune modify-db-cluster --db-cluster-identifier graph --enable-iam-database-authentication --apply-immediately',
    ],
  ])('%j of an AWS::Neptune::DBCluster is %s', (properties, compliance, annotation) => {
    expect(judgeProposedResource(iam, 'AWS::Neptune::DBCluster', 'graph', properties, defaults(iam))).toEqual({ compliance, annotation });
  });

  it('fails safe: a verdict that needs a value Config does not have is NON_COMPLIANT, saying why', () => {
    const multiAz = rule('neptune-cluster-multi-az-enabled');
    expect(judgeProposedResource(multiAz, 'AWS::Neptune::DBCluster', 'graph', { DBClusterIdentifier: 'graph' }, defaults(multiAz))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'cannot be judged before deploy: the verdict depends on no instance of this cluster is declared here, so its Availability Zones are not known',
    });
  });

  it('a type the adapters do not know is NOT_APPLICABLE, saying so; a property of the wrong type is a named error', () => {
    expect(judgeProposedResource(iam, 'AWS::S3::Bucket', 'b', {}, defaults(iam))).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'AWS::S3::Bucket has no CloudFormation form this rule reads (it judges AWS::RDS::DBCluster)',
    });
    expect(() => judgeProposedResource(iam, 'AWS::Neptune::DBCluster', 'g', { IamAuthEnabled: 'yes' }, defaults(iam))).toThrow(/IamAuthEnabled/);
  });
});
