/**
 * Serves an AWS SDK v3 client's operations from memory, inside the client's own middleware stack.
 *
 * The handler is installed at the `deserialize` step, below the retry middleware: input validation,
 * endpoint resolution, serialization and the SDK's (adaptive) retry strategy all run as they would
 * against AWS, and an error the handler throws (for example a `ThrottlingException`) is classified and
 * retried by the real SDK code. Nothing leaves the process.
 */
export type OperationHandler = (input: Record<string, unknown>) => unknown;
export type OperationHandlers = Record<string, OperationHandler>;

export interface SimulatedCall {
  operation: string;
  input: Record<string, unknown>;
}

interface MiddlewareClient {
  middlewareStack: {
    add: (middleware: unknown, options: { step: 'initialize' | 'deserialize'; name: string; priority: 'high' | 'low' }) => void;
  };
}

/** An error shaped like the SDK's service exceptions, so that retry classification treats it as AWS's own. */
export class SimulatedServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId: string; attempts?: number };
  readonly Code: string;
  constructor(name: string, message: string, httpStatusCode = 400) {
    super(message);
    this.name = name;
    this.Code = name;
    this.$fault = httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode, requestId: 'simulated' };
  }
}

/**
 * Routes every command of `client` to `handlers[OperationName]` (or, with `passThrough`, only those that have
 * a handler). With `step: 'initialize'` the handler answers before credentials are resolved or anything is
 * signed: a dry run that needs no credentials (and bypasses retries). Returns the log of calls made, which
 * tests and benchmarks read to count API calls (retries count as separate calls, as AWS bills them).
 */
export function serveFromMemory(
  client: unknown,
  handlers: OperationHandlers,
  service = 'service',
  options: { passThrough?: boolean; step?: 'initialize' | 'deserialize' } = {},
): SimulatedCall[] {
  const calls: SimulatedCall[] = [];
  type Args = { input: Record<string, unknown> };
  type Result = { output: unknown; response: unknown };
  const middleware =
    (next: (args: Args) => Promise<Result>, context: { commandName?: string }) =>
    async (args: Args): Promise<Result> => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const handler = handlers[operation];
      // With passThrough, operations without a handler go on to the real service.
      if (!handler && options.passThrough) return next(args);
      calls.push({ operation, input: args.input });
      if (!handler) {
        throw new SimulatedServiceError('InvalidAction', `the simulated ${service} does not implement ${operation}`);
      }
      const output = (await handler(args.input)) ?? {};
      return { output: { $metadata: { httpStatusCode: 200, requestId: 'simulated' }, ...(output) }, response: {} };
    };
  (client as MiddlewareClient).middlewareStack.add(middleware, {
    step: options.step ?? 'deserialize',
    name: 'dbauthSimulatedTransport',
    priority: 'high',
  });
  return calls;
}

/** Static credentials for simulated clients, so that no credential provider looks for a real account. */
export const simulatedCredentials = { accessKeyId: 'ASIASIMULATED', secretAccessKey: 'simulated', sessionToken: 'simulated' };

/**
 * One page of `items` as AWS's NextToken APIs serve it: at most `Limit` items (100 when absent or larger),
 * from the position an opaque token names.
 */
export function tokenPage<T>(items: readonly T[], input: Record<string, unknown>): { items: T[]; next: string | undefined } {
  const limit = Math.min(Number(input['Limit'] ?? 100) || 100, 100);
  const token = typeof input['NextToken'] === 'string' ? input['NextToken'] : undefined;
  const start = token ? Number.parseInt(token.replace('page-', ''), 10) : 0;
  const end = start + limit;
  return { items: items.slice(start, end), next: end < items.length ? `page-${end}` : undefined };
}
