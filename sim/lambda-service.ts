import type { OperationHandlers } from './transport';
import { SimulatedServiceError } from './transport';

/** What the runtime's handler takes: the event and Lambda's context. */
export type SimulatedHandler = (
  event: unknown,
  context: { invokedFunctionArn: string; getRemainingTimeInMillis(): number },
) => Promise<unknown>;

export interface InvocationRecord {
  /** Simulated time the invocation took. */
  readonly durationMs: number;
  readonly result?: unknown;
  readonly error?: unknown;
}

/**
 * One Lambda function as its own code sees it: asynchronous invocations of it (InvocationType Event)
 * are queued, and `run` serves the queue one invocation at a time, each with the function's timeout
 * measured on the given clock (context.getRemainingTimeInMillis). Lambda's own retries are not simulated.
 */
export class SimulatedFunction {
  private readonly queue: unknown[] = [];
  readonly invocations: InvocationRecord[] = [];

  constructor(
    readonly functionArn: string,
    private readonly clock: { now(): number },
    readonly timeoutMs: number,
  ) {}

  handlers(): OperationHandlers {
    return {
      Invoke: (input) => {
        if (input['FunctionName'] !== this.functionArn) {
          throw new SimulatedServiceError('ResourceNotFoundException', `Function not found: ${String(input['FunctionName'])}`, 404);
        }
        if (input['InvocationType'] !== 'Event') throw new SimulatedServiceError('InvalidParameterValueException', 'only asynchronous invocations are simulated');
        const payload = input['Payload'];
        const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload as Uint8Array);
        this.queue.push(JSON.parse(text) as unknown);
        return { StatusCode: 202 };
      },
    };
  }

  /** Invokes the function with `event`, then with every event it queued for itself, until none is left. */
  async run(handler: SimulatedHandler, event: unknown): Promise<InvocationRecord[]> {
    this.queue.push(event);
    while (this.queue.length > 0) {
      const next = this.queue.shift();
      const start = this.clock.now();
      const deadline = start + this.timeoutMs;
      const context = { invokedFunctionArn: this.functionArn, getRemainingTimeInMillis: () => deadline - this.clock.now() };
      try {
        const result = await handler(next, context);
        this.invocations.push({ durationMs: this.clock.now() - start, result });
      } catch (error) {
        this.invocations.push({ durationMs: this.clock.now() - start, error });
      }
    }
    return this.invocations;
  }
}
