import { RDSClient } from '@aws-sdk/client-rds';
import { renderRows, rowsCsv, ROW_FIELDS, parseStatusFilter } from '../../cli/output';
import type { Row } from '../../cli/output';
import { ScanIncompleteError, scanAccount } from '../../cli/scan';
import { CATALOG } from '../../rules/catalog';
import type { SimulatedAccount } from '../../sim/account';
import { demoEstate } from '../../sim/demo-estate';
import { simulatedCredentials } from '../../sim/transport';

const behind = (account: SimulatedAccount, configure?: (client: object) => void) => ({
  credentials: simulatedCredentials,
  configure: (client: object) => {
    account.serve(client);
    configure?.(client);
  },
});
const REGIONS = ['us-east-1', 'eu-west-1'];
const ALL = parseStatusFilter('all');
const context = { command: 'dbauth scan', title: 'test', statuses: ALL, now: new Date('2026-01-02T03:04:05Z') };

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return records;
}

describe('report rows over a two-region scan of the simulated account', () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await scanAccount({ regions: REGIONS, clients: behind(demoEstate()) });
  });

  it('tells apart the same resource name in two regions by account, region and ARN', () => {
    const snapshots = rows.filter((row) => row.rule === 'neptune-cluster-snapshot-public-prohibited');
    const names = new Set(snapshots.map((row) => row.resourceName));
    for (const name of names) {
      const same = snapshots.filter((row) => row.resourceName === name);
      expect(same.map((row) => `${row.accountId}/${row.region}`).sort()).toEqual(['111122223333/eu-west-1', '111122223333/us-east-1']);
      expect(new Set(same.map((row) => row.arn)).size).toBe(2);
      expect(same[0]?.arn).toMatch(new RegExp(`^arn:aws:rds:(us-east-1|eu-west-1):111122223333:cluster-snapshot:${name}$`));
    }
  });

  it('prints JSON rows with every field: account, region, ARN, controls, severity, fix, exemption', () => {
    const json = JSON.parse(renderRows(rows, 'json', context)) as Record<string, unknown>[];
    expect(json).toHaveLength(rows.length);
    for (const row of json) {
      expect(Object.keys(row)).toEqual([...ROW_FIELDS]);
      expect(row['accountId']).toBe('111122223333');
      expect(REGIONS).toContain(row['region']);
      expect(row['fix']).not.toBe('');
    }
    const publicSnapshot = json.find((row) => row['rule'] === 'neptune-cluster-snapshot-public-prohibited' && row['compliance'] === 'NON_COMPLIANT');
    expect(publicSnapshot).toMatchObject({
      controls: ['Neptune.3'],
      severity: 'CRITICAL',
      fix: 'runbook DbAuth-neptune-cluster-snapshot-public-prohibited',
      resourceType: 'AWS::RDS::DBClusterSnapshot',
    });
    const exempt = json.filter((row) => row['exemption'] !== null);
    expect(exempt.length).toBeGreaterThan(0);
    for (const row of exempt) expect(row['annotation']).toBe(`exempt: ${String(row['exemption'])}`);
    const manual = json.find((row) => row['rule'] === 'neptune-cluster-multi-az-enabled');
    expect(manual?.['fix']).toMatch(/^No setting turns Multi-AZ on: /);
  });

  it('prints CSV that a spreadsheet reads back into the same rows, with account and region', () => {
    const records = parseCsv(rowsCsv(rows));
    expect(records[0]).toEqual([...ROW_FIELDS]);
    expect(records).toHaveLength(rows.length + 1);
    const at = (field: (typeof ROW_FIELDS)[number]) => ROW_FIELDS.indexOf(field);
    records.slice(1).forEach((record, i) => {
      const row = rows[i] as Row;
      expect(record).toHaveLength(ROW_FIELDS.length);
      expect(record[at('accountId')]).toBe('111122223333');
      expect(record[at('region')]).toBe(row.region);
      expect(record[at('annotation')]).toBe(row.annotation);
      expect(record[at('controls')]).toBe(row.controls.join(' '));
    });
  });

  it('keeps a spreadsheet from running a tag value as a formula', () => {
    const [row] = rows;
    const csv = rowsCsv([{ ...(row as Row), compliance: 'NOT_APPLICABLE', exemption: '=HYPERLINK("http://x")', annotation: 'exempt: =HYPERLINK("http://x")' }]);
    const [, record] = parseCsv(csv);
    expect(record?.[ROW_FIELDS.indexOf('exemption')]).toBe('\'=HYPERLINK("http://x")');
  });

  it('filters by --status in every format, while the table summary counts every row', () => {
    const nonCompliant = parseStatusFilter('non_compliant');
    const json = JSON.parse(renderRows(rows, 'json', { ...context, statuses: nonCompliant })) as { compliance: string }[];
    expect(json.length).toBe(rows.filter((row) => row.compliance === 'NON_COMPLIANT').length);
    expect(new Set(json.map((row) => row.compliance))).toEqual(new Set(['NON_COMPLIANT']));
    const csvLines = rowsCsv(rows.filter((row) => row.compliance === 'NON_COMPLIANT')).trim().split('\r\n');
    expect(renderRows(rows, 'csv', { ...context, statuses: nonCompliant }).trim().split('\r\n')).toEqual(csvLines);
    const table = renderRows(rows, 'table', { ...context, statuses: nonCompliant });
    expect(table).not.toContain('not applicable  │');
    const total = rows.filter((row) => row.compliance === 'NOT_APPLICABLE').length;
    expect(table).toMatch(new RegExp(`│ total\\s+│ \\d+\\s+│ \\d+\\s+│ ${total}\\s+│`));
    expect(table).toContain('Showing NON_COMPLIANT rows only (--status all shows every row).');
    expect(() => parseStatusFilter('FAILED')).toThrow(/not a compliance type/);
    expect(parseStatusFilter('compliant, not-applicable')).toEqual(['COMPLIANT', 'NOT_APPLICABLE']);
  });

  it('keeps the rows of a region that answered when another did not, and fails the scan (exit 2)', async () => {
    const refuseInEuWest1 = (client: object) => {
      if (!(client instanceof RDSClient)) return;
      client.middlewareStack.add(
        (next) => async (args) => {
          if ((await client.config.region()) === 'eu-west-1') throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
          return next(args);
        },
        { step: 'initialize', name: 'refuseInEuWest1' },
      );
    };
    const failure = await scanAccount({ regions: REGIONS, clients: { ...behind(demoEstate(), refuseInEuWest1), maxAttempts: 1 } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ScanIncompleteError);
    const incomplete = failure as ScanIncompleteError;
    expect(incomplete.message).toMatch(/^cannot reach AWS in eu-west-1, RDS Describe\w+ \(connect ECONNREFUSED 10\.0\.0\.1:443\): check the network/);
    expect(new Set(incomplete.rows.map((row) => row.region))).toEqual(new Set(['us-east-1']));
    expect(new Set(incomplete.rows.map((row) => row.rule))).toEqual(new Set(CATALOG.map((rule) => rule.id)));
  });
});
