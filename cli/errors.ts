import { DbauthError } from '../rules/kit';

/** Bad input on the command line: exit 2 with this one-line message. */
export class UsageError extends DbauthError {}
