import { readFileSync } from 'node:fs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { Evaluation } from '@aws-sdk/client-config-service';
import { CATALOG, findRule } from '../rules/catalog';
import { parseRuleEvent } from '../rules/kit';
import { ClientFactory, makeRuleHandler, silentLogger } from '../rules/kit/runtime';
import type { LogSink } from '../rules/kit/runtime';
import { answerLocally } from './dry-run';
import { FileError, UsageError, explainAwsError, recordCalls } from './errors';
import { describeFileError, toRow } from './output';
import type { Row } from './output';

export interface EvaluateOptions {
  readonly rule: string;
  readonly event: string;
  /** A GetResourceConfigHistory result (JSON) that answers an oversized notification without AWS. */
  readonly history?: string;
  readonly log?: LogSink;
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FileError(`cannot read the ${what} file ${path}: ${describeFileError(error)}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${what} ${path} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Runs a rule's Lambda handler on one event file and returns the evaluations it would put. PutEvaluations
 * is captured, never sent; a change notification makes no AWS call at all.
 */
export async function evaluateEventFile(options: EvaluateOptions): Promise<Evaluation[]> {
  return (await evaluateEvent(options)).evaluations;
}

export interface EventEvaluations {
  readonly evaluations: Evaluation[];
  /** The event's account and the rule's (or item's) region. */
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  /** The item's id and name, when the event carries one. */
  readonly item?: { readonly resourceId: string; readonly resourceName: string | undefined };
}

/** The evaluations as report rows, for the formats other than the Evaluations JSON. */
export function evaluationRows(ruleId: string, result: EventEvaluations): Row[] {
  return result.evaluations.map((evaluation) =>
    toRow(
      {
        rule: ruleId,
        resourceType: evaluation.ComplianceResourceType ?? '',
        resourceId: evaluation.ComplianceResourceId ?? '',
        resourceName: result.item && evaluation.ComplianceResourceId === result.item.resourceId ? result.item.resourceName : undefined,
        compliance: (evaluation.ComplianceType ?? 'NOT_APPLICABLE') as Row['compliance'],
        annotation: evaluation.Annotation ?? '',
      },
      { accountId: result.accountId, region: result.region },
    ),
  );
}

function whereOfEvent(event: unknown): Omit<EventEvaluations, 'evaluations'> {
  try {
    const parsed = parseRuleEvent(event);
    const invocation = parsed.invocation;
    const region = invocation.kind === 'change' ? invocation.item.region : invocation.kind === 'oversized' ? invocation.summary.region : parsed.region;
    const item = invocation.kind === 'change' ? invocation.item : invocation.kind === 'oversized' ? invocation.summary : undefined;
    return { accountId: parsed.accountId, region, ...(item ? { item: { resourceId: item.resourceId, resourceName: item.resourceName } } : {}) };
  } catch {
    return { accountId: undefined, region: undefined };
  }
}

/** As `evaluateEventFile`, with where the event came from. */
export async function evaluateEvent(options: EvaluateOptions): Promise<EventEvaluations> {
  const rule = findRule(options.rule);
  if (!rule) throw new UsageError(`unknown rule ${JSON.stringify(options.rule)}; the rules are: ${CATALOG.map((r) => r.id).join(', ')}`);
  const event = readJsonFile(options.event, 'event');
  const history = options.history === undefined ? undefined : readJsonFile(options.history, 'history');
  const put: Evaluation[] = [];
  const factory = new ClientFactory({
    configure: (client) => {
      recordCalls(client);
      if (!(client instanceof ConfigServiceClient)) return;
      answerLocally(client, {
        PutEvaluations: (input) => {
          put.push(...((input['Evaluations'] as Evaluation[] | undefined) ?? []));
          return { FailedEvaluations: [] };
        },
        ...(history === undefined ? {} : { GetResourceConfigHistory: () => history }),
      });
    },
  });
  try {
    await makeRuleHandler(rule, { factory, log: options.log ?? silentLogger, sleep: () => Promise.resolve() })(event);
  } catch (error) {
    // Only oversized and scheduled notifications read AWS (a change notification is judged offline).
    throw explainAwsError(
      error,
      'while the handler read AWS for this event',
      `the reads of rule ${rule.id} (oversized notifications: config:GetResourceConfigHistory, or answer them with --history FILE; scheduled ones: the Describe calls of dbauth scan)`,
    );
  }
  return { evaluations: put, ...whereOfEvent(event) };
}

/** Evaluations as JSON: the SDK's shape with times as ISO strings. */
export function evaluationsJson(evaluations: readonly Evaluation[]): string {
  return JSON.stringify(
    evaluations.map((e) => ({ ...e, OrderingTimestamp: e.OrderingTimestamp?.toISOString() })),
    null,
    2,
  );
}
