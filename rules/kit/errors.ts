/**
 * The named errors of the runtime. Each says what is wrong and where, so that the message a user
 * reads in a Lambda log or on the CLI is enough to act on without a stack trace.
 */
export class DbauthError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The Lambda event (or an embedded JSON string of it) is not a Config rule event. `path` locates the fault. */
export class MalformedEventError extends DbauthError {
  constructor(
    readonly path: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`malformed event at ${path}: ${detail}`, options);
  }
}

/** A configuration item's recorded configuration has a field of the wrong type. */
export class MalformedItemError extends DbauthError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`malformed configuration item at ${path}: ${detail}`);
  }
}

/** A rule parameter (from the Config rule's InputParameters) cannot be used. */
export class InvalidParameterError extends DbauthError {
  constructor(
    readonly parameter: string,
    detail: string,
  ) {
    super(`invalid rule parameter ${parameter}: ${detail}`);
  }
}

/** The execution role of a member account could not be assumed. */
export class AssumeRoleError extends DbauthError {
  constructor(
    readonly roleArn: string,
    readonly accountId: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot assume ${roleArn} in account ${accountId}: ${detail}`, options);
  }
}

/** Config refused some evaluations even after retries. */
export class PutEvaluationsError extends DbauthError {
  constructor(
    readonly failed: readonly { resourceId: string; resourceType: string }[],
    detail: string,
  ) {
    super(`PutEvaluations failed for ${failed.length} evaluation(s): ${detail}`);
  }
}

/** A rule threw while judging a resource: the invocation fails rather than guessing a verdict. */
export class RuleEvaluationError extends DbauthError {
  constructor(
    readonly ruleId: string,
    readonly resourceId: string,
    options: { cause: unknown },
  ) {
    super(`rule ${ruleId} failed on ${resourceId}: ${describeCause(options.cause)}`, options);
  }
}

/** The configuration item of an oversized notification could not be read from the configuration history. */
export class ItemNotFoundError extends DbauthError {}

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
