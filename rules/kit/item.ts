import { MalformedEventError } from './errors';
import { isObject, typeName } from './fields';

export type ItemStatus = 'OK' | 'ResourceDiscovered' | 'ResourceNotRecorded' | 'ResourceDeleted' | 'ResourceDeletedNotRecorded';
const ITEM_STATUSES: readonly ItemStatus[] = ['OK', 'ResourceDiscovered', 'ResourceNotRecorded', 'ResourceDeleted', 'ResourceDeletedNotRecorded'];

/**
 * One configuration item, whichever way it arrived. The invoking event carries `configuration` as an
 * object with keys `awsAccountId` and `ARN`; GetResourceConfigHistory carries it as a JSON string with keys
 * `accountId` and `arn`. Both decode to this shape.
 */
export interface ConfigurationItem {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName: string | undefined;
  readonly arn: string | undefined;
  readonly status: ItemStatus;
  /** ISO 8601. */
  readonly captureTime: string;
  /** null for deleted and not-recorded resources. */
  readonly configuration: Record<string, unknown> | null;
  readonly supplementaryConfiguration: Record<string, unknown>;
  readonly tags: Readonly<Record<string, string>>;
}

/** Evaluated items are those Config still records; every other status is NOT_APPLICABLE. */
export function isRecorded(item: ConfigurationItem): boolean {
  return item.status === 'OK' || item.status === 'ResourceDiscovered';
}

/** Decodes the `configurationItem` of a ConfigurationItemChangeNotification. */
export function decodeEventItem(raw: unknown, path = 'invokingEvent.configurationItem'): ConfigurationItem {
  const at = new Reader(raw, path);
  return {
    ...decodeCommon(at, at.requiredString('awsAccountId')),
    arn: at.optionalString('ARN'),
    configuration: at.objectOrNull('configuration'),
    supplementaryConfiguration: at.objectOrNull('supplementaryConfiguration') ?? {},
  };
}

/** Decodes one entry of GetResourceConfigHistory's `configurationItems` (SDK output or its JSON form). */
export function decodeHistoryItem(raw: unknown, path = 'configurationItems[0]'): ConfigurationItem {
  const at = new Reader(raw, path);
  const supplementary = at.objectOrNull('supplementaryConfiguration') ?? {};
  const decodedSupplementary: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(supplementary)) {
    decodedSupplementary[key] = typeof value === 'string' ? parseJson(value, `${path}.supplementaryConfiguration.${key}`) : value;
  }
  const configuration = at.raw('configuration');
  let decodedConfiguration: Record<string, unknown> | null = null;
  if (typeof configuration === 'string' && configuration !== '' && configuration !== 'null') {
    const parsed = parseJson(configuration, `${path}.configuration`);
    if (!isObject(parsed)) throw new MalformedEventError(`${path}.configuration`, `expected a JSON object, got ${typeName(parsed)}`);
    decodedConfiguration = parsed;
  } else if (isObject(configuration)) {
    decodedConfiguration = configuration;
  } else if (configuration !== undefined && configuration !== null && configuration !== '' && configuration !== 'null') {
    throw new MalformedEventError(`${path}.configuration`, `expected a JSON string, got ${typeName(configuration)}`);
  }
  return {
    ...decodeCommon(at, at.requiredString('accountId')),
    arn: at.optionalString('arn'),
    configuration: decodedConfiguration,
    supplementaryConfiguration: decodedSupplementary,
  };
}

function decodeCommon(at: Reader, accountId: string) {
  const status = at.requiredString('configurationItemStatus');
  if (!(ITEM_STATUSES as readonly string[]).includes(status)) {
    throw new MalformedEventError(`${at.path}.configurationItemStatus`, `unknown status ${JSON.stringify(status)}`);
  }
  return {
    accountId,
    region: at.requiredString('awsRegion'),
    resourceType: at.requiredString('resourceType'),
    resourceId: at.requiredString('resourceId'),
    resourceName: at.optionalString('resourceName'),
    status: status as ItemStatus,
    captureTime: at.time('configurationItemCaptureTime'),
    tags: at.tags('tags'),
  };
}

export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedEventError(path, `not valid JSON (${(error as Error).message})`);
  }
}

/** Field access for event-level structures: faults are MalformedEventError with the path. */
export class Reader {
  private readonly data: Record<string, unknown>;
  constructor(
    raw: unknown,
    readonly path: string,
  ) {
    if (!isObject(raw)) throw new MalformedEventError(path, `expected an object, got ${typeName(raw)}`);
    this.data = raw;
  }

  raw(key: string): unknown {
    return this.data[key];
  }

  requiredString(key: string): string {
    const value = this.data[key];
    if (typeof value !== 'string' || value === '') {
      throw new MalformedEventError(`${this.path}.${key}`, value === undefined ? 'missing' : `expected a non-empty string, got ${typeName(value)}`);
    }
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new MalformedEventError(`${this.path}.${key}`, `expected a string, got ${typeName(value)}`);
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw new MalformedEventError(`${this.path}.${key}`, `expected true or false, got ${typeName(value)}`);
    return value;
  }

  objectOrNull(key: string): Record<string, unknown> | null {
    const value = this.data[key];
    if (value === undefined || value === null) return null;
    if (!isObject(value)) throw new MalformedEventError(`${this.path}.${key}`, `expected an object, got ${typeName(value)}`);
    return value;
  }

  /** Accepts an ISO string (events), a Date (SDK v3 results) or epoch milliseconds; returns ISO 8601. */
  time(key: string): string {
    const value = this.data[key];
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) {
      throw new MalformedEventError(`${this.path}.${key}`, value === undefined ? 'missing' : `expected a time, got ${typeName(value)}`);
    }
    return date.toISOString();
  }

  tags(key: string): Record<string, string> {
    const value = this.data[key];
    if (value === undefined || value === null) return {};
    if (!isObject(value)) throw new MalformedEventError(`${this.path}.${key}`, `expected an object of tag values, got ${typeName(value)}`);
    const tags: Record<string, string> = {};
    for (const [name, tagValue] of Object.entries(value)) {
      if (typeof tagValue !== 'string') throw new MalformedEventError(`${this.path}.${key}.${name}`, `expected a string, got ${typeName(tagValue)}`);
      tags[name] = tagValue;
    }
    return tags;
  }
}
