/**
 * Deployment settings, read once from CDK context (or the `dbauth pack` command line) and validated: a
 * bad value is an InvalidContextError that names the key, never a silent default. Pure: no CDK import,
 * so the CLI can use it too.
 */
import { CATALOG, findRule } from '../rules/catalog';
import { DbauthError } from '../rules/kit/errors';
import { splitList } from '../rules/kit/parameters';

export class InvalidContextError extends DbauthError {
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`invalid context ${key}: ${detail}`);
  }
}

export type Mode = 'account' | 'organization';
export type Frequency = 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
export const FREQUENCIES: readonly Frequency[] = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'];
export type CallAs = 'SELF' | 'DELEGATED_ADMIN';

/** The values CloudWatch Logs accepts as a retention in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** How each rule is triggered and configured: the same for account stacks and conformance packs. */
export interface RuleSettings {
  /** Rules that also run periodically (a fallback where the resource type is not recorded). */
  readonly periodic: ReadonlySet<string>;
  readonly frequency: Frequency;
  /** Rule parameter values by rule id, as text (Config passes text); validated by the rules' own parsers. */
  readonly parameters: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The exemption tag key for rules and runbooks; undefined keeps their default (dbauth:exempt). */
  readonly exemptionTagKey: string | undefined;
}

export interface RemediationSettings {
  /** Rules whose remediation runs automatically; the others wait for the console's Remediate button. */
  readonly automatic: ReadonlySet<string>;
  readonly maximumAttempts: number;
  readonly retrySeconds: number;
  readonly concurrentPercent: number;
  readonly errorPercent: number;
}

export interface OrganizationSettings {
  readonly excludedAccounts: readonly string[];
  /** Stack set deployment targets; undefined: a stack parameter asks for them at deploy time. */
  readonly organizationalUnits: readonly string[] | undefined;
  readonly callAs: CallAs;
}

export interface DeploySettings {
  readonly mode: Mode;
  /** undefined: the one region of an environment-agnostic stack. */
  readonly regions: readonly string[] | undefined;
  readonly rules: RuleSettings;
  readonly remediation: RemediationSettings;
  readonly logRetentionDays: (typeof LOG_RETENTION_DAYS)[number];
  readonly organization: OrganizationSettings;
}

/** The context keys, with what each takes (shown by errors and docs). */
export const CONTEXT_KEYS = {
  mode: 'account (default) or organization',
  regions: 'regions to deploy to, comma-separated (default: the region of the environment-agnostic stack)',
  periodic: 'rule ids that also run periodically, comma-separated, or all / none (default none)',
  periodicFrequency: `${FREQUENCIES.join(', ')} (default TwentyFour_Hours)`,
  parameters: 'rule parameters as JSON: {"<rule id>": {"<parameter>": "<value>"}}',
  exemptionTagKey: 'tag key that exempts a resource (default dbauth:exempt)',
  autoRemediate: 'true / all, false / none (default), or rule ids, comma-separated',
  remediationAttempts: 'automatic remediation attempts per resource, 1–25 (default 3)',
  remediationRetrySeconds: 'seconds in which those attempts are made, 1–2678000 (default 600)',
  remediationConcurrentPercent: 'percent of resources remediated at once, 1–100 (default 10)',
  remediationErrorPercent: 'percent of failed remediations that stops the run, 1–100 (default 10)',
  logRetentionDays: `Lambda log retention in days, one of ${LOG_RETENTION_DAYS.join(', ')} (default 365)`,
  excludedAccounts: 'organization mode: account ids left out of the pack and the stack sets, comma-separated',
  organizationalUnits: 'organization mode: OU or root ids the member stack sets deploy to, comma-separated',
  callAs: 'organization mode: DELEGATED_ADMIN (default) or SELF (deploying from the management account)',
} as const;

export type ContextKey = keyof typeof CONTEXT_KEYS;
export type ContextReader = (key: ContextKey) => unknown;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;
const OU_OR_ROOT = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
const TAG_KEY = /^[A-Za-z0-9 _.:/=+@-]{1,128}$/;

/** Reads and validates every setting. `read` returns the raw context value (string from -c, any JSON from cdk.json). */
export function readDeploySettings(read: ContextReader): DeploySettings {
  const mode = oneOf(read, 'mode', ['account', 'organization'] as const, 'account');
  const periodic = ruleSet(read, 'periodic', false);
  const automatic = ruleSet(read, 'autoRemediate', false);
  const notFixable = [...automatic].filter((id) => !findRule(id)?.fix.runbook);
  if (notFixable.length > 0 && !isAll(read('autoRemediate'))) {
    throw new InvalidContextError('autoRemediate', `${notFixable.join(', ')} ha${notFixable.length === 1 ? 's' : 've'} no runbook to run`);
  }
  return {
    mode,
    regions: regions(read),
    rules: {
      periodic,
      frequency: oneOf(read, 'periodicFrequency', FREQUENCIES, 'TwentyFour_Hours'),
      parameters: ruleParameters(read),
      exemptionTagKey: pattern(read, 'exemptionTagKey', TAG_KEY, 'a tag key'),
    },
    remediation: {
      automatic: new Set([...automatic].filter((id) => findRule(id)?.fix.runbook)),
      maximumAttempts: integer(read, 'remediationAttempts', 1, 25, 3),
      retrySeconds: integer(read, 'remediationRetrySeconds', 1, 2678000, 600),
      concurrentPercent: integer(read, 'remediationConcurrentPercent', 1, 100, 10),
      errorPercent: integer(read, 'remediationErrorPercent', 1, 100, 10),
    },
    logRetentionDays: oneOf(read, 'logRetentionDays', LOG_RETENTION_DAYS, 365, Number),
    organization: {
      excludedAccounts: list(read, 'excludedAccounts', ACCOUNT, 'a 12-digit account id') ?? [],
      organizationalUnits: list(read, 'organizationalUnits', OU_OR_ROOT, 'an OU id (ou-...) or root id (r-...)'),
      callAs: oneOf(read, 'callAs', ['DELEGATED_ADMIN', 'SELF'] as const, 'DELEGATED_ADMIN'),
    },
  };
}

