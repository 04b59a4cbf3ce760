/**
 * Deployment settings, read once from CDK context (or the `dbauth pack` command line) and validated: a
 * bad value is an InvalidContextError that names the key, never a silent default. Pure: no CDK import,
 * so the CLI can use it too.
 */
import { proactiveSupport } from '../rules/adapters/proactive';
import { CATALOG, findRule } from '../rules/catalog';
import { DbauthError } from '../rules/kit/errors';
import { splitList } from '../rules/kit/parameters';
import { DEFAULT_RULE_PREFIX, MAX_RULE_PREFIX_LENGTH, RULE_PREFIX_PATTERN } from './names';

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
  /** Account mode: the rules that can judge a proposed resource also take Config's proactive evaluation mode. */
  readonly proactive: boolean;
}

export type RemediationMode = 'off' | 'manual' | 'auto';
export type PackScope = 'organization' | 'account';

export interface RemediationSettings {
  /** off: no remediation role, document or configuration anywhere; manual: the console's Remediate button. */
  readonly mode: RemediationMode;
  /** Rules whose remediation runs automatically; the others wait for the console's Remediate button. */
  readonly automatic: ReadonlySet<string>;
  readonly maximumAttempts: number;
  readonly retrySeconds: number;
  readonly concurrentPercent: number;
  readonly errorPercent: number;
  /** IAM role names (with `*`) that a runbook may pass back to DMS as an endpoint's service access role. */
  readonly dmsServiceRolePattern: string;
}

export interface OrganizationSettings {
  readonly excludedAccounts: readonly string[];
  /** Stack set deployment targets; undefined: a stack parameter asks for them at deploy time. */
  readonly organizationalUnits: readonly string[] | undefined;
  readonly callAs: CallAs;
  /** organization: one organization conformance pack; account: a conformance pack per member, by the stack set. */
  readonly packScope: PackScope;
  /** The organization whose accounts may read the Lambda code; undefined: a stack parameter asks for it. */
  readonly organizationId: string | undefined;
  /** How fast the stack set rolls a change out: percent of accounts at once, and failed ones that stop it. */
  readonly maxConcurrentPercent: number;
  readonly failureTolerancePercent: number;
}

export interface LambdaSettings {
  readonly logRetentionDays: (typeof LOG_RETENTION_DAYS)[number];
  /** Reserved concurrency of each rule Lambda. */
  readonly reservedConcurrency: number;
}

export interface DeploySettings {
  readonly mode: Mode;
  /** undefined: the one region of an environment-agnostic stack. */
  readonly regions: readonly string[] | undefined;
  /** The rules deployed (catalog order), after -c rules= and -c excludeRules=. */
  readonly ruleIds: readonly string[];
  /** Prefix of Config rule, Lambda, queue and alarm names. */
  readonly rulePrefix: string;
  readonly rules: RuleSettings;
  readonly remediation: RemediationSettings;
  readonly lambda: LambdaSettings;
  readonly organization: OrganizationSettings;
  /** Settings given that do nothing in this mode: said, not silently ignored. */
  readonly warnings: readonly string[];
}

const DEFAULT_DMS_ROLE_PATTERN = 'dms-*';

/** The context keys, with what each takes (shown by errors and docs). */
export const CONTEXT_KEYS = {
  mode: 'account (default) or organization',
  regions: 'regions to deploy to, comma-separated (default: the region of the environment-agnostic stack)',
  rules: 'rule ids to deploy, comma-separated (default: every rule)',
  excludeRules: 'rule ids not to deploy, comma-separated',
  rulePrefix: `prefix of Config rule, Lambda, queue and alarm names: a letter, then letters, digits or -, at most ${MAX_RULE_PREFIX_LENGTH} (default ${DEFAULT_RULE_PREFIX})`,
  periodic: 'rule ids that also run periodically, comma-separated, or all / none (default none)',
  periodicFrequency: `${FREQUENCIES.join(', ')} (default TwentyFour_Hours)`,
  parameters: 'rule parameters as JSON: {"<rule id>": {"<parameter>": "<value>"}}',
  exemptionTagKey: 'tag key that exempts a resource (default dbauth:exempt)',
  proactive: "account mode: true also gives the rules that can judge a proposed resource Config's proactive evaluation mode (default false)",
  remediation: 'off (no remediation role or document), manual (default: the console\'s Remediate button) or auto (every fixable rule)',
  autoRemediate: 'rule ids remediated automatically, comma-separated (or true / all: as remediation=auto)',
  remediationAttempts: 'automatic remediation attempts per resource, 1–25 (default 3)',
  remediationRetrySeconds: 'seconds in which those attempts are made, 1–2678000 (default 600)',
  remediationConcurrentPercent: 'percent of resources remediated at once, 1–100 (default 10)',
  remediationErrorPercent: 'percent of failed remediations that stops the run, 1–100 (default 10)',
  dmsServiceRolePattern: `names of the roles a DMS endpoint may have as service access role, which its runbook passes back (IAM name with *; default ${DEFAULT_DMS_ROLE_PATTERN})`,
  logRetentionDays: `Lambda log retention in days, one of ${LOG_RETENTION_DAYS.join(', ')} (default 365)`,
  reservedConcurrency: 'reserved concurrency of each rule Lambda, 1–100 (default 2)',
  excludedAccounts: 'organization mode: account ids left out of the pack and the stack set, comma-separated',
  organizationalUnits: 'organization mode: OU or root ids the member stack set deploys to, comma-separated',
  callAs: 'organization mode: DELEGATED_ADMIN (default) or SELF (deploying from the management account)',
  packScope: 'organization mode: organization (default: one organization conformance pack) or account (a conformance pack in each member, by the stack set)',
  organizationId: 'organization mode: the organization id (o-...) whose accounts may read the Lambda code',
  stackSetMaxConcurrentPercent: 'organization mode: percent of accounts a stack set change reaches at once, 1–100 (default 10)',
  stackSetFailureTolerancePercent: 'organization mode: percent of accounts that may fail before a stack set change stops, 0–100 (default 0)',
} as const;

