/**
 * The JSONPath subset that SSM Automation accepts in `Selector` and `PropertySelector`: `$` followed by
 * `.name` children, `[n]` array indexes and `..name` deep scans.
 *
 * A path without a deep scan selects at most one value; a deep scan selects every match, in document
 * order, as a list. A path that matches nothing selects nothing (`found: false`), which the runner
 * reports as an absent value, never as null or an empty string.
 */
export class SelectorSyntaxError extends Error {
  constructor(readonly selector: string, detail: string) {
    super(`invalid selector ${JSON.stringify(selector)}: ${detail}`);
    this.name = 'SelectorSyntaxError';
  }
}

type Segment = { kind: 'child'; name: string } | { kind: 'index'; index: number } | { kind: 'deep'; name: string };

export type Selection = { found: false } | { found: true; value: unknown };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;

export function parseSelector(selector: string): Segment[] {
  if (!selector.startsWith('$')) throw new SelectorSyntaxError(selector, 'it must start with $');
  const segments: Segment[] = [];
  let rest = selector.slice(1);
  while (rest.length > 0) {
    if (rest.startsWith('..')) {
      const name = NAME.exec(rest.slice(2))?.[0];
      if (!name) throw new SelectorSyntaxError(selector, 'a deep scan (..) must name a property');
      segments.push({ kind: 'deep', name });
      rest = rest.slice(2 + name.length);
    } else if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1))?.[0];
      if (!name) throw new SelectorSyntaxError(selector, `expected a property name at ${JSON.stringify(rest)}`);
      segments.push({ kind: 'child', name });
      rest = rest.slice(1 + name.length);
    } else if (rest.startsWith('[')) {
      const match = /^\[(\d+)\]/.exec(rest);
      if (!match?.[1]) throw new SelectorSyntaxError(selector, `only numeric indexes [n] are supported, at ${JSON.stringify(rest)}`);
      segments.push({ kind: 'index', index: Number(match[1]) });
      rest = rest.slice(match[0].length);
    } else {
      throw new SelectorSyntaxError(selector, `unexpected ${JSON.stringify(rest)}`);
    }
  }
  return segments;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function deepScan(value: unknown, name: string, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) deepScan(item, name, out);
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === name && child !== undefined) out.push(child);
      deepScan(child, name, out);
    }
  }
}

export function select(document: unknown, selector: string): Selection {
  const segments = parseSelector(selector);
  let current: unknown[] = [document];
  let multiple = false;
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (segment.kind === 'child') {
        if (isRecord(value) && value[segment.name] !== undefined) next.push(value[segment.name]);
      } else if (segment.kind === 'index') {
        if (Array.isArray(value) && segment.index < value.length) next.push(value[segment.index]);
      } else {
        deepScan(value, segment.name, next);
      }
    }
    if (segment.kind === 'deep') multiple = true;
    current = next;
  }
  if (current.length === 0) return { found: false };
  return { found: true, value: multiple ? current : current[0] };
}
