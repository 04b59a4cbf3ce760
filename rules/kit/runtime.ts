/** The AWS-facing half of the runtime: the Lambda handler, clients, PutEvaluations, collectors and the periodic sweep. */
export * from './clients';
export * from './collect';
export * from './evaluations';
export * from './handler';
export * from './log';
export * from './pages';
export * from './sweep';
