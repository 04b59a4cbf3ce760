/**
 * The CDK app. `npx cdk synth` / `deploy` with context (see the Deploy section of the README):
 *   account mode (default)          one account: Lambdas, Config rules, runbooks, remediations
 *   -c mode=organization            delegated admin: code buckets, the member stack set, the conformance pack
 *   -c regions=us-east-1,eu-west-1  every listed region
 * An unknown setting stops the synth (naming it); a setting that does nothing in the mode is warned about.
 * The AWS Solutions checks of cdk-nag run on every synth: an unacknowledged finding fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CATALOG } from '../rules/catalog';
import { DbauthError } from '../rules/kit/errors';
import { loadRunbooks } from './runbooks';
import type { DeploySettings } from './settings';
import { checkContextKeys, readDeploySettings } from './settings';
import { addPackStacks } from './stacks';

const app = new App();
let settings: DeploySettings;
try {
  checkContextKeys(Object.keys(app.node.getAllContext() as Record<string, unknown>));
  settings = readDeploySettings((key) => app.node.tryGetContext(key));
} catch (error) {
  // A bad setting is the user's to fix: say which, without a stack trace.
  if (!(error instanceof DbauthError)) throw error;
  console.error(`dbauth: ${error.message}`);
  process.exit(1);
}
for (const warning of settings.warnings) console.error(`dbauth: warning: ${warning}`);
addPackStacks(app, settings, CATALOG, loadRunbooks());
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
