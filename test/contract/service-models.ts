/**
 * AWS's service models as SSM Automation sees them. SSM calls APIs through boto3, so service names,
 * operation names and member names are botocore's. The models are the JSON files of the pinned
 * devDependency `aws-sdk` (v2, the last release): `apis/<id>-<version>.min.json`, the same service
 * definitions botocore ships, with `apis/metadata.json` naming the services.
 *
 * In the minified format a member is `{ shape: "S31" }` (a shared shape), an inline shape with a
 * `type`, or `{}` (a string); documentation is stripped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type ShapeType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'long'
  | 'double'
  | 'float'
  | 'timestamp'
  | 'blob'
  | 'structure'
  | 'list'
  | 'map';

/** A raw shape of the minified model; `type` absent means string. Enums and documentation are stripped. */
export interface RawShape {
  type?: string;
  shape?: string;
  members?: Record<string, RawShape>;
  member?: RawShape;
  key?: RawShape;
  value?: RawShape;
  required?: string[];
}

export interface RawOperation {
  input?: RawShape;
  output?: RawShape;
}

export interface RawModel {
  metadata: { apiVersion: string; serviceId?: string; protocol?: string };
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}

/** A resolved shape: `ref` is the same object for every use of a shared shape (identity matters). */
export interface Shape {
  type: ShapeType;
  raw: RawShape;
  /** The shared shape's name in the model (`S31`), or undefined for an inline shape. */
  ref?: string;
}

export class ServiceModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceModelError';
  }
}

const SHAPE_TYPES: readonly ShapeType[] = ['string', 'boolean', 'integer', 'long', 'double', 'float', 'timestamp', 'blob', 'structure', 'list', 'map'];

function isShapeType(type: string): type is ShapeType {
  return (SHAPE_TYPES as readonly string[]).includes(type);
}

/** One service's model, with its shapes resolved on demand. */
export class ServiceModel {
  constructor(
    readonly service: string,
    readonly model: RawModel,
  ) {}

  operation(api: string): RawOperation | undefined {
    return Object.prototype.hasOwnProperty.call(this.model.operations, api) ? this.model.operations[api] : undefined;
  }

  operationNames(): string[] {
    return Object.keys(this.model.operations);
  }

  /** Follows `shape` references; an operation without input or output is an empty structure. */
  resolve(raw: RawShape | undefined): Shape {
    if (raw === undefined) return { type: 'structure', raw: { type: 'structure', members: {} } };
    if (raw.shape !== undefined) {
      const target = this.model.shapes[raw.shape];
      if (!target) throw new ServiceModelError(`${this.service}: shape ${raw.shape} is not in the model`);
      return { ...this.resolve(target), ref: raw.shape };
    }
    const type = raw.type ?? 'string';
    if (!isShapeType(type)) throw new ServiceModelError(`${this.service}: unknown shape type ${type}`);
    return { type, raw };
  }

  members(shape: Shape): Record<string, RawShape> {
    return shape.type === 'structure' ? (shape.raw.members ?? {}) : {};
  }

  member(shape: Shape, name: string): Shape | undefined {
    const members = this.members(shape);
    return Object.prototype.hasOwnProperty.call(members, name) ? this.resolve(members[name]) : undefined;
  }

  listMember(shape: Shape): Shape {
    return this.resolve(shape.raw.member);
  }

  mapValue(shape: Shape): Shape {
    return this.resolve(shape.raw.value);
  }
}

/** The folder of the pinned `aws-sdk` package's models. */
export function modelsFolder(): string {
  return join(dirname(require.resolve('aws-sdk/package.json')), 'apis');
}

/**
 * Loads the newest API version of `service` (a boto3 client name) from `folder`. `apis/metadata.json`
 * keys services by the same ids as boto3 for the services the runbooks call (rds, neptune, dms); a file
 * prefix, where the metadata gives one, overrides the id.
 */
export function loadServiceModel(service: string, folder = modelsFolder()): ServiceModel {
  const metadata = JSON.parse(readFileSync(join(folder, 'metadata.json'), 'utf8')) as Record<string, { prefix?: string } | undefined>;
  const entry = metadata[service];
  if (!entry) throw new ServiceModelError(`no AWS service model is named ${service}`);
  const prefix = entry.prefix ?? service;
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d{4}-\\d{2}-\\d{2})\\.min\\.json$`);
  const versions = readdirSync(folder)
    .map((file) => pattern.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => (a[1] as string).localeCompare(b[1] as string));
  const newest = versions.at(-1);
  if (!newest) throw new ServiceModelError(`no model file for ${service} in ${folder}`);
  return new ServiceModel(service, JSON.parse(readFileSync(join(folder, newest[0]), 'utf8')) as RawModel);
}

/** A cache of loaded models by service name; unknown services are remembered as such. */
export function serviceModels(folder = modelsFolder()): (service: string) => ServiceModel | undefined {
  const cache = new Map<string, ServiceModel | undefined>();
  return (service) => {
    if (!cache.has(service)) {
      try {
        cache.set(service, loadServiceModel(service, folder));
      } catch (error) {
        if (!(error instanceof ServiceModelError)) throw error;
        cache.set(service, undefined);
      }
    }
    return cache.get(service);
  };
}
