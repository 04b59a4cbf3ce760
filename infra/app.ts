/**
 * The CDK app. `npx cdk synth` / `deploy` with context (see docs/deploy.md):
 *   account mode (default)          one account: Lambdas, Config rules, runbooks, remediations
 *   -c mode=organization            delegated admin: Lambdas + organization conformance pack; members via stack sets
 *   -c regions=us-east-1,eu-west-1  every listed region (IAM roles once)
 * The AWS Solutions checks of cdk-nag run on every synth: an unacknowledged finding fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CATALOG } from '../rules/catalog';
import { DbauthError } from '../rules/kit/errors';
import { loadRunbooks } from './runbooks';
import type { DeploySettings } from './settings';
import { readDeploySettings } from './settings';
import { addPackStacks } from './stacks';

const app = new App();
let settings: DeploySettings;
try {
  settings = readDeploySettings((key) => app.node.tryGetContext(key));
} catch (error) {
  // A bad setting is the user's to fix: say which, without a stack trace.
  if (!(error instanceof DbauthError)) throw error;
  console.error(`dbauth: ${error.message}`);
  process.exit(1);
}
addPackStacks(app, settings, CATALOG, loadRunbooks());
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
