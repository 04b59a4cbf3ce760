import { DbauthError } from '../rules/kit';

/** Bad input on the command line: exit 2 with this one-line message. */
export class UsageError extends DbauthError {}

/** Credential and permission faults against AWS: exit 2, with what to do. */
export class AwsAccessError extends UsageError {}

const REFUSED_CREDENTIALS = ['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch'];

/**
 * Turns the SDK's credential and permission errors into one-line messages that say what to do;
 * `needs` names the permissions the command uses. Other errors are returned unchanged.
 */
export function explainAwsError(error: unknown, where: string, needs: string): unknown {
  const name = (error as { name?: string }).name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError') {
    return new AwsAccessError(`no AWS credentials found (${message}): use --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID`, { cause: error });
  }
  if (REFUSED_CREDENTIALS.includes(name)) {
    return new AwsAccessError(`the AWS credentials were refused (${name}): refresh them (aws sso login, or new keys) and run again`, { cause: error });
  }
  if (/AccessDenied|UnauthorizedOperation|AuthorizationError/.test(name)) {
    return new AwsAccessError(`access denied ${where} (${message}): this needs ${needs}`, { cause: error });
  }
  return error;
}
