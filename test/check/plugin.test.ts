import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as neptune from 'aws-cdk-lib/aws-neptune';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DbauthChecks, suppressDbauthRule } from '../../infra/check-plugin';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A small app: a Neptune cluster that leaves IAM authentication out and a compliant MySQL instance. */
function smallApp(options: { suppress?: string; acknowledge?: string; plugin?: DbauthChecks } = {}) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'dbauth-plugin-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  if (options.plugin) Validations.of(app).addPlugins(options.plugin);
  const stack = new Stack(app, 'Data');
  const graph = new neptune.CfnDBCluster(stack, 'Graph', {
    dbClusterIdentifier: 'graph',
    storageEncrypted: true,
    deletionProtection: true,
    backupRetentionPeriod: 7,
    copyTagsToSnapshot: true,
    enableCloudwatchLogsExports: ['audit'],
  });
  for (const zone of ['us-east-1a', 'us-east-1b']) {
    new neptune.CfnDBInstance(stack, `Graph-${zone}`, { dbClusterIdentifier: graph.ref, dbInstanceClass: 'db.r6g.large', availabilityZone: zone });
  }
  new rds.CfnDBInstance(stack, 'Orders', { engine: 'mysql', dbInstanceClass: 'db.t4g.micro', allocatedStorage: '20', masterUsername: 'orders_owner', enableIamDatabaseAuthentication: true, storageEncrypted: true });
  if (options.suppress !== undefined) suppressDbauthRule(graph, { rule: 'neptune-cluster-iam-database-authentication', reason: options.suppress });
  if (options.acknowledge !== undefined) Validations.of(graph).acknowledge({ id: 'dbauth::neptune-cluster-iam-database-authentication', reason: options.acknowledge });
  return { app, stack, outdir };
}

describe('the CDK validation plugin', () => {
  it('reports the non-compliant resource of each synthesized template with the rule annotation and fix', () => {
    const { app, outdir } = smallApp();
    app.synth();
    const report = new DbauthChecks().validate({ templatePaths: [path.join(outdir, 'Data.template.json')], appConstruct: app });
    expect(report.success).toBe(false);
    expect(report.violations).toEqual([
      {
        ruleName: 'neptune-cluster-iam-database-authentication',
        description:
          'Neptune clusters use IAM database authentication (Neptune.7): IAM database authentication is disabled on Neptune cluster graph: aws neptune modify-db-cluster --db-cluster-identifier graph --enable-iam-database-authentication --apply-immediately',
        fix: expect.stringContaining("suppressDbauthRule(resource, { rule: 'neptune-cluster-iam-database-authentication'"),
        severity: 'error',
        violatingResources: [{ resourceLogicalId: 'Graph', templatePath: path.join(outdir, 'Data.template.json'), locations: [] }],
      },
    ]);
  });

  it('fails the synth when registered, and passes once the finding is suppressed with a reason', () => {
    expect(() => smallApp({ plugin: new DbauthChecks() }).app.synth()).toThrow(/ERROR Neptune clusters use IAM database authentication \(Neptune.7\)[^\n]*\(dbauth\)\n\s+Data\/Graph \(Graph\)/);
    expect(() => smallApp({ plugin: new DbauthChecks(), suppress: 'graph is read by a legacy client until the migration in Q3' }).app.synth()).not.toThrow();
    expect(() => smallApp({ plugin: new DbauthChecks(), acknowledge: 'graph is read by a legacy client until the migration in Q3' }).app.synth()).not.toThrow();
  });

  it('refuses a suppression without a reason or for an unknown rule', () => {
    const { stack } = smallApp();
    const graph = stack.node.findChild('Graph');
    expect(() => suppressDbauthRule(graph, { rule: 'neptune-cluster-iam-database-authentication', reason: ' ' })).toThrow('a dbauth suppression needs a reason');
    expect(() => suppressDbauthRule(graph, { rule: 'no-such-rule', reason: 'x' })).toThrow('not a dbauth rule: no-such-rule');
  });
});
