/**
 * `dbauth evaluate` runs the real rule handler without sending what it would write: Config's PutEvaluations
 * (and, with --history, GetResourceConfigHistory) are answered on this machine by a middleware that runs
 * before credentials are looked up, so a dry run needs no AWS account. Every other call goes to AWS.
 */
type Answer = (input: Record<string, unknown>) => unknown;

interface MiddlewareClient {
  middlewareStack: { add(middleware: unknown, options: { step: string; name: string; priority: string }): void };
}

type Args = { input: Record<string, unknown> };
type Result = { output: unknown; response: unknown };

/** Answers the named operations of `client` locally; the rest pass through to the service. */
export function answerLocally(client: unknown, answers: Readonly<Record<string, Answer>>): void {
  const middleware =
    (next: (args: Args) => Promise<Result>, context: { commandName?: string }) =>
    async (args: Args): Promise<Result> => {
      const answer = answers[(context.commandName ?? '').replace(/Command$/, '')];
      if (!answer) return next(args);
      const output = answer(args.input) ?? {};
      return { output: { $metadata: { httpStatusCode: 200 }, ...(output) }, response: {} };
    };
  (client as MiddlewareClient).middlewareStack.add(middleware, { step: 'initialize', name: 'dbauthDryRun', priority: 'high' });
}
