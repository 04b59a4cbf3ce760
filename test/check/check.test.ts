import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCheckParameters, runCheck } from '../../cli/check';
import { CATALOG } from '../../rules/catalog';
import { CheckInputError, parseTemplateText } from '../../cli/check-input';
import { checkCsv } from '../../cli/check-format';
import { checkExitCode } from '../../rules/adapters';
import { plan, template } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string) => path.join(FIXTURES, name);

let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'dbauth-check-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const write = (name: string, content: unknown) => {
  const file = path.join(work, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
};

const verdicts = (rows: readonly { rule: string; status: string }[], rule: string) => rows.filter((r) => r.rule === rule).map((r) => r.status);

describe('acceptance', () => {
  it('a YAML template with a Neptune cluster that leaves IamAuthEnabled out exits 1 and names the logical id and its line', () => {
    const { rows } = runCheck([fixture('neptune-no-iam.yaml')]);
    const finding = rows.find((row) => row.rule === 'neptune-cluster-iam-database-authentication');
    expect(finding).toMatchObject({ status: 'NON_COMPLIANT', resource: 'GraphCluster', line: 7, sourceType: 'AWS::Neptune::DBCluster' });
    expect(finding?.annotation).toMatch(/^IAM database authentication is disabled on Neptune cluster graph-prod/);
    expect(checkExitCode(rows)).toBe(1);
  });

  it('a Terraform plan with iam_database_authentication_enabled = false on an aws_db_instance exits 1 and names the address', () => {
    const { rows } = runCheck([fixture('rds-instance-iam-off.tfplan.json')]);
    expect(rows.find((row) => row.rule === 'rds-instance-iam-authentication-enabled')).toMatchObject({
      status: 'NON_COMPLIANT',
      resource: 'aws_db_instance.orders',
      annotation: expect.stringContaining('postgres instance orders-db'),
    });
    expect(rows.every((row) => row.line === undefined)).toBe(true);
    expect(checkExitCode(rows)).toBe(1);
  });

  it('a compliant template passes', () => {
    const { rows } = runCheck([fixture('compliant.json')]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.status !== 'COMPLIANT' && row.status !== 'NOT_APPLICABLE')).toEqual([]);
    expect(checkExitCode(rows, true)).toBe(0);
  });
});

