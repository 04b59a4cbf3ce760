import Table from 'cli-table3';

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
