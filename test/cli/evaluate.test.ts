import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENTS, FIXTURES } from '../helpers/fixtures';

const ROOT = join(__dirname, '..', '..');
const NO_HOME = mkdtempSync(join(tmpdir(), 'dbauth-home-'));
/** Runs the CLI with no credentials anywhere: no keys, no profile files, no metadata service. */
function dbauth(...args: string[]) {
  return spawnSync(join(ROOT, 'bin', 'dbauth'), args, {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', HOME: NO_HOME, AWS_EC2_METADATA_DISABLED: 'true' },
  });
}

describe('dbauth evaluate', () => {
  it('prints the evaluations the handler would put, with no credentials at all', () => {
    const result = dbauth('evaluate', '--rule', 'rds-instance-iam-authentication-enabled', '--event', join(EVENTS, 'rds-postgres-iam-off.json'));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        ComplianceResourceType: 'AWS::RDS::DBInstance',
        ComplianceResourceId: 'db-KOCU7UR74VM3AC4R3H2UXX7PE4',
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'IAM database authentication is disabled on postgres instance c7n-data-index: aws rds modify-db-instance --db-instance-identifier c7n-data-index --enable-iam-database-authentication --apply-immediately',
        OrderingTimestamp: '2017-10-30T16:28:22.554Z',
      },
    ]);
  });

  it('prints report rows in the other formats, with the event\'s account and region and the item\'s name', () => {
    const result = dbauth('evaluate', '--rule', 'rds-instance-iam-authentication-enabled', '--event', join(EVENTS, 'rds-postgres-iam-off.json'), '--format', 'csv');
    expect(result.status).toBe(0);
    const [header, row] = result.stdout.trim().split('\r\n');
    expect(header).toBe('accountId,region,source,resourceType,resourceId,resourceName,arn,rule,controls,severity,compliance,annotation,fix,exemption');
    expect(row).toMatch(
      /^644160558196,us-east-1,,AWS::RDS::DBInstance,db-KOCU7UR74VM3AC4R3H2UXX7PE4,c7n-data-index,arn:aws:rds:us-east-1:644160558196:db:c7n-data-index,rds-instance-iam-authentication-enabled,RDS\.10 RDS-030,MEDIUM,NON_COMPLIANT,/,
    );
  });

  it('judges a proposed resource of a proactive evaluation from its CloudFormation properties', () => {
    // The event's shape is what the handler accepts for proactive evaluation (README, "Config proactive
    // evaluation"): evaluationMode PROACTIVE, the properties as the item's configuration.
    const result = dbauth('evaluate', '--rule', 'neptune-cluster-iam-database-authentication', '--event', join(FIXTURES, 'proactive-neptune-cluster.event.json'));
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({
        ComplianceResourceType: 'AWS::RDS::DBCluster',
        ComplianceResourceId: 'graph-new',
        ComplianceType: 'NON_COMPLIANT',
        Annotation: expect.stringMatching(/^IAM database authentication is disabled on Neptune cluster graph-new: aws neptune modify-db-cluster/) as string,
      }),
    ]);
    const encrypted = dbauth('evaluate', '--rule', 'neptune-cluster-encrypted', '--event', join(FIXTURES, 'proactive-neptune-cluster.event.json'));
    expect(JSON.parse(encrypted.stdout)).toEqual([expect.objectContaining({ ComplianceType: 'COMPLIANT' })]);
  });

  it('answers an oversized notification from a history file, offline', () => {
    const result = dbauth(
      'evaluate',
      '--rule',
      'neptune-cluster-iam-database-authentication',
      '--event',
      join(FIXTURES, 'oversized-aurora-cluster.event.json'),
      '--history',
      join(FIXTURES, 'oversized-aurora-cluster.history.json'),
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ ComplianceType: 'NOT_APPLICABLE', Annotation: 'aurora-mysql cluster: Neptune rules do not apply' })]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'dbauth-cli-'));
  const notJson = join(dir, 'not-json.json');
  const notEvent = join(dir, 'not-event.json');
  writeFileSync(notJson, '{"invokingEvent": ');
  writeFileSync(notEvent, '{"hello": "world"}');

  it.each([
    ['a file that is not JSON', ['--rule', 'neptune-cluster-iam-database-authentication', '--event', notJson], /^dbauth: event .*not-json\.json is not JSON: /],
    ['a file that is not an event', ['--rule', 'neptune-cluster-iam-database-authentication', '--event', notEvent], /^dbauth: malformed event at event\.invokingEvent: missing$/],
    ['a missing file', ['--rule', 'neptune-cluster-iam-database-authentication', '--event', join(dir, 'nope.json')], /^dbauth: cannot read the event file .*nope\.json: no such file or folder$/],
    ['a folder', ['--rule', 'neptune-cluster-iam-database-authentication', '--event', dir], /^dbauth: cannot read the event file .*: it is a folder, not a file$/],
    ['an unknown rule', ['--rule', 'no-such-rule', '--event', notEvent], /^dbauth: unknown rule "no-such-rule"; the rules are: neptune-cluster-iam-database-authentication, /],
  ])('exits 2 with a one-line reason for %s', (_name, args, message) => {
    const result = dbauth('evaluate', ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('says what to do when an event needs AWS and there are no credentials', () => {
    const result = dbauth('evaluate', '--rule', 'neptune-cluster-iam-database-authentication', '--event', join(FIXTURES, 'scheduled.event.json'));
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'dbauth: no AWS credentials found while the handler read AWS for this event, RDS DescribeDBClusters (Could not load credentials from any providers): use --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID',
    );
  });

  it('exits 2 when a required option is missing', () => {
    const result = dbauth('evaluate', '--rule', 'neptune-cluster-iam-database-authentication');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("required option '--event <file>' not specified");
  });
});
