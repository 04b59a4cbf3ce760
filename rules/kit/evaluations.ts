import type { ConfigServiceClient, Evaluation } from '@aws-sdk/client-config-service';
import { PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { PutEvaluationsError } from './errors';
import type { Judgement } from './judge';

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

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Puts evaluations in calls of at most 100. Evaluations that Config lists as FailedEvaluations are put
 * again (only those) with backoff; if some still fail, a PutEvaluationsError names them.
 * Throttled calls are retried by the SDK's adaptive retry. Returns the number of calls made.
 */
export async function putEvaluations(client: ConfigServiceClient, evaluations: readonly Evaluation[], options: PutOptions): Promise<number> {
  let calls = 0;
  const sleep = options.sleep ?? defaultSleep;
  for (let start = 0; start < evaluations.length; start += PUT_BATCH) {
    let pending = evaluations.slice(start, start + PUT_BATCH);
    for (let attempt = 0; ; attempt++) {
      calls++;
      const { FailedEvaluations: failed = [] } = await client.send(
        new PutEvaluationsCommand({ Evaluations: pending, ResultToken: options.resultToken, TestMode: options.testMode }),
      );
      if (failed.length === 0) break;
      if (attempt >= FAILED_RETRIES) {
        throw new PutEvaluationsError(
          failed.map((e) => ({ resourceId: e.ComplianceResourceId ?? '?', resourceType: e.ComplianceResourceType ?? '?' })),
          `still failing after ${FAILED_RETRIES} retries (first: ${failed[0]?.ComplianceResourceType} ${failed[0]?.ComplianceResourceId})`,
        );
      }
      const failedKeys = new Set(failed.map((e) => `${e.ComplianceResourceType}|${e.ComplianceResourceId}`));
      pending = pending.filter((e) => failedKeys.has(`${e.ComplianceResourceType}|${e.ComplianceResourceId}`));
      if (pending.length === 0) break;
      await sleep(200 * 2 ** attempt);
    }
  }
  return calls;
}