/** A context value as text: -c gives strings, cdk.json any JSON. */
function text(read: ContextReader, key: ContextKey): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value).trim();
  throw new InvalidContextError(key, `expected ${CONTEXT_KEYS[key]}, got ${JSON.stringify(value)}`);
}

function oneOf<T extends string | number>(
  read: ContextReader,
  key: ContextKey,
  allowed: readonly T[],
  fallback: T,
  convert: (raw: string) => unknown = String,
): T {
  const raw = text(read, key);
  if (raw === undefined || raw === '') return fallback;
  const value = convert(raw);
  const found = allowed.find((entry) => entry === value);
  if (found === undefined) throw new InvalidContextError(key, `${JSON.stringify(raw)} is not one of ${allowed.join(', ')}`);
  return found;
}

function integer(read: ContextReader, key: ContextKey, min: number, max: number, fallback: number): number {
  const raw = text(read, key);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InvalidContextError(key, `${JSON.stringify(raw)} is not a whole number in ${min}–${max}`);
  }
  return Number(raw);
}

function pattern(read: ContextReader, key: ContextKey, shape: RegExp, what: string): string | undefined {
  const raw = text(read, key);
  if (raw === undefined || raw === '') return undefined;
  if (!shape.test(raw)) throw new InvalidContextError(key, `${JSON.stringify(raw)} is not ${what}`);
  return raw;
}

function list(read: ContextReader, key: ContextKey, shape: RegExp, what: string): string[] | undefined {
  const raw = text(read, key);
  if (raw === undefined || raw === '') return undefined;
  const entries = [...new Set(splitList(raw))];
  const bad = entries.filter((entry) => !shape.test(entry));
  if (bad.length > 0) throw new InvalidContextError(key, `${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${what}`);
  return entries;
}

function regions(read: ContextReader): string[] | undefined {
  const entries = list(read, 'regions', REGION, 'a region name (e.g. eu-west-1)');
  return entries && entries.length > 0 ? entries : undefined;
}

const isAll = (value: unknown): boolean => value === true || (typeof value === 'string' && ['all', 'true'].includes(value.trim().toLowerCase()));

/** `all`/`true`, `none`/`false`, or rule ids. */
function ruleSet(read: ContextReader, key: ContextKey, fallback: boolean): ReadonlySet<string> {
  const value = read(key);
  if (value === undefined || value === null || value === '') return new Set(fallback ? CATALOG.map((r) => r.id) : []);
  if (isAll(value)) return new Set(CATALOG.map((r) => r.id));
  const raw = text(read, key) ?? '';
  if (['none', 'false'].includes(raw.toLowerCase())) return new Set();
  const ids = splitList(raw);
  const unknown = ids.filter((id) => !findRule(id));
  if (unknown.length > 0) {
    throw new InvalidContextError(key, `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a rule id' : 'are not rule ids'} (see dbauth rules)`);
  }
  return new Set(ids);
}

/** `{"<rule id>": {"<parameter>": value}}`, each value checked by the rule's own parameter parser. */
function ruleParameters(read: ContextReader): Record<string, Record<string, string>> {
  let value = read('parameters');
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (error) {
      throw new InvalidContextError('parameters', `not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidContextError('parameters', `expected ${CONTEXT_KEYS.parameters}`);
  }
  const result: Record<string, Record<string, string>> = {};
  for (const [ruleId, given] of Object.entries(value as Record<string, unknown>)) {
    const rule = findRule(ruleId);
    if (!rule) throw new InvalidContextError('parameters', `${ruleId} is not a rule id (see dbauth rules)`);
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      throw new InvalidContextError('parameters', `${ruleId}: expected an object of parameter values`);
    }
    const values: Record<string, string> = {};
    for (const [name, raw] of Object.entries(given as Record<string, unknown>)) {
      const spec = rule.parameters[name];
      if (!spec) {
        const known = Object.keys(rule.parameters);
        throw new InvalidContextError('parameters', `${ruleId} has no parameter ${name} (${known.length > 0 ? `it takes ${known.join(', ')}` : 'it takes none'})`);
      }
      const textValue = Array.isArray(raw) ? raw.map(String).join(',') : typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
      if (textValue === undefined) throw new InvalidContextError('parameters', `${ruleId}.${name}: expected text, got ${JSON.stringify(raw)}`);
      try {
        spec.parse(textValue, name);
      } catch (error) {
        throw new InvalidContextError('parameters', `${ruleId}: ${(error as Error).message}`);
      }
      values[name] = textValue;
    }
    result[ruleId] = values;
  }
  return result;
}
