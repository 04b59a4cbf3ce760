import { InvalidParameterError } from './errors';

/**
 * A rule parameter: how Config passes it (text), what the rule gets (a typed value), and what the
 * conformance pack and docs show. A value that cannot be used is an InvalidParameterError, never a default.
 */
export interface ParameterSpec<T> {
  readonly description: string;
  /** The text form of the default, shown in docs and templates; undefined when the parameter is optional. */
  readonly defaultText: string | undefined;
  parse(raw: string | undefined, name: string): T;
}

export type ParameterSpecs = Record<string, ParameterSpec<unknown>>;
export type ParametersOf<S extends ParameterSpecs> = { readonly [K in keyof S]: S[K] extends ParameterSpec<infer T> ? T : never };

export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A comma-separated list. With `allowed`, every entry must be one of them (compared case-insensitively). */
export function listParameter(options: {
  description: string;
  default?: readonly string[];
  allowed?: readonly string[];
  lowerCase?: boolean;
}): ParameterSpec<readonly string[] | undefined> {
  return {
    description: options.description,
    defaultText: options.default?.join(','),
    parse(raw, name) {
      if (raw === undefined || raw.trim() === '') return options.default;
      const entries = splitList(raw).map((entry) => (options.lowerCase ? entry.toLowerCase() : entry));
      if (entries.length === 0) throw new InvalidParameterError(name, `${JSON.stringify(raw)} names no value`);
      if (options.allowed) {
        const allowed = options.allowed.map((a) => a.toLowerCase());
        const unknown = entries.filter((entry) => !allowed.includes(entry.toLowerCase()));
        if (unknown.length > 0) {
          throw new InvalidParameterError(name, `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not one of ${options.allowed.join(', ')}`);
        }
      }
      return entries;
    },
  };
}

/** A whole number within [min, max]. */
export function integerParameter(options: { description: string; default: number; min: number; max: number }): ParameterSpec<number> {
  return {
    description: `${options.description} (${options.min}–${options.max}, default ${options.default})`,
    defaultText: String(options.default),
    parse(raw, name) {
      if (raw === undefined || raw.trim() === '') return options.default;
      const text = raw.trim();
      if (!/^-?\d+$/.test(text)) throw new InvalidParameterError(name, `${JSON.stringify(raw)} is not a whole number`);
      const value = Number(text);
      if (value < options.min || value > options.max) {
        throw new InvalidParameterError(name, `${value} is outside ${options.min}–${options.max}`);
      }
      return value;
    },
  };
}

/** Parameters every rule takes, read by the runtime rather than by rules. */
export const RUNTIME_PARAMETERS = {
  ExemptionTagKey: {
    description: 'Tag key that exempts a resource; its value is the reason shown in the annotation (default dbauth:exempt).',
  },
} as const;

export const DEFAULT_EXEMPTION_TAG_KEY = 'dbauth:exempt';

export interface RuntimeParameters {
  readonly exemptionTagKey: string;
}

/** Splits the event's parameters into the runtime's own and the rule's, rejecting names neither knows. */
export function parseParameters<S extends ParameterSpecs>(
  specs: S,
  raw: Readonly<Record<string, string>>,
): { runtime: RuntimeParameters; rule: ParametersOf<S> } {
  const known = new Set([...Object.keys(specs), ...Object.keys(RUNTIME_PARAMETERS)]);
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) {
      throw new InvalidParameterError(name, `not a parameter of this rule (it takes ${[...known].join(', ')})`);
    }
  }
  const exemptionTagKey = raw['ExemptionTagKey']?.trim() || DEFAULT_EXEMPTION_TAG_KEY;
  const rule: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) rule[name] = spec.parse(raw[name], name);
  return { runtime: { exemptionTagKey }, rule: rule as ParametersOf<S> };
}
