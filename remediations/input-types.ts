/**
 * The run-time check SSM makes of an aws:executeAwsApi step's inputs ("the parameter validation occurs
 * during the automation execution when an action's input is verified before running the action"): each
 * input must be a member of the operation's input shape, of its type, and required members must be there.
 *
 * The shapes are AWS's: the Smithy schemas that the SDK v3 clients ship with every command (a structure
 * is `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount]`, a list `[1, …, member]`, a
 * map `[2, …, key, value]`, a simple type a number: 0 string, 1 number, 2 boolean, 4–7 timestamp, 15
 * document, 21 blob; 64|n a list of n, 128|n a map of n; a member may be `[schema, traits]` and any schema a
 * function returning it). SSM calls the API through boto3, whose validation this mirrors: no conversion.
 */

type Schema = unknown;

const STRUCTURE = 3;
const LIST = 1;
const MAP = 2;

function resolve(schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 8; i += 1) {
    if (typeof current === 'function') current = (current as () => Schema)();
    else if (Array.isArray(current) && current.length === 2 && (typeof current[0] === 'function' || typeof current[0] === 'number' || Array.isArray(current[0]))) current = current[0];
    else return current;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function check(value: unknown, schema: Schema, path: string, problems: string[]): void {
  const s = resolve(schema);
  if (typeof s === 'number') {
    if (s & 64) {
      if (!Array.isArray(value)) problems.push(`${path}: expected a list, got ${describe(value)}`);
      else value.forEach((item, i) => check(item, s & ~64, `${path}[${i}]`, problems));
      return;
    }
    if (s & 128) {
      if (!isRecord(value)) problems.push(`${path}: expected a map, got ${describe(value)}`);
      else for (const [k, v] of Object.entries(value)) check(v, s & ~128, `${path}.${k}`, problems);
      return;
    }
    const expected = s === 0 ? 'string' : s === 1 ? 'number' : s === 2 ? 'boolean' : undefined;
    if (expected === 'number' && !(typeof value === 'number')) problems.push(`${path}: expected an Integer, got ${describe(value)}`);
    if (expected === 'boolean' && typeof value !== 'boolean') problems.push(`${path}: expected a Boolean, got ${describe(value)}`);
    if (expected === 'string' && typeof value !== 'string') problems.push(`${path}: expected a String, got ${describe(value)}`);
    if (s >= 4 && s <= 7 && typeof value !== 'string' && !(value instanceof Date)) problems.push(`${path}: expected a timestamp, got ${describe(value)}`);
    return;
  }
  if (!Array.isArray(s)) return;
  const kind = s[0] as unknown;
  if (kind === STRUCTURE) {
    if (!isRecord(value)) {
      problems.push(`${path}: expected a structure, got ${describe(value)}`);
      return;
    }
    const names = (s[4] ?? []) as string[];
    const members = (s[5] ?? []) as Schema[];
    const required = typeof s[6] === 'number' ? s[6] : 0;
    for (const key of Object.keys(value)) {
      const index = names.indexOf(key);
      if (index < 0) problems.push(`${path ? `${path}.` : ''}${key}: not a member of ${String(s[2])}`);
      else check(value[key], members[index], path ? `${path}.${key}` : key, problems);
    }
    for (const name of names.slice(0, required)) if (!(name in value)) problems.push(`${path ? `${path}.` : ''}${name}: required by ${String(s[2])}`);
  } else if (kind === LIST) {
    if (!Array.isArray(value)) problems.push(`${path}: expected a list, got ${describe(value)}`);
    else value.forEach((item, i) => check(item, s[4], `${path}[${i}]`, problems));
  } else if (kind === MAP) {
    if (!isRecord(value)) problems.push(`${path}: expected a map, got ${describe(value)}`);
    else for (const [k, v] of Object.entries(value)) check(v, s[5], `${path}.${k}`, problems);
  }
}

/** What is wrong with `input` for the operation of `command` (an SDK v3 command instance); empty when nothing. */
export function inputProblems(command: unknown, input: Record<string, unknown>): string[] {
  const operation = (command as { schema?: unknown }).schema;
  if (!Array.isArray(operation) || operation[0] !== 9) return [];
  const problems: string[] = [];
  check(input, operation[4], '', problems);
  return problems;
}
