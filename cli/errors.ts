import { DbauthError } from '../rules/kit';

/**
 * Exit codes, for pipelines: 0 nothing is NON_COMPLIANT, 1 something is, 2 no complete answer (bad input,
 * credentials, permissions, network, throttling that outlasted the retries, any unexpected error).
 */
export const EXIT = { COMPLIANT: 0, NON_COMPLIANT: 1, INCOMPLETE: 2 } as const;

/** Bad input on the command line: exit 2 with this one-line message. */
export class UsageError extends DbauthError {}

/** Credential and permission faults against AWS: exit 2, with what to do. */
export class AwsAccessError extends UsageError {}

/** AWS could not be asked or did not answer (network, DNS, TLS, throttling, an unreadable answer): exit 2. */
export class AwsUnavailableError extends UsageError {}

/** A file named on the command line that cannot be read or written. */
export class FileError extends UsageError {}

const REFUSED_CREDENTIALS = ['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch'];
const THROTTLED = ['Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'RequestThrottled'];
const UNREACHABLE = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'TimeoutError', 'RequestTimeout'];
const UNRESOLVED = ['ENOTFOUND', 'EAI_AGAIN'];
const TLS = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** The AWS call an error came from, recorded by `recordCalls` on every client the CLI makes. */
const CALLS = new WeakMap<object, string>();

/**
 * Records, on any error a client's call throws, which service and operation it was ("RDS DescribeDBClusters"),
 * so that the one line the user reads names the call. Installed on each client through ClientFactory's `configure`.
 */
export function recordCalls(client: object): void {
  const stack = (client as { middlewareStack?: { add: (middleware: unknown, options: object) => void } }).middlewareStack;
  stack?.add(
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        if (typeof error === 'object' && error !== null && !CALLS.has(error)) CALLS.set(error, callName(context));
        throw error;
      }
    },
    { step: 'initialize', priority: 'high', name: 'dbauthRecordCall', override: true },
  );
}

function callName(context: { clientName?: string; commandName?: string }): string {
  const service = (context.clientName ?? 'AWS').replace(/Client$/, '').replace('DatabaseMigrationService', 'DMS');
  return `${service} ${(context.commandName ?? 'call').replace(/Command$/, '')}`;
}

/** The call an error came from, when a client recorded it. */
export function failedCall(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? CALLS.get(error) : undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}

/**
 * Turns whatever an AWS call threw into a one-line message that names where (`where`: "in us-east-1"), the
 * call, what happened and what to do; `needs` names the permissions the command uses. Errors that are
 * already ours are returned unchanged.
 */
export function explainAwsError(error: unknown, where: string, needs: string): Error {
  // Ours already say what and where (a usage fault, a rule that threw on a resource).
  if (error instanceof DbauthError) return error;
  const name = (error as { name?: string }).name ?? '';
  const code = (error as { code?: string }).code ?? '';
  const message = firstLine(error instanceof Error ? error.message : String(error));
  const call = failedCall(error);
  const at = call ? `${where}, ${call}` : where;
  const status = (error as { $metadata?: { httpStatusCode?: number; attempts?: number } }).$metadata;
  if (name === 'CredentialsProviderError') {
    return new AwsAccessError(`no AWS credentials found ${at} (${message}): use --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID`, { cause: error });
  }
  if (REFUSED_CREDENTIALS.includes(name)) {
    return new AwsAccessError(`the AWS credentials were refused ${at} (${name}): refresh them (aws sso login, or new keys) and run again`, { cause: error });
  }
  if (/AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized/.test(name)) {
    return new AwsAccessError(`access denied ${at} (${message}): this needs ${needs}`, { cause: error });
  }
  if (THROTTLED.includes(name) || (error as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true) {
    const attempts = status?.attempts ? ` after ${status.attempts} attempts` : '';
    return new AwsUnavailableError(`AWS throttled the calls ${at}${attempts} (${name}): run again later, or scan fewer regions at once`, { cause: error });
  }
  if (UNRESOLVED.includes(code)) {
    return new AwsUnavailableError(`cannot resolve the AWS endpoint ${at} (${message}): check the region name, DNS and AWS_ENDPOINT_URL`, { cause: error });
  }
  if (UNREACHABLE.includes(code) || UNREACHABLE.includes(name)) {
    return new AwsUnavailableError(`cannot reach AWS ${at} (${message}): check the network, any proxy and AWS_ENDPOINT_URL, then run again`, { cause: error });
  }
  if (TLS.test(code)) {
    return new AwsUnavailableError(`the TLS connection to AWS failed ${at} (${code}): a proxy that intercepts TLS needs its CA in AWS_CA_BUNDLE or NODE_EXTRA_CA_CERTS`, { cause: error });
  }
  if (status?.httpStatusCode !== undefined && (name === 'SyntaxError' || name === 'Unknown' || name === 'UnknownError' || name === '')) {
    return new AwsUnavailableError(
      `AWS answered HTTP ${status.httpStatusCode} ${at} with a body that is not an AWS answer (a proxy or firewall in the way?): check the network path and AWS_ENDPOINT_URL`,
      { cause: error },
    );
  }
  return new AwsUnavailableError(`${at}: ${name && !message.startsWith(name) ? `${name}: ` : ''}${message}: no complete answer; run again, and report it if it persists`, {
    cause: error,
  });
}
