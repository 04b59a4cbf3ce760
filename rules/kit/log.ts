import type { Judgement } from './judge';

/** Structured JSON logs: one line per record, easy to query in CloudWatch Logs Insights. */
export interface LogSink {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

export const jsonLogger: LogSink = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'INFO', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'ERROR', message, ...fields })),
};

export const silentLogger: LogSink = { info: () => undefined, error: () => undefined };

/**
 * The fields every line of one invocation carries: `rule`, `account` and `region` (a line's own
 * `resource` is added where there is one), so that a query over every member's logs can filter on them.
 */
export interface LogContext {
  readonly rule: string;
  readonly account?: string;
  readonly region?: string;
}

export function withContext(log: LogSink, context: LogContext): LogSink {
  return {
    info: (message, fields) => log.info(message, { ...context, ...fields }),
    error: (message, fields) => log.error(message, { ...context, ...fields }),
  };
}

/** The one log line of each evaluation: which resource, what verdict (rule, account and region come from the context). */
export function logEvaluation(log: LogSink, judgement: Judgement): void {
  log.info('evaluation', {
    resource: judgement.resourceId,
    resourceType: judgement.resourceType,
    compliance: judgement.verdict.compliance,
    annotation: judgement.verdict.annotation,
  });
}
