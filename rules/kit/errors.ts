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

/** The event's account id is not the 12 digits of an AWS account. */
export class InvalidAccountIdError extends MalformedEventError {
  constructor(path: string, value: unknown) {
    super(path, `expected a 12-digit AWS account id, got ${JSON.stringify(value)}`);
  }
}

/**
 * The event is about another account than the one this function runs in. A rule Lambda reads and
 * reports only its own account (it holds no role in any other), so it refuses rather than judging nothing.
 */
export class WrongAccountError extends DbauthError {
  constructor(
    readonly resourceAccountId: string,
    readonly ownAccountId: string,
    /** Whose account `ownAccountId` is: the rule's (event.accountId) or this function's. */
    readonly owner: string,
  ) {
    super(`the event is about account ${resourceAccountId}, but ${owner} is account ${ownAccountId}: a rule reads and reports only its own account`);
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


/**
 * The configuration history's item is older than the oversized notification: Config has not yet made the
 * notified item readable. Judging the older one would report a past state as current, so the invocation
 * fails and the asynchronous retry reads the history again.
 */
export class StaleHistoryItemError extends DbauthError {
  constructor(
    readonly resourceId: string,
    readonly historyCaptureTime: string,
    readonly notificationCaptureTime: string,
  ) {
    super(
      `the configuration history of ${resourceId} has its item of ${historyCaptureTime}, older than the notified item of ${notificationCaptureTime}: not judged, so that a retry reads the newer item`,
    );
  }
}

/** The continuation a sweep passed to its next invocation is not one this runtime wrote. */
export class InvalidContinuationError extends MalformedEventError {}

/**
 * A periodic sweep ended with resources it could not judge (or evaluations Config would not take). Every
 * other resource was put; the failure is raised at the end so that the function's failure destination
 * and error alarm see it.
 */
export class SweepIncompleteError extends DbauthError {
  constructor(
    readonly ruleId: string,
    readonly failed: number,
    readonly evaluated: number,
    readonly examples: readonly { resourceId: string; reason: string }[],
    readonly cleanupSkipped: boolean,
  ) {
    const first = examples[0];
    super(
      `sweep of ${ruleId}: ${failed} resource(s) could not be judged or put, ${evaluated} evaluation(s) put` +
        (first ? ` (first: ${first.resourceId}: ${first.reason})` : '') +
        (cleanupSkipped ? '; the clean-up of stale results was skipped because too many failed to tell them apart' : ''),
    );
  }
}

/** A sweep needed more invocations than it may chain (see MAX_SWEEP_INVOCATIONS). */
export class SweepTooLongError extends DbauthError {}

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/** A setting of the function (an environment variable) cannot be used. */
export class InvalidSettingError extends DbauthError {
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`invalid setting ${setting}: ${detail}`);
  }
}
