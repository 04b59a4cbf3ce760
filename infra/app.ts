/**
 * The CDK app. `npx cdk synth` / `deploy` with context (see docs/deploy.md):
 *   account mode (default)        one account: Lambdas, Config rules, runbooks, remediations
 *   -c mode=organization          delegated admin: Lambdas + organization conformance pack; members via stack sets
 *   -c regions=us-east-1,eu-west-1 every listed region (IAM roles once)
 * The AWS Solutions checks of cdk-nag run on every synth: a finding fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CATALOG } from '../rules/catalog';
import { loadRunbooks } from './runbooks';
import { readDeploySettings } from './settings';
import { addPackStacks } from './stacks';

const app = new App();
const settings = readDeploySettings((key) => app.node.tryGetContext(key));
addPackStacks(app, settings, CATALOG, loadRunbooks());
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
