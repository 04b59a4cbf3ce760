import { DbauthError } from '../kit';
import type { Unknown} from './declared';
import { isUnknown } from './declared';

/** A template or plan that cannot be read as what it claims to be: `where` names the resource and property. */
export class InvalidDeclarationError extends DbauthError {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(`${where}: ${detail}`);
  }
}

export type DeclaredType = 'string' | 'boolean' | 'integer' | 'strings';

/** The value AWS (or the provider) uses when a property is left out, and where that is documented. */
export interface DocumentedDefault {
  readonly value: string | boolean | number | readonly string[];
  readonly source: string;
}

/** How one view field is read from a resource's declared properties. */
export interface DeclaredField {
  /** Property path, dotted for nested settings: "NeptuneSettings.IamAuthEnabled", "neptune_settings.0.iam_auth_enabled". */
  readonly path: string;
  readonly type: DeclaredType;
  readonly default?: DocumentedDefault;
  /**
   * The field only names the resource (or says that something is present): an unknown value still names
   * it, by the reference it makes. Rules use such fields in annotations and presence tests, never in comparisons.
   */
  readonly naming?: true;
}

/**
 * Coerces a resolved property value to a view field's type, as CloudFormation does (it accepts "true" and
 * "7" for Boolean and Integer properties). Absent stays undefined; an unknown stays unknown.
 */
export function coerce(value: unknown, type: DeclaredType, where: string): unknown {
  if (value === undefined || value === null || isUnknown(value)) return value ?? undefined;
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
      break;
    case 'strings':
      if (Array.isArray(value)) {
        if (value.some(isUnknown)) return value.find(isUnknown);
        if (value.every((v) => typeof v === 'string')) return value;
      }
      break;
  }
  throw new InvalidDeclarationError(where, `expected ${TYPE_WORDS[type]}, got ${JSON.stringify(value)}`);
}

const TYPE_WORDS: Record<DeclaredType, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  strings: 'a list of strings',
};

/** Reads a dotted path through nested objects and lists; an unknown anywhere on the way is the answer. */
export function readPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (current === undefined || current === null) return undefined;
    if (isUnknown(current)) return current;
    if (Array.isArray(current)) current = /^\d+$/.test(key) ? (current as unknown[])[Number(key)] : undefined;
    else if (typeof current === 'object') current = (current as Record<string, unknown>)[key];
    else return undefined;
  }
  return current;
}

/** Builds a view from a field table: the declared value, coerced; else the documented default; else absent. */
export function viewFrom(
  fields: Readonly<Record<string, DeclaredField>>,
  read: (field: DeclaredField, name: string) => unknown,
  where: string,
  nameOf: (unknown: Unknown) => string,
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const raw = read(field, name);
    let value = raw === undefined || raw === null ? field.default?.value : coerce(raw, field.type, `${where} ${field.path}`);
    if (field.naming && isUnknown(value)) value = nameOf(value);
    view[name] = value;
  }
  if (typeof view['engine'] === 'string') view['engine'] = view['engine'].toLowerCase();
  return view;
}
