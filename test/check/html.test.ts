import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatCheck, runCheck } from '../../cli/check';
import { template } from './helpers';

/** The check's HTML report from a CDK cloud assembly: the construct path a CDK user searches their code for. */
let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'dbauth-check-html-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const write = (name: string, content: unknown) => {
  const file = path.join(work, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(content, null, 2));
};

const headers = (html: string) => [...html.slice(html.indexOf('<table id="findings">')).matchAll(/<th class="sortable">([^<]*)<\/th>/g)].map(([, header]) => header);
const options = { title: 'dbauth check: cdk.out', command: 'dbauth check cdk.out --format html', now: new Date('2026-03-04T05:06:07Z') };

it('has a CDK path column when a row has a construct path, and none for plain templates', () => {
  write('cdk.out/manifest.json', { version: '48.0.0', artifacts: { GraphStack: { type: 'aws:cloudformation:stack', properties: { templateFile: 'GraphStack.template.json' } } } });
  write(
    'cdk.out/GraphStack.template.json',
    template({
      GraphCluster9A2B3C4D: {
        Type: 'AWS::Neptune::DBCluster',
        Properties: { StorageEncrypted: true },
        Metadata: { 'aws:cdk:path': 'GraphStack/Graph/Cluster' },
      },
    }),
  );
  const html = formatCheck(runCheck(['cdk.out'], { cwd: work }), 'html', options);
  expect(headers(html)).toEqual(['status', 'rule', 'controls', 'location', 'resource', 'source type', 'CDK path', 'annotation']);
  const iam = /<tr data-status="NON_COMPLIANT">(?:(?!<\/tr>).)*neptune-cluster-iam-database-authentication(?:(?!<\/tr>).)*<\/tr>/.exec(html)?.[0];
  expect(iam).toContain('<td>GraphCluster9A2B3C4D</td>');
  expect(iam).toContain('<td>GraphStack/Graph/Cluster</td>');
  expect(html).toContain('<div class="meta">dbauth check cdk.out --format html · generated 2026-03-04T05:06:07.000Z · 9 results</div>');

  const plain = formatCheck(runCheck([path.join(__dirname, 'fixtures', 'neptune-no-iam.yaml')]), 'html', options);
  expect(headers(plain)).not.toContain('CDK path');
});
