import Table from 'cli-table3';

export type Format = 'table' | 'json';

export function parseFormat(value: string, allowed: readonly string[] = ['table', 'json']): string {
  if (!allowed.includes(value)) throw new Error(`--format must be one of ${allowed.join(', ')}`);
  return value;
}

/** A plain table: no colours when the output is not a terminal, so it pastes cleanly into tickets. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], widths?: readonly (number | null)[]): string {
  const t = new Table({
    head: [...head],
    style: { head: process.stdout.isTTY ? ['cyan'] : [], border: process.stdout.isTTY ? ['grey'] : [] },
    wordWrap: true,
    ...(widths ? { colWidths: [...widths] } : {}),
  });
  for (const row of rows) t.push([...row]);
  return t.toString();
}
