import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainAwsError, AwsUnavailableError } from '../../cli/errors';

const ROOT = join(__dirname, '..', '..');
const HOME = mkdtempSync(join(tmpdir(), 'dbauth-exit-'));
mkdirSync(join(HOME, '.aws'));
writeFileSync(join(HOME, '.aws', 'config'), '[default]\nregion = us-east-1\n[profile security]\nregion = eu-west-1\n');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real CLI in a child process, asynchronously (a test server in this process must keep answering),
 * with keys that no endpoint accepts and a home whose only profiles are `default` and `security`.
 */
function dbauth(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'bin', 'dbauth'), args, {
      cwd: ROOT,
      env: { ...process.env, HOME, AWS_ACCESS_KEY_ID: 'AKIATESTONLY', AWS_SECRET_ACCESS_KEY: 'test-only', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const oneLine = (run: Run) => {
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
};

describe('exit codes a pipeline can trust: 0 compliant, 1 non-compliant, 2 no complete answer', () => {
  it('exits 2 when the endpoint is unreachable, naming the region, the call and what to do', async () => {
    const run = await dbauth(['scan', '--region', 'us-east-1', '--quiet'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
    expect(run.status).toBe(2);
    expect(oneLine(run)).toBe(
      'dbauth: cannot reach AWS in us-east-1, STS GetCallerIdentity (connect ECONNREFUSED 127.0.0.1:1): check the network, any proxy and AWS_ENDPOINT_URL, then run again',
    );
    expect(run.stdout).toBe('');
  });

  it('exits 2 for a misspelled region before any call', async () => {
    // No endpoint would answer: the refusal comes from the SDK's partition data, not from a DNS failure.
    const run = await dbauth(['scan', '--region', 'us-east-1,us-eest-1'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
    expect(run.status).toBe(2);
    expect(oneLine(run)).toMatch(/^dbauth: unknown region us-eest-1: not a region of any AWS partition known to this SDK \(did you mean us-east-1\?\); check the spelling/);
  });

  it('exits 2 for a profile that does not exist, and names it', async () => {
    const run = await dbauth(['scan', '--region', 'us-east-1', '--profile', 'audit'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
    expect(run.status).toBe(2);
    expect(oneLine(run)).toBe(
      'dbauth: no AWS profile named audit in ~/.aws/config or ~/.aws/credentials (profiles there: default, security): create it (aws configure --profile audit, or aws configure sso) or pass another --profile',
    );
  });

  it.each([
    ['remediate', ['remediate', '--rule', 'neptune-cluster-deletion-protection-enabled', '--resource', 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ', '--region', 'us-east-1', '--plan']],
  ])('%s names a missing profile too, before any call', async (_command, args) => {
    const run = await dbauth([...args, '--profile', 'audit'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
    expect(run.status).toBe(2);
    expect(oneLine(run)).toMatch(/^dbauth: no AWS profile named audit in ~\/\.aws\/config or ~\/\.aws\/credentials/);
  });

  it('remediate against an unreachable endpoint exits 2 naming the region and the call', async () => {
    const run = await dbauth(
      ['remediate', '--rule', 'neptune-cluster-deletion-protection-enabled', '--resource', 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ', '--region', 'us-east-1', '--plan'],
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' },
    );
    expect(run.status).toBe(2);
    expect(oneLine(run)).toMatch(/^dbauth: cannot reach AWS in us-east-1, STS GetCallerIdentity/);
  });

  it('exits 2 when a proxy answers 403 with an HTML page instead of AWS', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(403, { 'content-type': 'text/html' });
      response.end('<html><body>Blocked by policy</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await dbauth(['org-status', '--region', 'eu-west-1', '--quiet'], { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });
      expect(run.status).toBe(2);
      expect(oneLine(run)).toBe(
        'dbauth: AWS answered HTTP 403 in the admin account (eu-west-1), ConfigService GetOrganizationConformancePackDetailedStatus with a body that is not an AWS answer (a proxy or firewall in the way?): check the network path and AWS_ENDPOINT_URL',
      );
    } finally {
      server.close();
    }
  });

  it.each([
    ['pack --out into a missing folder', ['pack', '--account', '111122223333', '--region', 'us-east-1', '--out', join(HOME, 'missing', 'pack.yaml')], /^dbauth: cannot write the template to .*missing\/pack\.yaml: no such file or folder \(create the folder first\)$/],
    ['evaluate on a folder', ['evaluate', '--rule', 'neptune-cluster-encrypted', '--event', HOME], /^dbauth: cannot read the event file .*: it is a folder, not a file$/],
    ['a bad --status', ['demo', '--status', 'FAILED'], /^dbauth: --status FAILED: not a compliance type/],
    ['an unknown region for pack', ['pack', '--account', '111122223333', '--region', 'moon-1'], /^dbauth: --region "moon-1" is not a region name that any AWS partition known to this SDK lists$/],
  ])('exits 2 with words, not an errno, for %s', async (_name, args, message) => {
    const run = await dbauth(args);
    expect(run.status).toBe(2);
    expect(oneLine(run)).toMatch(message);
  });

  it('prints the version', async () => {
    const run = await dbauth(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('explainAwsError', () => {
  const fault = (props: { message: string } & Record<string, unknown>) => Object.assign(new Error(props.message), props);
  it.each([
    ['DNS', fault({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND rds.eu-west-1.amazonaws.com' }), /^cannot resolve the AWS endpoint in eu-west-1 \(getaddrinfo ENOTFOUND/],
    ['TLS', fault({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' }), /^the TLS connection to AWS failed in eu-west-1 \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): .*AWS_CA_BUNDLE/],
    [
      'throttling that outlasted the retries',
      fault({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { attempts: 6 } }),
      /^AWS throttled the calls in eu-west-1 after 6 attempts \(ThrottlingException\): run again later/,
    ],
    ['an unknown error', fault({ name: 'InternalFailure', message: 'We encountered an internal error' }), /^in eu-west-1: InternalFailure: We encountered an internal error: no complete answer; run again/],
  ])('makes %s an incomplete answer (exit 2) in one line', (_name, error, message) => {
    const explained = explainAwsError(error, 'in eu-west-1', 'read access');
    expect(explained).toBeInstanceOf(AwsUnavailableError);
    expect(explained.message).toMatch(message);
    expect(explained.message).not.toContain('\n');
  });
});
