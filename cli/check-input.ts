import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { Node } from 'yaml';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { DeclaredResource } from '../rules/adapters';
import { declaredFromPlan, declaredFromTemplate, InvalidDeclarationError, isTerraformPlan } from '../rules/adapters';
import { isObject } from '../rules/kit/fields';
import { UsageError } from './errors';

/** A path that cannot be read as a template, a plan or a cloud assembly: exit 2 with this one line. */
export class CheckInputError extends UsageError {}

export type InputFormat = 'cloudformation' | 'terraform';

/** One template or plan, and the resources of judged types it declares. */
export interface CheckInput {
  readonly file: string;
  readonly format: InputFormat;
  readonly resources: readonly DeclaredResource[];
}

const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.terraform']);

/**
 * Reads every path given on the command line: a template or plan file, a CDK cloud assembly (a folder with
 * manifest.json, nested assemblies and nested stacks included) or a folder searched for them. A file named
 * on the command line must be a template or plan; files met in a folder that are neither are passed over.
 */
export function readCheckPaths(paths: readonly string[], cwd = process.cwd()): CheckInput[] {
  if (paths.length === 0) throw new CheckInputError('no path to check: give templates, plans, folders or a cdk.out');
  const inputs: CheckInput[] = [];
  const seen = new Set<string>();
  const add = (input: CheckInput | undefined) => {
    if (input && !seen.has(input.file)) {
      seen.add(input.file);
      inputs.push(input);
    }
  };
  for (const path of paths) {
    const full = join(cwd, path);
    const absolute = path.startsWith('/') ? path : full;
    if (!existsSync(absolute)) throw new CheckInputError(`${path}: no such file or folder`);
    const display = (file: string) => (path.startsWith('/') ? file : relative(cwd, file) || file);
    if (statSync(absolute).isDirectory() || basename(absolute) === 'manifest.json') {
      const folder = statSync(absolute).isDirectory() ? absolute : dirname(absolute);
      for (const input of readFolder(folder)) add({ ...input, file: display(input.file) });
    } else {
      const input = readFile(absolute, true);
      add(input && { ...input, file: display(input.file) });
    }
  }
  return inputs;
}

function readFolder(folder: string): CheckInput[] {
  if (existsSync(join(folder, 'manifest.json'))) return readAssembly(folder);
  const inputs: CheckInput[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) inputs.push(...readFolder(path));
    } else if (TEMPLATE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) {
      const input = readFile(path, false);
      if (input) inputs.push(input);
    }
  }
  return inputs;
}

/** A CDK cloud assembly: its stacks' templates, its nested assemblies (stages) and their nested stacks. */
function readAssembly(folder: string): CheckInput[] {
  const manifestFile = join(folder, 'manifest.json');
  const manifest = parseJson(readFileSync(manifestFile, 'utf8'), manifestFile);
  const artifacts = isObject(manifest) && isObject(manifest['artifacts']) ? manifest['artifacts'] : {};
  const inputs: CheckInput[] = [];
  for (const artifact of Object.values(artifacts)) {
    if (!isObject(artifact) || !isObject(artifact['properties'])) continue;
    const properties = artifact['properties'];
    if (artifact['type'] === 'aws:cloudformation:stack' && typeof properties['templateFile'] === 'string') {
      inputs.push(...readStack(join(folder, properties['templateFile']), folder));
    } else if (artifact['type'] === 'cdk:cloud-assembly' && typeof properties['directoryName'] === 'string') {
      inputs.push(...readAssembly(join(folder, properties['directoryName'])));
    }
  }
  return inputs;
}