describe('what cannot be known before deploy', () => {
  const cluster = (properties: Record<string, unknown>) =>
    write('t.json', template({ Graph: { Type: 'AWS::Neptune::DBCluster', Properties: { DBClusterIdentifier: 'g', ...properties } } }));

  it.each([
    ['a Ref to a parameter', { Ref: 'EnableIam' }, 'Ref EnableIam'],
    ['a GetAtt', { 'Fn::GetAtt': ['Settings', 'Iam'] }, 'Fn::GetAtt Settings.Iam'],
    ['an Fn::If whose branches differ', { 'Fn::If': ['IsProd', true, false] }, 'Fn::If on condition IsProd'],
  ])('%s is UNKNOWN_BEFORE_DEPLOY, never a guess, and --strict counts it', (_, value, reason) => {
    const { rows } = runCheck([cluster({ IamAuthEnabled: value })]);
    const [row] = rows.filter((r) => r.rule === 'neptune-cluster-iam-database-authentication');
    expect(row).toMatchObject({ status: 'UNKNOWN_BEFORE_DEPLOY', annotation: `cannot be judged before deploy: the verdict depends on ${reason}` });
    expect(checkExitCode([row!])).toBe(0);
    expect(checkExitCode([row!], true)).toBe(1);
  });

  it('an Fn::If whose branches agree, and Ref AWS::NoValue (the default), are known', () => {
    const { rows } = runCheck([cluster({ IamAuthEnabled: { 'Fn::If': ['IsProd', true, true] }, DeletionProtection: { Ref: 'AWS::NoValue' } })]);
    expect(verdicts(rows, 'neptune-cluster-iam-database-authentication')).toEqual(['COMPLIANT']);
    expect(rows.find((r) => r.rule === 'neptune-cluster-deletion-protection-enabled')?.annotation).toBe(
      'deletion protection is disabled on Neptune cluster g: aws neptune modify-db-cluster --db-cluster-identifier g --deletion-protection',
    );
  });

  it('an unknown value a rule does not read leaves its verdict known (a KMS key without KmsKeyArns)', () => {
    const { rows } = runCheck([cluster({ StorageEncrypted: true, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } })]);
    expect(verdicts(rows, 'neptune-cluster-encrypted')).toEqual(['COMPLIANT']);
    const strict = runCheck([cluster({ StorageEncrypted: true, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } })], {
      parameters: ['neptune-cluster-encrypted:KmsKeyArns=arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    });
    expect(verdicts(strict.rows, 'neptune-cluster-encrypted')).toEqual(['UNKNOWN_BEFORE_DEPLOY']);
  });

  it('an engine set at deploy makes every rule of the kind unknown, since even its scope depends on it', () => {
    const file = write('i.json', template({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: { Ref: 'Engine' }, MasterUsername: 'app' } } }));
    expect(runCheck([file]).rows.map((r) => r.status)).toEqual(['UNKNOWN_BEFORE_DEPLOY', 'UNKNOWN_BEFORE_DEPLOY']);
  });

  it('a master user name from a snapshot is unknown; IAM authentication is still judged', () => {
    const file = write('i.json', template({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql', DBSnapshotIdentifier: 'snap-1' } } }));
    const { rows } = runCheck([file]);
    expect(verdicts(rows, 'rds-instance-default-admin-check')).toEqual(['UNKNOWN_BEFORE_DEPLOY']);
    expect(verdicts(rows, 'rds-instance-iam-authentication-enabled')).toEqual(['NON_COMPLIANT']);
  });

  describe('master user names behind a dynamic reference', () => {
    // What the CDK's rds.DatabaseInstance / DatabaseCluster synthesize for generated credentials (aws-cdk-lib 2.276).
    const generated = (username: string) => ({
      Type: 'AWS::SecretsManager::Secret',
      Properties: { GenerateSecretString: { GenerateStringKey: 'password', PasswordLength: 30, SecretStringTemplate: JSON.stringify({ username }) } },
    });
    const instance = (masterUsername: unknown) => ({ Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql', MasterUsername: masterUsername, EnableIAMDatabaseAuthentication: true } });
    const fromSecret = (key: string) => ({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'DbSecret' }, `:SecretString:${key}::}}`]] });
    const admin = (resources: Record<string, unknown>) => runCheck([write('t.json', template(resources))]).rows.find((r) => r.rule === 'rds-instance-default-admin-check');

    it('reads the user name a generated secret of the same template fixes at synth', () => {
      expect(admin({ DbSecret: generated('admin'), Db: instance(fromSecret('username')) })).toMatchObject({
        status: 'NON_COMPLIANT',
        annotation: expect.stringContaining('uses the default master user name "admin"'),
      });
      expect(admin({ DbSecret: generated('orders_owner'), Db: instance(fromSecret('username')) })?.status).toBe('COMPLIANT');
    });

    it('leaves every other dynamic reference to deploy: a generated key, a secret of another stack', () => {
      expect(admin({ DbSecret: generated('admin'), Db: instance(fromSecret('password')) })).toMatchObject({
        status: 'UNKNOWN_BEFORE_DEPLOY',
        annotation: 'cannot be judged before deploy: the verdict depends on a dynamic reference ({{resolve:secretsmanager:<DbSecret>:SecretString:password::}}) resolved at deploy',
      });
      expect(admin({ Db: instance('{{resolve:secretsmanager:prod/orders:SecretString:username}}') })?.status).toBe('UNKNOWN_BEFORE_DEPLOY');
    });
  });

  it('a Terraform value known only after apply is unknown', () => {
    const file = write(
      'plan.json',
      plan([{ address: 'module.db.aws_db_instance.main[0]', type: 'aws_db_instance', after: { engine: 'mysql', username: 'app' }, afterUnknown: { iam_database_authentication_enabled: true } }]),
    );
    const { rows } = runCheck([file]);
    expect(rows.find((r) => r.rule === 'rds-instance-iam-authentication-enabled')).toMatchObject({ status: 'UNKNOWN_BEFORE_DEPLOY', resource: 'module.db.aws_db_instance.main[0]' });
  });

  it('Terraform deletions are not judged', () => {
    const file = write('plan.json', plan([{ address: 'aws_db_instance.old', type: 'aws_db_instance', after: null as never, actions: ['delete'] }]));
    expect(runCheck([file]).rows).toEqual([]);
  });
});

describe('Neptune Multi-AZ from the declared instances', () => {
  const withInstances = (...zones: unknown[]) =>
    write(
      't.json',
      template({
        Graph: { Type: 'AWS::Neptune::DBCluster', Properties: { DBClusterIdentifier: 'graph' } },
        ...Object.fromEntries(
          zones.map((zone, i) => [`I${i}`, { Type: 'AWS::Neptune::DBInstance', Properties: { DBClusterIdentifier: i % 2 ? 'graph' : { Ref: 'Graph' }, ...(zone ? { AvailabilityZone: zone } : {}) } }]),
        ),
      }),
    );
  it.each([
    [['us-east-1a', 'us-east-1b'], 'COMPLIANT'],
    [['us-east-1a', 'us-east-1a'], 'NON_COMPLIANT'],
    [[undefined], 'NON_COMPLIANT'],
    [[], 'UNKNOWN_BEFORE_DEPLOY'],
    [['us-east-1a', undefined], 'UNKNOWN_BEFORE_DEPLOY'],
    [['us-east-1a', { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }], 'UNKNOWN_BEFORE_DEPLOY'],
  ])('instances in %j: %s', (zones, status) => {
    expect(verdicts(runCheck([withInstances(...zones)]).rows, 'neptune-cluster-multi-az-enabled')).toEqual([status]);
  });
});

describe('Neptune Multi-AZ in a Terraform plan', () => {
  const cluster = { address: 'aws_neptune_cluster.graph', type: 'aws_neptune_cluster', after: { iam_database_authentication_enabled: true }, afterUnknown: { cluster_identifier: true, id: true } };
  const instance = (name: string, zone: string | undefined) => ({
    address: `aws_neptune_cluster_instance.${name}`,
    type: 'aws_neptune_cluster_instance',
    after: zone ? { availability_zone: zone } : {},
    afterUnknown: { cluster_identifier: true, ...(zone ? {} : { availability_zone: true }) },
  });
  // The instances name a cluster whose identifier is generated at apply: only the configuration's references tie them to it.
  const configuration = (names: string[]) => ({
    root_module: {
      resources: names.map((name) => ({
        address: `aws_neptune_cluster_instance.${name}`,
        expressions: { cluster_identifier: { references: ['aws_neptune_cluster.graph.id', 'aws_neptune_cluster.graph'] } },
      })),
    },
  });
  const cases: [[string, string | undefined][], string][] = [
    [[['a', 'eu-west-1a'], ['b', 'eu-west-1b']], 'COMPLIANT'],
    [[['a', 'eu-west-1a']], 'NON_COMPLIANT'],
    [[['a', 'eu-west-1a'], ['b', undefined]], 'UNKNOWN_BEFORE_DEPLOY'],
  ];
  it.each(cases)('instances %j: %s', (list, status) => {
    const file = write('plan.json', plan([cluster, ...list.map(([n, z]) => instance(n, z))], configuration(list.map(([n]) => n))));
    const { rows } = runCheck([file]);
    expect(rows.find((r) => r.rule === 'neptune-cluster-multi-az-enabled')).toMatchObject({ status, resource: 'aws_neptune_cluster.graph' });
    expect(rows.find((r) => r.rule === 'neptune-cluster-iam-database-authentication')?.annotation).toBe('IAM database authentication is enabled');
  });
});

describe('exemptions and suppressions', () => {
  it('the exemption tag exempts as in the live rules; --exemption-tag-key changes the key', () => {
    const file = write('t.json', template({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql', MasterUsername: 'app', Tags: [{ Key: 'sec:skip', Value: 'load test' }] } } }));
    expect(runCheck([file]).rows.map((r) => r.status)).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
    expect(runCheck([file], { exemptionTagKey: 'sec:skip' }).rows.map((r) => r.annotation)).toEqual(['exempt: load test', 'exempt: load test']);
  });

  it('a suppression in the metadata needs a reason and names it', () => {
    const resource = (reason: unknown) => ({
      Type: 'AWS::RDS::DBInstance',
      Properties: { Engine: 'mysql', MasterUsername: 'app' },
      Metadata: { dbauth: { suppressions: [{ rule: 'rds-instance-iam-authentication-enabled', reason }] } },
    });
    const { rows } = runCheck([write('t.json', template({ Db: resource('reporting replica, password rotation by vault') }))]);
    expect(rows.find((r) => r.rule === 'rds-instance-iam-authentication-enabled')).toMatchObject({
      status: 'NOT_APPLICABLE',
      annotation: 'suppressed in the template: reporting replica, password rotation by vault',
    });
    expect(() => runCheck([write('u.json', template({ Db: resource('') }))])).toThrow(/Metadata.dbauth.suppressions\[0\]: each suppression needs a rule id and a reason/);
  });
});

describe('inputs', () => {
  it('reads YAML short-form tags as their long form, with the lines of the logical ids', () => {
    const text = 'Resources:\n  A:\n    Type: X\n    Properties:\n      P: !GetAtt B.Arn\n      Q: !If [C, !Ref D, !Sub "x"]\n      R: !Join ["", [a, b]]\n  B:\n    Type: Y\n';
    const { json, lineOf } = parseTemplateText(text, 't.yaml');
    expect(json).toEqual({
      Resources: {
        A: { Type: 'X', Properties: { P: { 'Fn::GetAtt': ['B', 'Arn'] }, Q: { 'Fn::If': ['C', { Ref: 'D' }, { 'Fn::Sub': 'x' }] }, R: { 'Fn::Join': ['', ['a', 'b']] } } },
        B: { Type: 'Y' },
      },
    });
    expect([lineOf('A'), lineOf('B')]).toEqual([2, 8]);
  });

  it('gives JSON templates their lines too', () => {
    const file = write('t.json', template({ Other: { Type: 'AWS::S3::Bucket' }, Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql' } } }));
    expect(runCheck([file]).rows[0]?.line).toBe(7);
  });

  it('walks folders, a CDK assembly with a stage (nested assembly) and a nested stack, each file once', () => {
    const db = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', MasterUsername: 'postgres' }, Metadata: { 'aws:cdk:path': 'Prod/Data/Db/Resource' } };
    write('repo/cdk.out/manifest.json', { version: '48.0.0', artifacts: { Top: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Top.template.json' } }, Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod' } } } });
    write('repo/cdk.out/Top.template.json', template({ Bucket: { Type: 'AWS::S3::Bucket' } }));
    write('repo/cdk.out/assembly-Prod/manifest.json', { version: '48.0.0', artifacts: { Data: { type: 'aws:cloudformation:stack', properties: { templateFile: 'ProdData.template.json' } } } });
    write(
      'repo/cdk.out/assembly-Prod/ProdData.template.json',
      template({ Db: db, Nested: { Type: 'AWS::CloudFormation::Stack', Properties: {}, Metadata: { 'aws:asset:path': 'ProdDataNested.nested.template.json' } } }),
    );
    write('repo/cdk.out/assembly-Prod/ProdDataNested.nested.template.json', template({ Db2: { ...db, Properties: { Engine: 'mysql', MasterUsername: 'app', EnableIAMDatabaseAuthentication: true } } }));
    write('repo/package.json', { name: 'not-a-template' });
    write('repo/node_modules/x/t.json', template({ Ignored: db }));
    write('repo/cfn/app.yaml', 'Resources:\n  Endpoint:\n    Type: AWS::DMS::Endpoint\n    Properties:\n      EngineName: neptune\n      EndpointType: target\n');
    const { inputs, rows } = runCheck(['repo'], { cwd: work });
    expect(inputs.map((i) => i.file)).toEqual([
      'repo/cdk.out/Top.template.json',
      'repo/cdk.out/assembly-Prod/ProdData.template.json',
      'repo/cdk.out/assembly-Prod/ProdDataNested.nested.template.json',
      'repo/cfn/app.yaml',
    ]);
    expect(rows.filter((r) => r.status === 'NON_COMPLIANT').map((r) => `${r.file} ${r.resource} ${r.rule}`)).toEqual([
      'repo/cdk.out/assembly-Prod/ProdData.template.json Db rds-instance-iam-authentication-enabled',
      'repo/cdk.out/assembly-Prod/ProdData.template.json Db rds-instance-default-admin-check',
      'repo/cfn/app.yaml Endpoint dms-neptune-iam-authorization-enabled',
    ]);
    expect(rows.find((r) => r.resource === 'Db')?.cdkPath).toBe('Prod/Data/Db/Resource');
  });

  it.each([
    ['a missing path', () => runCheck(['nope.yaml'], { cwd: work }), 'nope.yaml: no such file or folder'],
    ['invalid YAML', () => runCheck([write('bad.yaml', 'Resources: [a\n')]), /bad\.yaml: not valid YAML/],
    ['invalid JSON', () => runCheck([write('bad.json', '{"Resources": ')]), /bad\.json: not valid JSON/],
    ['a file that is neither', () => runCheck([write('x.json', { name: 'x' })]), /neither a CloudFormation template \(no Resources\) nor a Terraform plan/],
    ['a property of the wrong type', () => runCheck([write('t.json', template({ G: { Type: 'AWS::Neptune::DBCluster', Properties: { BackupRetentionPeriod: 'week' } } }))]), /G BackupRetentionPeriod: expected a whole number, got "week"/],
    ['no path', () => runCheck([]), /no path to check/],
  ])('%s is a CheckInputError with a one-line reason', (_, run, message) => {
    expect(run).toThrow(CheckInputError);
    expect(run).toThrow(message);
  });
});

describe('rule parameters, as the Config rules take them', () => {
  it('parses each rule\'s own parameters with its own parser', () => {
    expect(parseCheckParameters(CATALOG, ['neptune-cluster-backup-retention-check:minimumBackupRetentionPeriod=14'], 'team:exempt')).toEqual({
      rules: { 'neptune-cluster-backup-retention-check': { minimumBackupRetentionPeriod: 14 } },
      exemptionTagKey: 'team:exempt',
    });
  });

  it.each([
    ['minimumBackupRetentionPeriod=14', /expected rule-id:Name=value/],
    ['no-such-rule:X=1', /no-such-rule is not a rule being checked/],
    ['neptune-cluster-backup-retention-check:minimumBackupRetentionPeriod=99', /invalid rule parameter minimumBackupRetentionPeriod: 99 is outside 1–35/],
    ['neptune-cluster-backup-retention-check:Other=1', /invalid rule parameter Other: not a parameter of this rule/],
  ])('refuses %s', (entry, message) => {
    expect(() => parseCheckParameters(CATALOG, [entry])).toThrow(message);
  });
});

describe('CSV', () => {
  it('keeps a spreadsheet from running a file name or an annotation as a formula, as the report rows do', () => {
    const row = {
      rule: 'neptune-cluster-encrypted',
      controls: ['Neptune.1'],
      status: 'NON_COMPLIANT',
      annotation: '=HYPERLINK("http://x")',
      file: '@evil.yaml',
      line: 3,
      resource: 'Graph',
      sourceType: 'AWS::Neptune::DBCluster',
      resourceType: 'AWS::RDS::DBCluster',
    } as const;
    expect(checkCsv([row]).split('\r\n')[1]).toBe(`'@evil.yaml,3,Graph,AWS::Neptune::DBCluster,AWS::RDS::DBCluster,neptune-cluster-encrypted,Neptune.1,NON_COMPLIANT,"'=HYPERLINK(""http://x"")"`);
  });
});
