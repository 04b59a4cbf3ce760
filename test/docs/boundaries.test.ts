/**
 * The product never imports its test doubles: sim/ (the simulated account) serves the demo and the tests only.
 * The one product file that may use it is the demo, whose estate is simulated by design.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PRODUCT = ['rules', 'remediations', 'infra', 'cli'];
const MAY_USE_SIM = new Set(['cli/demo.ts']);

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]!);

const importsSim = (file: string): boolean =>
  importsOf(file).some((specifier) => specifier.startsWith('.') && path.normalize(path.join(path.dirname(file), specifier)).split(path.sep)[0] === 'sim');

describe('sim/ stays out of the product', () => {
  const files = PRODUCT.flatMap(sources);

  it('finds the product sources', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(importsSim('cli/demo.ts')).toBe(true);
  });

  it.each(files.filter((file) => !MAY_USE_SIM.has(file)))('%s imports nothing from sim/', (file) => {
    expect(importsSim(file)).toBe(false);
  });
});
