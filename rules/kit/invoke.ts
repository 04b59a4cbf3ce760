/** The Lambda calls of a sweep that hands its rest to its own function's next invocation. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

export function makeLambdaClient(config: Record<string, unknown>): LambdaClient {
  return new LambdaClient(config);
}

/** Invokes `functionArn` asynchronously (InvocationType Event) with `payload` as its event. */
export async function invokeAsync(client: LambdaClient, functionArn: string, payload: string): Promise<void> {
  await client.send(new InvokeCommand({ FunctionName: functionArn, InvocationType: 'Event', Payload: new TextEncoder().encode(payload) }));
}
