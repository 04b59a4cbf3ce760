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
    add: (middleware: unknown, options: { step: 'deserialize'; name: string; priority: 'high' | 'low' }) => void;
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
 * Routes every command of `client` to `handlers[OperationName]`. Returns the log of calls made, which
 * tests and benchmarks read to count API calls (retries count as separate calls, as AWS bills them).
 */
export function serveFromMemory(client: unknown, handlers: OperationHandlers, service = 'service'): SimulatedCall[] {
  const calls: SimulatedCall[] = [];
  const middleware =
    (_next: unknown, context: { commandName?: string }) =>
    async (args: { input: Record<string, unknown> }): Promise<{ output: unknown; response: unknown }> => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      calls.push({ operation, input: args.input });
      const handler = handlers[operation];
      if (!handler) {
        throw new SimulatedServiceError('InvalidAction', `the simulated ${service} does not implement ${operation}`);
      }
      const output = (await handler(args.input)) ?? {};
      return { output: { $metadata: { httpStatusCode: 200, requestId: 'simulated' }, ...output }, response: {} };
    };
  (client as MiddlewareClient).middlewareStack.add(middleware, {
    step: 'deserialize',
    name: 'dbauthSimulatedTransport',
    priority: 'high',
  });
  return calls;
}

/** Static credentials for simulated clients, so that no credential provider looks for a real account. */
export const simulatedCredentials = { accessKeyId: 'ASIASIMULATED', secretAccessKey: 'simulated', sessionToken: 'simulated' };
