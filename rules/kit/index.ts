/**
 * The pure half of the runtime: verdicts, views, parameters, scopes and judging. Rules import only this;
 * nothing here touches the AWS SDK. The AWS-facing half (handler, clients, sweep) is `./runtime`.
 */
export * from './checks';
export * from './engines';
export * from './errors';
export * from './event';
export * from './item';
export * from './judge';
export * from './parameters';
export * from './proposal';
export * from './resources';
export * from './rule';
export * from './scope';
export * from './verdict';
export * from './views';