export type ContextKey = keyof typeof CONTEXT_KEYS;
export type ContextReader = (key: ContextKey) => unknown;

/** Keys that do something only in organization mode. */
const ORGANIZATION_KEYS: readonly ContextKey[] = [
  'excludedAccounts',
  'organizationalUnits',
  'callAs',
  'packScope',
  'organizationId',
  'stackSetMaxConcurrentPercent',
  'stackSetFailureTolerancePercent',
];
/** Keys that do something only when remediations run automatically. */
const AUTOMATIC_KEYS: readonly ContextKey[] = ['remediationAttempts', 'remediationRetrySeconds', 'remediationConcurrentPercent', 'remediationErrorPercent'];

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;
const OU_OR_ROOT = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const TAG_KEY = /^[A-Za-z0-9 _.:/=+@-]{1,128}$/;
/** An IAM role name with `*` wildcards, with at least three characters that are not wildcards. */
const ROLE_NAME_PATTERN = /^(?=(?:[^*]*[^*]){3})[\w+=,.@*-]{1,64}$/;

/**
 * Context keys that belong to the CDK (feature flags, the CLI's own settings, lookups): everything with a
 * `:` or `/` in it or starting with `@`, and the few plain keys the CLI writes.
 */
const CDK_PLAIN_KEYS = new Set(['cli-telemetry', 'acknowledged-issue-numbers', 'notices']);
export const isCdkContextKey = (key: string): boolean => /[:/]/.test(key) || key.startsWith('@') || CDK_PLAIN_KEYS.has(key);

/** A context key that is neither ours nor the CDK's: almost always a typo. */
export function checkContextKeys(keys: Iterable<string>): void {
  const unknown = [...keys].filter((key) => !isCdkContextKey(key) && !(key in CONTEXT_KEYS)).sort();
  if (unknown.length > 0) {
    throw new InvalidContextError(
      unknown[0]!,
      `unknown setting${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}. Known settings: ${Object.keys(CONTEXT_KEYS).join(', ')}`,
    );
  }
}

const given = (read: ContextReader, key: ContextKey): boolean => {
  const value = read(key);
  return value !== undefined && value !== null && value !== '';
};

