import type { EvaluationResult, Evaluation } from '@aws-sdk/client-config-service';
import { GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import type { AwsClients } from './clients';
import type { UnjudgedResource } from './collect';
import { PAGE_SIZE, collectPages } from './collect';
import { InvalidContinuationError, RuleEvaluationError, SweepIncompleteError, SweepTooLongError, describeCause } from './errors';
import { isObject, typeName } from './fields';
import { PUT_BATCH, putBatch, toEvaluation } from './evaluations';
import type { Judgement, RuleParameters } from './judge';
import { judgeView } from './judge';
import type { LogSink } from './log';
import { logEvaluation } from './log';
import { pagesFrom, persist, realSleep } from './pages';
import type { Rule } from './rule';
import { notApplicable } from './verdict';

/**
 * Where a sweep stands between two invocations: small enough for an asynchronous invocation's payload
 * whatever the account's size (no inventory, no list of seen resources).
 */
export interface Continuation {
  readonly rule: string;
  readonly resourceType: string;
  /** Listing the inventory, or reading earlier results to mark the stale ones. */
  readonly phase: 'inventory' | 'cleanup';
  /** The Describe Marker (inventory) or Config NextToken (clean-up) of the next page to read. */
  readonly marker: string | undefined;
  /** The sweep's start (its scheduled notification's time): every evaluation of the sweep carries it as OrderingTimestamp. */
  readonly sweepStart: string;
  /** Invocations of this sweep so far, this one included. */
  readonly invocation: number;
  readonly evaluated: number;
  readonly stale: number;
  readonly failed: number;
  /** Ids of resources that could not be judged, so that the clean-up never calls them gone (at most MAX_TRACKED_FAILURES). */
  readonly failedIds: readonly string[];
  readonly examples: readonly { resourceId: string; reason: string }[];
}

/** How much of an invocation's time a sweep keeps back before it hands the rest on. */
export interface TimeBudget {
  /** Share of the invocation's time left unused (default 0.15). */
  readonly marginShare: number;
  /** Fixed time kept back besides, for the last put and the hand-off (default 5 s). */
  readonly reserveMs: number;
}

export interface SweepContext {
  readonly configRuleName: string;
  readonly notificationTime: string;
  readonly resultToken: string;
  readonly testMode: boolean;
  /** Bound to the rule, account and region. */
  readonly log: LogSink;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called with every judgement, in order (the CLI's scan reads them here). */
  readonly onJudgement?: (judgement: Judgement) => void;
  /** Where an earlier invocation stopped; a new sweep when absent. */
  readonly continuation?: Continuation;
  /** The invocation's remaining time (Lambda's context.getRemainingTimeInMillis); no limit when absent. */
  readonly remainingMs?: () => number;
  readonly budget?: TimeBudget;
  /** Starts the next invocation with this continuation (an asynchronous invoke of the same function). */
  readonly handOff?: (continuation: Continuation) => Promise<void>;
  /** Per-resource calls in flight at once. */
  readonly concurrency?: number;
}

export interface SweepReport {
  /** Evaluations put by this invocation, inventory and stale marks. */
  readonly resources: number;
  readonly stale: number;
  readonly putCalls: number;
  /** Set when the sweep goes on in a next invocation. */
  readonly continuation?: Continuation;
}

export const STALE_ANNOTATION = 'no longer found by the periodic sweep: the resource was deleted or moved out of this account and region';
export const DEFAULT_BUDGET: TimeBudget = { marginShare: 0.15, reserveMs: 5_000 };
/** A sweep chains at most this many invocations: Lambda stops a chain of recursive invocations after 16. */
export const MAX_SWEEP_INVOCATIONS = 15;
/** Beyond this many unjudged resources the clean-up is skipped: it could no longer tell them from deleted ones. */
export const MAX_TRACKED_FAILURES = 200;
const MAX_EXAMPLES = 3;

const seconds = (time: Date | string | number) => Math.floor(new Date(time).getTime() / 1000);

/**
 * Whether an earlier result was left behind by this sweep: it was put before the sweep started (its
 * OrderingTimestamp, or when absent the time Config recorded it, is older). Compared to the second, as
 * a time stored with less precision must never look older than the sweep that put it. A result with
 * neither time is kept (never guessed stale).
 */
export function isStale(result: EvaluationResult, sweepStart: string): boolean {
  const time = result.EvaluationResultIdentifier?.OrderingTimestamp ?? result.ResultRecordedTime;
  return time !== undefined && seconds(time) < seconds(sweepStart);
}

/**
 * A periodic run, resumable: lists the rule's resource type through its service API a page at a time,
 * judges each resource and puts the evaluations in calls of 100, all stamped with the sweep's start as
 * OrderingTimestamp. Then it pages through the rule's earlier COMPLIANT / NON_COMPLIANT results and marks
 * NOT_APPLICABLE those older than the sweep's start: resources the sweep no longer found. Nothing is held
 * but the page at hand. Before the invocation's time runs short it puts what it holds and hands a
 * continuation to the next invocation. A resource that cannot be judged is logged, counted and skipped;
 * at the end the sweep throws a SweepIncompleteError that names how many.
 */
export async function sweep(rule: Rule, clients: AwsClients, parameters: RuleParameters, context: SweepContext): Promise<SweepReport> {
  let state: Continuation = context.continuation ?? {
    rule: rule.id,
    resourceType: rule.kind.type,
    phase: 'inventory',
    marker: undefined,
    sweepStart: context.notificationTime,
    invocation: 1,
    evaluated: 0,
    stale: 0,
    failed: 0,
    failedIds: [],
    examples: [],
  };
  const { log } = context;
  const clock = stepClock(context);
  const buffer: Evaluation[] = [];
  let putCalls = 0;
  let evaluated = 0;
  let stale = 0;

  const fail = (resourceId: string, resourceType: string, reason: string, error: string) => {
    log.error('resource not judged', { resource: resourceId, resourceType, error, reason });
    state = {
      ...state,
      failed: state.failed + 1,
      failedIds: state.failedIds.length < MAX_TRACKED_FAILURES ? [...state.failedIds, resourceId] : state.failedIds,
      examples: state.examples.length < MAX_EXAMPLES ? [...state.examples, { resourceId, reason: reason.slice(0, 200) }] : state.examples,
    };
  };
  const flush = async (all: boolean) => {
    while (buffer.length >= PUT_BATCH || (all && buffer.length > 0)) {
      const batch = buffer.splice(0, PUT_BATCH);
      const outcome = await putBatch(clients.config, batch, context);
      putCalls += outcome.calls;
      evaluated += batch.length - outcome.failed.length;
      for (const e of outcome.failed) fail(e.ComplianceResourceId ?? '?', e.ComplianceResourceType ?? '?', 'Config kept refusing its evaluation (FailedEvaluations)', 'PutEvaluationsError');
    }
  };
  const record = (judgement: Judgement) => {
    context.onJudgement?.(judgement);
    logEvaluation(log, judgement);
    buffer.push(toEvaluation(judgement, state.sweepStart));
  };
  const handOff = async (next: Pick<Continuation, 'phase' | 'marker'>): Promise<SweepReport> => {
    await flush(true);
    const continuation: Continuation = {
      ...state,
      ...next,
      invocation: state.invocation + 1,
      evaluated: state.evaluated + evaluated,
      stale: state.stale + stale,
    };
    if (continuation.invocation > MAX_SWEEP_INVOCATIONS) {
      throw new SweepTooLongError(
        `sweep of ${rule.id} did not finish in ${MAX_SWEEP_INVOCATIONS} invocations (${continuation.evaluated} evaluations put, stopped in its ${next.phase}): raise the function's timeout or DBAUTH_SWEEP_CONCURRENCY`,
      );
    }
    log.info('sweep continues in a next invocation', { phase: next.phase, invocation: continuation.invocation, evaluated: continuation.evaluated });
    await context.handOff?.(continuation);
    return { resources: evaluated, stale, putCalls, continuation };
  };

  if (state.phase === 'inventory') {
    const judged = (view: unknown, tags: Readonly<Record<string, string>> | undefined) =>
      rule.scope(view, parameters.rule) === undefined && (tags === undefined || tags[parameters.runtime.exemptionTagKey] === undefined);
    const pages = collectPages(rule.kind.type, clients, rule.collect, { from: state.marker, judged, concurrency: context.concurrency, sleep: context.sleep });
    clock.start();
    for await (const page of pages) {
      for (const failure of page.failures) fail(failure.resourceId, failure.resourceType, failure.reason, errorName(failure));
      for (const resource of page.resources) {
        try {
          const verdict = judgeView(rule, resource.view, resource.tags, parameters, resource.resourceId);
          record({ resourceType: resource.resourceType, resourceId: resource.resourceId, resourceName: resource.resourceName, verdict });
        } catch (error) {
          fail(resource.resourceId, resource.resourceType, error instanceof RuleEvaluationError ? describeCause(error.cause) : describeCause(error), errorName({ cause: error }));
        }
      }
      await flush(false);
      if (page.next === undefined) break;
      if (clock.short()) return handOff({ phase: 'inventory', marker: page.next });
      clock.start();
    }
    await flush(true);
    state = { ...state, phase: 'cleanup', marker: undefined };
    if (clock.short()) return handOff({ phase: 'cleanup', marker: undefined });
  }

  const cleanupSkipped = state.failed > MAX_TRACKED_FAILURES;
  if (cleanupSkipped) {
    log.error('stale clean-up skipped', { reason: `${state.failed} resources could not be judged: too many to tell from deleted ones` });
  } else {
    const failedIds = new Set(state.failedIds);
    const reported = pagesFrom(state.marker, (NextToken) =>
      persist(
        () => clients.config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: context.configRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'], Limit: PAGE_SIZE, NextToken })),
        context.sleep ?? realSleep,
      ).then((page) => ({ items: page.EvaluationResults, next: page.NextToken })),
    );
    clock.start();
    for await (const page of reported) {
      for (const result of page.items) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        const resourceId = qualifier?.ResourceId;
        if (!resourceId || qualifier.ResourceType !== rule.kind.type || failedIds.has(resourceId) || !isStale(result, state.sweepStart)) continue;
        stale++;
        record({ resourceType: rule.kind.type, resourceId, resourceName: undefined, verdict: notApplicable(STALE_ANNOTATION) });
      }
      await flush(false);
      if (page.next === undefined) break;
      if (clock.short()) return handOff({ phase: 'cleanup', marker: page.next });
      clock.start();
    }
  }
  await flush(true);

  const total = { evaluated: state.evaluated + evaluated, stale: state.stale + stale };
  log.info('sweep finished', { invocations: state.invocation, evaluated: total.evaluated, stale: total.stale, failed: state.failed });
  if (state.failed > 0) throw new SweepIncompleteError(rule.id, state.failed, total.evaluated, state.examples, cleanupSkipped);
  return { resources: evaluated, stale, putCalls };
}

/** The key under which a sweep's next invocation finds its continuation, beside the original event's fields. */
export const CONTINUATION_KEY = 'dbauthContinuation';

/**
 * Reads the continuation of a resumed sweep from the raw event (undefined for a new sweep). It must be
 * one this runtime wrote for this rule and this scheduled notification; anything else is refused.
 */
export function readContinuation(raw: unknown, rule: Rule, notificationTime: string): Continuation | undefined {
  if (!isObject(raw) || raw[CONTINUATION_KEY] === undefined) return undefined;
  const value = raw[CONTINUATION_KEY];
  const path = `event.${CONTINUATION_KEY}`;
  const bad = (detail: string) => new InvalidContinuationError(path, detail);
  if (!isObject(value)) throw bad(`expected an object, got ${typeName(value)}`);
  const text = (key: string) => {
    const v = value[key];
    if (typeof v !== 'string' || v === '') throw bad(`${key}: expected a string, got ${typeName(v)}`);
    return v;
  };
  const count = (key: string) => {
    const v = value[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(`${key}: expected a whole number, got ${typeName(v)}`);
    return v;
  };
  if (text('rule') !== rule.id) throw bad(`written for rule ${JSON.stringify(value['rule'])}, not ${rule.id}`);
  if (text('resourceType') !== rule.kind.type) throw bad(`resourceType ${JSON.stringify(value['resourceType'])} is not ${rule.kind.type}`);
  const phase = text('phase');
  if (phase !== 'inventory' && phase !== 'cleanup') throw bad(`phase ${JSON.stringify(phase)} is not inventory or cleanup`);
  const marker = value['marker'];
  if (marker !== undefined && (typeof marker !== 'string' || marker === '')) throw bad(`marker: expected a string, got ${typeName(marker)}`);
  const sweepStart = text('sweepStart');
  if (Number.isNaN(new Date(sweepStart).getTime()) || new Date(sweepStart).getTime() !== new Date(notificationTime).getTime()) {
    throw bad(`sweepStart ${JSON.stringify(sweepStart)} is not the notification's time ${notificationTime}`);
  }
  const failedIds = value['failedIds'];
  if (!Array.isArray(failedIds) || !failedIds.every((id) => typeof id === 'string') || failedIds.length > MAX_TRACKED_FAILURES) {
    throw bad(`failedIds: expected at most ${MAX_TRACKED_FAILURES} strings`);
  }
  const examples = value['examples'];
  if (!Array.isArray(examples) || !examples.every((e) => isObject(e) && typeof e['resourceId'] === 'string' && typeof e['reason'] === 'string')) {
    throw bad('examples: expected a list of {resourceId, reason}');
  }
  const invocation = count('invocation');
  if (invocation < 2) throw bad(`invocation ${invocation}: a continuation starts the second invocation or a later one`);
  return {
    rule: rule.id,
    resourceType: rule.kind.type,
    phase,
    marker,
    sweepStart,
    invocation,
    evaluated: count('evaluated'),
    stale: count('stale'),
    failed: count('failed'),
    failedIds,
    examples: (examples as { resourceId: string; reason: string }[]).slice(0, MAX_EXAMPLES).map((e) => ({ resourceId: e.resourceId, reason: e.reason })),
  };
}

function errorName(failure: Pick<UnjudgedResource, 'cause'>): string {
  const cause = failure.cause instanceof RuleEvaluationError ? failure.cause.cause : failure.cause;
  return cause instanceof Error ? cause.name : 'Error';
}

/**
 * Watches the invocation's remaining time. A step (one page: its Describe call, the calls it needs, its
 * put) may start only while more remains than the margin, the reserve and the slowest step so far.
 */
function stepClock(context: SweepContext) {
  const remaining = context.remainingMs;
  const budget = context.budget ?? DEFAULT_BUDGET;
  const atStart = remaining?.() ?? Infinity;
  const keep = atStart * budget.marginShare + budget.reserveMs;
  let stepStart = atStart;
  let slowest = 0;
  return {
    start() {
      stepStart = remaining?.() ?? Infinity;
    },
    short(): boolean {
      if (!remaining) return false;
      const now = remaining();
      slowest = Math.max(slowest, stepStart - now);
      return now < keep + slowest;
    },
  };
}
