import { MalformedItemError } from './errors';

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads typed fields out of a JSON object, naming the path of any field of the wrong type.
 * Absent and null both read as `undefined`: AWS omits unset fields in one encoding and nulls them in another.
 */
export class FieldReader {
  constructor(
    private readonly data: Json,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): FieldReader {
    if (!isObject(value)) throw new MalformedItemError(path, `expected an object, got ${typeName(value)}`);
    return new FieldReader(value, path);
  }

  has(key: string): boolean {
    return this.data[key] !== undefined && this.data[key] !== null;
  }

  raw(key: string): unknown {
    return this.data[key];
  }

  string(key: string): string | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.wrong(key, 'a string', value);
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.wrong(key, 'true or false', value);
    return value;
  }

  integer(key: string): number | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.wrong(key, 'an integer', value);
    return value;
  }

  strings(key: string): string[] | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
      throw this.wrong(key, 'a list of strings', value);
    }
    return value;
  }

  objects(key: string): FieldReader[] | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw this.wrong(key, 'a list', value);
    return value.map((entry, i) => FieldReader.of(entry, `${this.path}.${key}[${i}]`));
  }

  object(key: string): FieldReader | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    return FieldReader.of(value, `${this.path}.${key}`);
  }

  private wrong(key: string, expected: string, value: unknown): MalformedItemError {
    return new MalformedItemError(`${this.path}.${key}`, `expected ${expected}, got ${typeName(value)}`);
  }
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return value === undefined ? 'nothing' : `a ${typeof value}`;
}