/** Reads and validates every setting. `read` returns the raw context value (string from -c, any JSON from cdk.json). */
export function readDeploySettings(read: ContextReader): DeploySettings {
  const mode = oneOf(read, 'mode', ['account', 'organization'] as const, 'account');
  const ruleIds = selectedRules(read);
  const periodic = ruleSet(read, 'periodic', false);
  const remediation = remediationSettings(read, ruleIds);
  const proactive = oneOf(read, 'proactive', ['true', 'false'] as const, 'false') === 'true';
  if (proactive && mode === 'organization') {
    // Config's API model: OrganizationCustomRuleMetadata (PutOrganizationConfigRule) has no EvaluationModes,
    // while ConfigRule (PutConfigRule) has; organization mode creates its rules through a conformance pack.
    throw new InvalidContextError(
      'proactive',
      "Config evaluates proposed resources only with an account's own rules, and organization mode creates the rules through a conformance pack: deploy in account mode (-c mode=account) for proactive evaluation",
    );
  }
  const warnings: string[] = [];
  if (proactive && !ruleIds.some((id) => proactiveSupport(findRule(id)!).supported)) {
    warnings.push('proactive=true does nothing here: none of the deployed rules can judge a proposed resource (dbauth rules says which can)');
  }
  if (mode === 'account') {
    const ignored = ORGANIZATION_KEYS.filter((key) => given(read, key));
    if (ignored.length > 0) warnings.push(`${ignored.join(', ')} ${ignored.length === 1 ? 'applies' : 'apply'} to organization mode only (-c mode=organization): ignored`);
  }
  if (remediation.automatic.size === 0) {
    const ignored = AUTOMATIC_KEYS.filter((key) => given(read, key));
    if (ignored.length > 0) warnings.push(`${ignored.join(', ')} ${ignored.length === 1 ? 'applies' : 'apply'} to automatic remediation only (-c remediation=auto or -c autoRemediate=): ignored`);
  }
  if (remediation.mode === 'off' && given(read, 'dmsServiceRolePattern')) warnings.push('dmsServiceRolePattern does nothing with remediation=off: ignored');
  if (given(read, 'autoRemediate') && !given(read, 'remediation')) {
    warnings.push('autoRemediate is read as remediation=manual with those rules automatic; -c remediation=auto makes every fixable rule automatic');
  }
  return {
    mode,
    regions: regions(read),
    ruleIds,
    rulePrefix: pattern(read, 'rulePrefix', RULE_PREFIX_PATTERN, `a prefix of at most ${MAX_RULE_PREFIX_LENGTH} letters, digits or -, starting with a letter`) ?? DEFAULT_RULE_PREFIX,
    rules: {
      periodic,
      frequency: oneOf(read, 'periodicFrequency', FREQUENCIES, 'TwentyFour_Hours'),
      parameters: ruleParameters(read),
      exemptionTagKey: pattern(read, 'exemptionTagKey', TAG_KEY, 'a tag key'),
      proactive,
    },
    remediation,
    lambda: {
      logRetentionDays: oneOf(read, 'logRetentionDays', LOG_RETENTION_DAYS, 365, Number),
      reservedConcurrency: integer(read, 'reservedConcurrency', 1, 100, 2),
    },
    organization: {
      excludedAccounts: list(read, 'excludedAccounts', ACCOUNT, 'a 12-digit account id') ?? [],
      organizationalUnits: list(read, 'organizationalUnits', OU_OR_ROOT, 'an OU id (ou-...) or root id (r-...)'),
      callAs: oneOf(read, 'callAs', ['DELEGATED_ADMIN', 'SELF'] as const, 'DELEGATED_ADMIN'),
      packScope: oneOf(read, 'packScope', ['organization', 'account'] as const, 'organization'),
      organizationId: pattern(read, 'organizationId', ORGANIZATION_ID, 'an organization id (o-...)'),
      maxConcurrentPercent: integer(read, 'stackSetMaxConcurrentPercent', 1, 100, 10),
      failureTolerancePercent: integer(read, 'stackSetFailureTolerancePercent', 0, 100, 0),
    },
    warnings,
  };
}

/** -c rules= (default all) minus -c excludeRules=, in catalog order; at least one rule. */
function selectedRules(read: ContextReader): string[] {
  const only = given(read, 'rules') ? ruleSet(read, 'rules', true) : new Set(CATALOG.map((rule) => rule.id));
  const excluded = ruleSet(read, 'excludeRules', false);
  const ids = CATALOG.map((rule) => rule.id).filter((id) => only.has(id) && !excluded.has(id));
  if (ids.length === 0) throw new InvalidContextError(given(read, 'excludeRules') ? 'excludeRules' : 'rules', 'no rule is left to deploy');
  return ids;
}

function remediationSettings(read: ContextReader, ruleIds: readonly string[]): RemediationSettings {
  const fixable = ruleIds.filter((id) => findRule(id)?.fix.runbook);
  const autoRemediate = read('autoRemediate');
  let mode = oneOf(read, 'remediation', ['off', 'manual', 'auto'] as const, isAll(autoRemediate) ? 'auto' : 'manual');
  let automatic = new Set<string>();
  if (mode === 'auto') automatic = new Set(fixable);
  else if (given(read, 'autoRemediate') && !isAll(autoRemediate)) {
    const listed = ruleSet(read, 'autoRemediate', false);
    if (mode === 'off' && listed.size > 0) throw new InvalidContextError('autoRemediate', 'remediation=off deploys no remediation: leave autoRemediate out');
    const notFixable = [...listed].filter((id) => !findRule(id)?.fix.runbook);
    if (notFixable.length > 0) {
      throw new InvalidContextError('autoRemediate', `${notFixable.join(', ')} ha${notFixable.length === 1 ? 's' : 've'} no runbook to run`);
    }
    const notDeployed = [...listed].filter((id) => !ruleIds.includes(id));
    if (notDeployed.length > 0) throw new InvalidContextError('autoRemediate', `${notDeployed.join(', ')} ${notDeployed.length === 1 ? 'is' : 'are'} not deployed (see rules / excludeRules)`);
    automatic = new Set(listed);
  } else if (mode === 'off' && isAll(autoRemediate)) {
    throw new InvalidContextError('autoRemediate', 'remediation=off deploys no remediation: leave autoRemediate out');
  }
  if (fixable.length === 0 && mode !== 'off') mode = 'off';
  return {
    mode,
    automatic,
    maximumAttempts: integer(read, 'remediationAttempts', 1, 25, 3),
    retrySeconds: integer(read, 'remediationRetrySeconds', 1, 2678000, 600),
    concurrentPercent: integer(read, 'remediationConcurrentPercent', 1, 100, 10),
    errorPercent: integer(read, 'remediationErrorPercent', 1, 100, 10),
    dmsServiceRolePattern: pattern(read, 'dmsServiceRolePattern', ROLE_NAME_PATTERN, 'an IAM role name pattern with at least three characters besides *') ?? DEFAULT_DMS_ROLE_PATTERN,
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
