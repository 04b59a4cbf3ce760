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