function readStack(file: string, assembly: string): CheckInput[] {
  if (!existsSync(file)) throw new CheckInputError(`${file}: named by ${join(assembly, 'manifest.json')} but missing`);
  const { json, lineOf } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const inputs: CheckInput[] = [{ file, format: 'cloudformation', resources: declare(() => declaredFromTemplate(json, { file, lineOf })) }];
  const resources = isObject(json) && isObject(json['Resources']) ? json['Resources'] : {};
  for (const resource of Object.values(resources)) {
    const metadata = isObject(resource) ? resource['Metadata'] : undefined;
    const nested = isObject(resource) && resource['Type'] === 'AWS::CloudFormation::Stack' && isObject(metadata) ? metadata['aws:asset:path'] : undefined;
    if (typeof nested === 'string' && existsSync(join(assembly, nested))) inputs.push(...readStack(join(assembly, nested), assembly));
  }
  return inputs;
}

/** Reads one file; undefined when it is neither a template nor a plan and was only met in a folder. */
function readFile(file: string, named: boolean): CheckInput | undefined {
  if (statSync(file).isDirectory()) return undefined;
  const text = readFileSync(file, 'utf8');
  let parsed: { json: unknown; lineOf: (id: string) => number | undefined };
  try {
    parsed = parseTemplateText(text, file);
  } catch (error) {
    if (named) throw error;
    return undefined;
  }
  if (isTerraformPlan(parsed.json)) return { file, format: 'terraform', resources: declare(() => declaredFromPlan(parsed.json, file)) };
  if (isObject(parsed.json) && isObject(parsed.json['Resources'])) {
    return { file, format: 'cloudformation', resources: declare(() => declaredFromTemplate(parsed.json, { file, lineOf: parsed.lineOf })) };
  }
  if (named) throw new CheckInputError(`${file}: neither a CloudFormation template (no Resources) nor a Terraform plan (terraform show -json)`);
  return undefined;
}

function declare(read: () => DeclaredResource[]): DeclaredResource[] {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidDeclarationError) throw new CheckInputError(error.message, { cause: error });
    throw error;
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CheckInputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Parses JSON or YAML. YAML keeps CloudFormation's short-form tags (!Ref, !GetAtt, !Sub, !If, ...), which
 * become their long form, and the positions of the resources' logical ids.
 */
export function parseTemplateText(text: string, file: string): { json: unknown; lineOf: (logicalId: string) => number | undefined } {
  if (text.trimStart().startsWith('{')) {
    const json = parseJson(text, file);
    return { json, lineOf: (id) => jsonLineOf(text, id) };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  const [error] = document.errors;
  if (error) throw new CheckInputError(`${file}: not valid YAML (${error.message.split('\n')[0]})`);
  const lines = new Map<string, number>();
  const resources = document.get('Resources', true);
  if (isMap(resources)) {
    for (const pair of resources.items) {
      if (isScalar(pair.key) && pair.key.range) lines.set(String(pair.key.value), lineCounter.linePos(pair.key.range[0]).line);
    }
  }
  return { json: toJs(document.contents, document), lineOf: (id) => lines.get(id) };
}

/** The line of `"LogicalId":` after the Resources key of a JSON template (CDK and most tools write one key a line). */
function jsonLineOf(text: string, logicalId: string): number | undefined {
  const start = text.indexOf('"Resources"');
  if (start < 0) return undefined;
  const match = new RegExp(`"${logicalId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`).exec(text.slice(start));
  if (!match) return undefined;
  return text.slice(0, start + match.index).split('\n').length;
}

const LONG_FORM: Record<string, string> = { '!Ref': 'Ref', '!Condition': 'Condition' };

function toJs(node: unknown, document: ReturnType<typeof parseDocument>): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toJs(node.resolve(document), document);
  let value: unknown;
  if (isScalar(node)) value = node.value;
  else if (isSeq(node)) value = node.items.map((item) => toJs(item, document));
  else if (isMap(node)) {
    const map: Record<string, unknown> = {};
    for (const pair of node.items) map[String(isScalar(pair.key) ? pair.key.value : toJs(pair.key, document))] = toJs(pair.value, document);
    value = map;
  } else return null;
  const tag = (node as Node).tag;
  if (!tag?.startsWith('!') || tag.startsWith('!!')) return value;
  const name = LONG_FORM[tag] ?? `Fn::${tag.slice(1)}`;
  if (name === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { [name]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [name]: value };
}
