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
 * Routes every command of `client` to `handlers[OperationName]`. With `step: 'initialize'` the handler answers
 * before credentials are resolved or anything is signed: a dry run that needs no credentials (and bypasses
 * retries). Returns the log of calls made, which
 * tests and benchmarks read to count API calls (retries count as separate calls, as AWS bills them).
 */
export function serveFromMemory(
  client: unknown,
  handlers: OperationHandlers,
  service = 'service',
  options: { step?: 'initialize' | 'deserialize' } = {},
): SimulatedCall[] {
  const calls: SimulatedCall[] = [];
  type Args = { input: Record<string, unknown> };
  type Result = { output: unknown; response: unknown };
  const middleware =
    (_next: (args: Args) => Promise<Result>, context: { commandName?: string }) =>
    async (args: Args): Promise<Result> => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const handler = handlers[operation];
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

/**
 * Simulated time for runs that must not sleep: `sleep` registers a timer, and once everything runnable
 * has run (a macrotask later) the clock jumps to the earliest timer and wakes it. Calls in flight at
 * once therefore overlap in simulated time, as they would over a network. With `countCpu`, the real time
 * spent computing between two wake-ups is added too, so the simulation never looks faster than the code.
 */
export class VirtualClock {
  private current = 0;
  private readonly timers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;
  private pumping = false;
  private lastReal = performance.now();

  constructor(private readonly countCpu = false) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise<void>((wake) => {
      this.timers.push({ at: this.current + Math.max(0, ms), seq: this.seq++, wake });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.pumping = false;
    if (this.countCpu) {
      const real = performance.now();
      this.current += real - this.lastReal;
      this.lastReal = real;
    }
    if (this.timers.length === 0) return;
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const timer = this.timers.shift() as (typeof this.timers)[number];
    this.current = Math.max(this.current, timer.at);
    timer.wake();
    if (this.countCpu) this.lastReal = performance.now();
    if (this.timers.length > 0) this.schedule();
  }
}

export interface NetworkConditions {
  readonly clock: VirtualClock;
  /** Simulated time each attempt takes. */
  readonly latencyMs: number;
  /** Every n-th call (first attempts, counted across every client sharing these conditions) is throttled once; 0: none. */
  readonly throttleEvery: number;
  /** An error for the calls that always fail (a resource whose call keeps failing). */
  readonly fail?: (operation: string, input: Record<string, unknown>) => Error | undefined;
  /** Called on every attempt, throttled ones included (counters, memory sampling). */
  readonly onAttempt?: (operation: string) => void;
}

/** Counts attempts for `throttleEvery` across clients. */
export class Network {
  attempts = 0;
  /** First attempts: the calls a caller made. */
  calls = 0;
  throttled = 0;
  constructor(readonly conditions: NetworkConditions) {}

  /**
   * Installs the conditions on a client, per attempt (below the SDK's retry middleware, above the in-memory
   * service): each attempt takes `latencyMs` of simulated time and may be throttled or fail.
   */
  install(client: unknown): void {
    type Args = { input: Record<string, unknown> };
    const middleware =
      (next: (args: Args) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: Args): Promise<unknown> => {
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        this.attempts++;
        this.conditions.onAttempt?.(operation);
        await this.conditions.clock.sleep(this.conditions.latencyMs);
        // The SDK numbers each attempt in the amz-sdk-request header: only first attempts count toward the throttling.
        const header = (args as { request?: { headers?: Record<string, string> } }).request?.headers?.['amz-sdk-request'] ?? 'attempt=1';
        const first = header.startsWith('attempt=1;') || header === 'attempt=1';
        if (first) this.calls++;
        if (first && this.conditions.throttleEvery > 0 && this.calls % this.conditions.throttleEvery === 0) {
          this.throttled++;
          throw new SimulatedServiceError('ThrottlingException', 'Rate exceeded', 400);
        }
        const failure = this.conditions.fail?.(operation, args.input);
        if (failure) throw failure;
        return next(args);
      };
    (client as { middlewareStack: { add: (m: unknown, o: object) => void } }).middlewareStack.add(middleware, {
      step: 'finalizeRequest',
      name: 'dbauthSimulatedNetwork',
      priority: 'low',
    });
  }
}

interface Token {
  getRetryCount(): number;
  getRetryDelay(): number;
  getRetryCost(): number | undefined;
}

/**
 * The SDK's standard retry strategy (v2: exponential backoff with full jitter, 50 ms base, 1 s for
 * throttling, 20 s cap; a retry quota of 500 that a retry costs 14, or 5 when throttled, and a success
 * refunds) waiting on a simulated clock instead of the real one. Its jitter comes from a seeded generator,
 * so a run is repeatable. The adaptive mode's client-side rate limiter is not simulated.
 */
export class VirtualRetryStrategy {
  readonly mode = 'standard';
  private capacity = 500;
  private seed: number;

  constructor(
    private readonly clock: VirtualClock,
    private readonly maxAttempts = 6,
    seed = 42,
  ) {
    this.seed = seed;
  }

  acquireInitialRetryToken(): Promise<Token> {
    return Promise.resolve(token(0, undefined));
  }

  async refreshRetryTokenForRetry(previous: Token, info: { errorType: string }): Promise<Token> {
    const throttled = info.errorType === 'THROTTLING';
    const retryable = throttled || info.errorType === 'TRANSIENT';
    const cost = throttled ? 5 : 14;
    if (!retryable || previous.getRetryCount() + 1 >= this.maxAttempts || this.capacity < cost) throw new Error('No retry token available');
    this.capacity -= cost;
    const base = throttled ? 1_000 : 50;
    await this.clock.sleep(Math.floor(this.random() * Math.min(base * 2 ** previous.getRetryCount(), 20_000)));
    return token(previous.getRetryCount() + 1, cost);
  }

  recordSuccess(previous: Token): void {
    this.capacity = Math.min(500, this.capacity + (previous.getRetryCost() ?? 1));
  }

  private random(): number {
    // mulberry32
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

const token = (count: number, cost: number | undefined): Token => ({ getRetryCount: () => count, getRetryDelay: () => 0, getRetryCost: () => cost });
