import { ruleSummaries, rulesTable } from '../../cli/rules';
import { CATALOG } from '../../rules/catalog';

describe('dbauth rules', () => {
  it('gives each rule its description, parameters with defaults, controls with titles, severity and fix', () => {
    const summaries = ruleSummaries();
    expect(summaries.map((s) => s.id)).toEqual(CATALOG.map((rule) => rule.id));
    for (const summary of summaries) {
      expect(summary.description.length).toBeGreaterThan(20);
      expect(summary.controlDetails.map((c) => c.id)).toEqual(summary.controls);
      // Every control is known: a title that is not its id, and a page to read.
      for (const control of summary.controlDetails) {
        expect(control.title).not.toBe(control.id);
        expect(control.url).toMatch(/^https:\/\//);
      }
      expect(summary.fix).not.toBe('');
    }
    const instance = summaries.find((s) => s.id === 'rds-instance-iam-authentication-enabled');
    expect(instance?.controlDetails.find((c) => c.id === 'RDS-030')).toEqual({
      id: 'RDS-030',
      title: 'IAM Database Authentication',
      source: 'Trend Micro Cloud One Conformity',
      url: 'https://www.trendmicro.com/cloudoneconformity/knowledge-base/aws/RDS/iam-database-authentication.html',
    });
    expect(instance?.parameters).toEqual([{ name: 'engines', description: expect.stringContaining('Engines to judge') as string, default: 'mysql,postgres,mariadb' }]);
    const backup = summaries.find((s) => s.id === 'neptune-cluster-backup-retention-check');
    expect(backup?.parameters).toEqual([{ name: 'minimumBackupRetentionPeriod', description: expect.any(String) as string, default: '7' }]);
    const admin = summaries.find((s) => s.id === 'rds-cluster-default-admin-check');
    expect(admin?.parameters.find((p) => p.name === 'validAdminUserNames')?.default).toBeNull();
    expect(summaries.find((s) => s.id === 'neptune-cluster-snapshot-public-prohibited')?.severity).toBe('CRITICAL');
  });

  it('prints the same in the table, with the parameters every rule takes', () => {
    const text = rulesTable();
    expect(text).toContain('Neptune.3: Neptune DB cluster snapshots should not be public (AWS Security Hub)');
    expect(text).toContain('parameter minimumBackupRetentionPeriod (default: 7)');
    expect(text).toMatch(/ExemptionTagKey: Tag key that exempts a resource/);
    expect(text).toContain('proactive evaluation: yes, with -c proactive=true');
    expect(text).toContain('proactive evaluation: no (AWS::RDS::DBClusterSnapshot has no CloudFormation resource type');
  });

  it("says which rules take Config's proactive mode, and why the others do not", () => {
    const summaries = ruleSummaries();
    const notProactive = Object.fromEntries(summaries.filter((s) => !s.proactive).map((s) => [s.id, s.notProactive?.slice(0, 30)]));
    expect(notProactive).toEqual({
      'neptune-cluster-multi-az-enabled': 'it judges the Availability Zon',
      'neptune-cluster-snapshot-encrypted': 'AWS::RDS::DBClusterSnapshot ha',
      'neptune-cluster-snapshot-public-prohibited': 'AWS::RDS::DBClusterSnapshot ha',
    });
  });
});
