import type { Verdict } from './kit';
import { MAX_ANNOTATION, compliant, named, nonCompliant } from './kit';

/**
 * Annotations that a user can paste. An annotation is a problem that names the resource, then a fix: an AWS
 * CLI command with the resource's real identifiers, then anything that must follow it. (The remediation, where
 * there is one, is the console's Remediate action and the report's fix column.)
 * Config keeps 256 characters, so when the whole text is longer, the name in the problem is shortened
 * first (the console shows the resource next to the annotation); the fix is never cut. Only when the
 * identifier alone is too long for any command that fits (cluster snapshot and DMS endpoint identifiers run
 * to 255 characters), or is not recorded, does the command name it by a shell variable, which the
 * annotation says is this resource's identifier.
 */
export interface Hint {
  /** The problem, naming the resource by `name` (shortened, or undefined when not recorded). */
  readonly problem: (name: string | undefined) => string;
  /** The resource's name as users know it; undefined when not recorded. */
  readonly name: string | undefined;
  /** The fix, given the identifier to put in the command. */
  readonly fix: (id: string) => string;
  /** The identifier the command needs, when it is not the name (a DMS endpoint's ARN). */
  readonly id?: string | undefined;
  /** The command takes only `id` (an ARN), never the name: without `id` it names a variable. */
  readonly needsId?: boolean;
  /** What stands in a command for an identifier that is not recorded or too long: `CLUSTER`. */
  readonly variable: string;
  /** Text after the fix, kept whole too. */
  readonly after?: string;
}

/** The shortest a shortened name gets before the command falls back to a variable. */
const MIN_NAME = 12;

/** `graph-analytics-prod…ntal-eu1`: the start and end of a name, which tell most names apart. */
export function shortenName(name: string, length: number): string {
  if (name.length <= length) return name;
  if (length <= 1) return '…';
  const tail = Math.min(8, Math.floor((length - 1) / 3));
  return `${name.slice(0, length - 1 - tail)}…${name.slice(name.length - tail)}`;
}

/**
 * The annotation of a hint, within Config's 256 characters, with its fix whole. Tried in order: as written;
 * with the name shortened; without the name (the command names the resource); then with the command naming
 * it by a variable, and the name shortened or left out.
 */
export function hint({ problem, name, fix, id, needsId = false, variable, after = '' }: Hint): string {
  const target = needsId ? id : (id ?? name);
  const fitting = (command: string, extra: string): string | undefined => {
    const text = (n: string | undefined) => `${problem(n)}: ${command}${after}${extra}`;
    const full = text(name);
    if (full.length <= MAX_ANNOTATION) return full;
    if (name !== undefined) {
      const room = MAX_ANNOTATION - (full.length - name.length);
      if (room >= MIN_NAME) return text(shortenName(name, room));
    }
    const nameless = text(undefined);
    return nameless.length <= MAX_ANNOTATION ? nameless : undefined;
  };
  const real = target === undefined ? undefined : fitting(fix(target), '');
  if (real !== undefined) return real;
  const define = ` (${variable}: its ${id !== undefined || needsId ? 'ARN' : 'identifier'})`;
  const command = fix(`"$${variable}"`);
  return fitting(command, define) ?? `${problem(undefined)}: ${command}${after}${define}`;
}

/** A setting that must be recorded as true; the NON_COMPLIANT annotation is a hint for `resource`. */
export function requireSetting(
  value: boolean | undefined,
  setting: string,
  noun: string,
  rest: Omit<Hint, 'problem'>,
): Verdict {
  if (value === true) return compliant(`${setting} is enabled`);
  const state = value === false ? 'disabled' : 'not recorded as enabled';
  return nonCompliant(hint({ ...rest, problem: (name) => `${setting} is ${state}${name === undefined ? '' : ` on ${named(noun, name)}`}` }));
}

/** A DB instance identifier for a new instance of a cluster: at most 63 characters, no trailing hyphen. */
export function newInstanceIdentifier(clusterIdentifier: string, suffix: string): string {
  return `${clusterIdentifier.slice(0, 63 - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}
