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

/** The one log line of each evaluation: which rule, which resource, what verdict. */
export function logEvaluation(log: LogSink, rule: string, judgement: Judgement): void {
  log.info('evaluation', {
    rule,
    resourceType: judgement.resourceType,
    resourceId: judgement.resourceId,
    compliance: judgement.verdict.compliance,
    annotation: judgement.verdict.annotation,
  });
}
