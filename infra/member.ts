/**
 * Organization mode: the template the service-managed stack set deploys to every member account and
 * region. It is a CDK stack of its own app (synthesized beside the main app, checked by cdk-nag, never
 * deployed by `cdk deploy`): the rule Lambdas with their roles, failure queue and alarms, the runbooks
 * with one role each, and with `-c packScope=account` the conformance pack itself. Each Lambda reads and
 * reports only its own account; Config may invoke it only for that account's conformance-pack rules.
 *
 * The Lambda code comes from the admin account's code bucket of the same region (infra/stacks.ts), which
 * the organization may read; the bucket's account and the object key are parameters of the stack set.
 */
import path from 'node:path';
import { App, BootstraplessSynthesizer, CfnParameter, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { Rule } from '../rules/kit/rule';
import { RemediationRunbooks, RuleFunctions } from './constructs';
import { CODE_BUCKET_PREFIX, CONFORMANCE_PACK_NAME, functionArn } from './names';
import { acknowledgeWildcards } from './nag';
import { MEMBER_SCOPE, renderConformancePack } from './pack-template';
import type { Runbook } from './runbooks';
import { remediations } from './runbooks';
import type { DeploySettings } from './settings';

export const CODE_ACCOUNT_PARAMETER = 'CodeAccountId';
export const CODE_KEY_PARAMETER = 'CodeKey';
/** The member template's stack id, and so its file name: `DbAuthMember.template.json`. */
export const MEMBER_STACK_ID = 'DbAuthMember';

export interface MemberStackProps extends StackProps {
  readonly settings: DeploySettings;
  readonly rules: readonly Rule[];
  readonly runbooks: readonly Runbook[];
}

/** `${` that is not a pseudo parameter, escaped for Fn::Sub (`${!`). */
const escapeForSub = (text: string): string => text.replace(/\$\{(?!AWS::\w+\})/g, '${!');

export class MemberStack extends Stack {
  readonly rules: RuleFunctions;
  readonly runbooks: RemediationRunbooks | undefined;
  readonly pack: config.CfnConformancePack | undefined;

  constructor(scope: Construct, id: string, props: MemberStackProps) {
    super(scope, id, {
      ...props,
      // Member accounts are not CDK-bootstrapped: no bootstrap version check, no assets, no CDK metadata.
      synthesizer: new BootstraplessSynthesizer(),
      analyticsReporting: false,
    });
    const { settings, rules } = props;
    const codeAccount = new CfnParameter(this, CODE_ACCOUNT_PARAMETER, {
      type: 'String',
      allowedPattern: '^\\d{12}$',
      description: 'The account whose dbauth code bucket (one a region) holds the rule Lambda bundle.',
    });
    const codeKey = new CfnParameter(this, CODE_KEY_PARAMETER, {
      type: 'String',
      minLength: 1,
      description: 'The object key of the rule Lambda bundle in that bucket.',
    });
    const bucket = s3.Bucket.fromBucketName(this, 'CodeBucket', Fn.join('-', [CODE_BUCKET_PREFIX, codeAccount.valueAsString, this.region]));

    this.rules = new RuleFunctions(this, 'Rules', {
      rules,
      code: lambda.Code.fromBucket(bucket, codeKey.valueAsString),
      prefix: settings.rulePrefix,
      settings: settings.lambda,
      periodic: settings.rules.periodic,
      invokedBy: 'conformance-pack-rules',
    });
    const fixes = settings.remediation.mode === 'off' ? [] : remediations(rules, props.runbooks);
    this.runbooks =
      fixes.length > 0 ? new RemediationRunbooks(this, 'Runbooks', { fixes, passRolePattern: settings.remediation.dmsServiceRolePattern }) : undefined;

    if (settings.organization.packScope === 'account') {
      // CloudFormation resolves the account and region in the body here, in the member account (Fn::Sub).
      const body = renderConformancePack({
        rules,
        runbooks: props.runbooks,
        settings,
        lambdaArn: (rule) => functionArn(MEMBER_SCOPE, settings.rulePrefix, rule.id),
      });
      this.pack = new config.CfnConformancePack(this, 'ConformancePack', {
        conformancePackName: CONFORMANCE_PACK_NAME,
        templateBody: Fn.sub(escapeForSub(body)),
      });
      // Config checks at rule creation that it may invoke the function, and that remediation documents exist.
      for (const permission of this.rules.permissions.values()) this.pack.addResourceDependency(permission);
      for (const document of this.runbooks?.documents.values() ?? []) this.pack.addResourceDependency(document);
    }
    acknowledgeWildcards(this);
  }
}

/**
 * Synthesizes the member template in an app of its own (under `outdir`), with the AWS Solutions checks of
 * cdk-nag: an unacknowledged finding fails the synth. Returns the template file.
 */
export function synthesizeMemberTemplate(props: MemberStackProps, outdir: string): { file: string; stack: MemberStack } {
  const app = new App({ outdir, analyticsReporting: false });
  const stack = new MemberStack(app, MEMBER_STACK_ID, {
    ...props,
    description: 'dbauth Config rules pack, member account and region: rule Lambdas, failure queue, alarms and runbooks (deployed by the stack set).',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  return { file: path.join(assembly.directory, stack.templateFile), stack };
}
