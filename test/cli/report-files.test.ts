import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../cli/demo';
import { FileError } from '../../cli/errors';
import { emit, reportFileName, rowsHtml } from '../../cli/output';
import type { Row } from '../../cli/output';

describe('report files', () => {
  let rows: readonly Row[];
  beforeAll(async () => {
    rows = (await runDemo()).before;
  });

  it('writes timestamped files under --output-dir, creating it, and says where', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dbauth-reports-')), 'nested', 'reports');
    const now = new Date('2026-03-04T05:06:07.890Z');
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const path = emit('a,b\r\n', { format: 'csv', command: 'scan', outputDir: dir, now });
    expect(path).toBe(join(dir, 'dbauth-scan-20260304T050607Z.csv'));
    expect(readFileSync(path as string, 'utf8')).toBe('a,b\r\n');
    expect(stderr).toHaveBeenCalledWith(`dbauth: wrote ${path}`);
    stderr.mockRestore();
    expect(reportFileName('demo', 'html', now)).toBe('dbauth-demo-20260304T050607Z.html');
    expect(reportFileName('scan', 'asff', now)).toBe('dbauth-scan-20260304T050607Z.json');
    expect(readdirSync(dir)).toEqual(['dbauth-scan-20260304T050607Z.csv']);
  });

  it('says in words why a report cannot be written', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dbauth-reports-')), 'a-file');
    writeFileSync(file, '');
    expect(() => emit('x', { format: 'json', command: 'scan', outputDir: file })).toThrow(FileError);
    expect(() => emit('x', { format: 'json', command: 'scan', outputDir: file })).toThrow(/^cannot write the report to .*: (a part of the path is a file, not a folder|a file of that name is in the way)$/);
  });

  it('makes one self-contained HTML file that loads nothing and escapes what users wrote', () => {
    const hostile: Row = { ...(rows[0] as Row), compliance: 'NOT_APPLICABLE', exemption: '<img src=x onerror=alert(1)>', annotation: 'exempt: <img src=x onerror=alert(1)>' };
    const html = rowsHtml([...rows, hostile], { title: 'demo <report>', command: 'dbauth demo', generatedAt: new Date('2026-01-01T00:00:00Z') });
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<[a-z]+[^>]*\s(src|href)=/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<title>demo &lt;report&gt;</title>');
    // Every row is in the page, each with its status for the filter.
    expect(html.match(/<tr data-status="/g)).toHaveLength(rows.length + 1);
  });
});
