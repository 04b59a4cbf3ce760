import type { ConfigServiceClient, Evaluation } from '@aws-sdk/client-config-service';
import { PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { PutEvaluationsError } from './errors';
import type { Judgement } from './judge';
import { persist, realSleep } from './pages';

/** Config takes at most 100 evaluations a call. */
export const PUT_BATCH = 100;
const FAILED_RETRIES = 3;

export function toEvaluation(judgement: Judgement, orderingTimestamp: string): Evaluation {
  return {
    ComplianceResourceType: judgement.resourceType,
    ComplianceResourceId: judgement.resourceId,
    ComplianceType: judgement.verdict.compliance,
    Annotation: judgement.verdict.annotation,
    OrderingTimestamp: new Date(orderingTimestamp),
  };
}

export interface PutOptions {
  readonly resultToken: string;
  readonly testMode: boolean;
  /** Waits between retries of failed evaluations; injectable so tests do not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const keyOf = (e: Evaluation) => `${e.ComplianceResourceType}|${e.ComplianceResourceId}`;

/** What one batch came to: the calls made and the evaluations Config still refused after the retries. */
export interface PutOutcome {
  readonly calls: number;
  readonly failed: readonly Evaluation[];
}

/**
 * Puts one batch (at most 100) and puts again, with backoff, what Config lists as FailedEvaluations.
 * When the failed entries name evaluations that were not sent (so the failed ones cannot be told), the
 * whole batch is put again: putting an evaluation twice is harmless, losing one is not. Returns what
 * still failed after the retries; throttled calls are retried by the SDK's own retry strategy.
 */
export async function putBatch(client: ConfigServiceClient, batch: readonly Evaluation[], options: PutOptions): Promise<PutOutcome> {
  const sleep = options.sleep ?? realSleep;
  let pending = [...batch];
  let calls = 0;
  for (let attempt = 0; ; attempt++) {
    calls++;
    const input = { Evaluations: pending, ResultToken: options.resultToken, TestMode: options.testMode };
    const { FailedEvaluations: failed = [] } = await persist(() => client.send(new PutEvaluationsCommand(input)), sleep);
    if (failed.length === 0) return { calls, failed: [] };
    const sent = new Set(pending.map(keyOf));
    // An entry that matches nothing sent leaves the refused evaluations unknown: all of them are put again.
    if (failed.every((e) => sent.has(keyOf(e)))) {
      const failedKeys = new Set(failed.map(keyOf));
      pending = pending.filter((e) => failedKeys.has(keyOf(e)));
    }
    if (attempt >= FAILED_RETRIES) return { calls, failed: pending };
    await sleep(200 * 2 ** attempt);
  }
}

/**
 * Puts evaluations in calls of at most 100 (see putBatch); if some are still refused, a PutEvaluationsError
 * names them. Returns the number of calls made.
 */
export async function putEvaluations(client: ConfigServiceClient, evaluations: readonly Evaluation[], options: PutOptions): Promise<number> {
  let calls = 0;
  for (let start = 0; start < evaluations.length; start += PUT_BATCH) {
    const outcome = await putBatch(client, evaluations.slice(start, start + PUT_BATCH), options);
    calls += outcome.calls;
    if (outcome.failed.length > 0) throw putError(outcome.failed);
  }
  return calls;
}

export function putError(failed: readonly Evaluation[]): PutEvaluationsError {
  return new PutEvaluationsError(
    failed.map((e) => ({ resourceId: e.ComplianceResourceId ?? '?', resourceType: e.ComplianceResourceType ?? '?' })),
    `still failing after ${FAILED_RETRIES} retries (first: ${failed[0]?.ComplianceResourceType} ${failed[0]?.ComplianceResourceId})`,
  );
}
