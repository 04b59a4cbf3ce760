/**
 * The CloudFormation templates that the organization's member accounts get through service-managed stack
 * sets: the roles (once per account, one region) and the runbook documents (every region). Plain data,
 * built from the same statements and runbooks as the account stack.
 */
import type { Rule } from '../rules/kit/rule';
import { REMEDIATION_ROLE_NAME, executionRoleName, lambdaRoleName, logicalId, roleArn } from './names';
import type { Statement } from './permissions';
import { remediationStatements, remediationTrust, ruleStatements } from './permissions';
import type { Runbook } from './runbooks';
import { documentContent, remediations } from './runbooks';

export const ADMIN_ACCOUNT_PARAMETER = 'AdminAccountId';

/** ARNs in a member template: CloudFormation fills these placeholders in through Fn::Sub. */
const MEMBER = { partition: '${AWS::Partition}', account: '${AWS::AccountId}' } as const;
const ADMIN = { partition: '${AWS::Partition}', account: `\${${ADMIN_ACCOUNT_PARAMETER}}` } as const;

export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

/** A string with `${AWS::...}` or parameter placeholders becomes Fn::Sub; IAM policy variables are escaped. */
function sub(value: string): unknown {
  if (!/\$\{(AWS::\w+|AdminAccountId)\}/.test(value)) return value;
  return { 'Fn::Sub': value.replace(/\$\{(?!AWS::\w+\}|AdminAccountId\})/g, '${!') };
}

function subAll(value: unknown): unknown {
  if (typeof value === 'string') return sub(value);
  if (Array.isArray(value)) return value.map(subAll);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, subAll(v)]));
  return value;
}

export function policyDocument(statements: readonly Statement[]): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: 'Allow',
      Action: s.actions.length === 1 ? s.actions[0] : [...s.actions],
      Resource: s.resources.length === 1 ? subAll(s.resources[0]) : subAll([...s.resources]),
      ...(s.conditions ? { Condition: subAll(s.conditions) } : {}),
    })),
  };
}

/**
 * Per rule an execution role that the rule's Lambda in the admin account assumes, allowed what the rule
 * reads and nothing else, trusting only that Lambda's role; and the remediation role for the runbooks.
 */
export function memberRolesTemplate(rules: readonly Rule[], runbooks: readonly Runbook[]): CfnTemplate {
  const resources: CfnTemplate['Resources'] = {};
  for (const rule of rules) {
    resources[`${logicalId(rule.id)}ExecutionRole`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: executionRoleName(rule.id),
        Description: `Assumed by the ${rule.id} Config rule Lambda of the admin account to evaluate this account's resources.`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              // The account as principal and the role as condition: the trust does not break when the Lambda role is recreated.
              Principal: { AWS: sub(`arn:\${AWS::Partition}:iam::\${${ADMIN_ACCOUNT_PARAMETER}}:root`) },
              Action: 'sts:AssumeRole',
              Condition: { ArnEquals: { 'aws:PrincipalArn': sub(roleArn(ADMIN, lambdaRoleName(rule.id))) } },
            },
          ],
        },
        Policies: [{ PolicyName: 'evaluate', PolicyDocument: policyDocument(ruleStatements(rule, MEMBER)) }],
      },
    };
  }
  const fixed = remediations(rules, runbooks).map(({ runbook }) => runbook);
  if (fixed.length > 0) {
    const trust = remediationTrust(MEMBER);
    resources['RemediationRole'] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: REMEDIATION_ROLE_NAME,
        Description: 'Assumed by SSM Automation to run the dbauth remediation runbooks in this account.',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: trust.service }, Action: 'sts:AssumeRole', Condition: subAll(trust.conditions) }],
        },
        Policies: [{ PolicyName: 'remediate', PolicyDocument: policyDocument(remediationStatements(fixed, MEMBER)) }],
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'dbauth Config rules pack, member account roles: rule execution roles and the remediation role (IAM, once per account).',
    Parameters: {
      [ADMIN_ACCOUNT_PARAMETER]: { Type: 'String', AllowedPattern: '^\\d{12}$', Description: 'The account whose rule Lambdas assume the execution roles.' },
    },
    Resources: resources,
  };
}

/** The runbook documents of a member account region, each defaulting AutomationAssumeRole to the account's remediation role. */
export function memberRunbooksTemplate(rules: readonly Rule[], runbooks: readonly Runbook[]): CfnTemplate {
  const resources: CfnTemplate['Resources'] = {};
  for (const { runbook } of remediations(rules, runbooks)) {
    resources[`${logicalId(runbook.ruleId)}Runbook`] = {
      Type: 'AWS::SSM::Document',
      Properties: {
        Name: runbook.documentName,
        DocumentType: 'Automation',
        DocumentFormat: 'JSON',
        UpdateMethod: 'NewVersion',
        Content: documentContent(runbook, sub(roleArn(MEMBER, REMEDIATION_ROLE_NAME))),
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'dbauth Config rules pack, member account runbooks: the SSM Automation documents of the remediations (every region).',
    Resources: resources,
  };
}
