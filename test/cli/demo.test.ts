import { demoJson, runDemo } from '../../cli/demo';
import { CATALOG } from '../../rules/catalog';

describe('dbauth demo', () => {
  it('gives every rule compliant, non-compliant and not-applicable resources in the demo account', async () => {
    const { before } = await runDemo();
    for (const rule of CATALOG) {
      const verdicts = new Set(before.filter((row) => row.rule === rule.id).map((row) => row.compliance));
      expect({ rule: rule.id, verdicts: [...verdicts].sort() }).toEqual({ rule: rule.id, verdicts: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] });
    }
  });

  it('remediates every non-compliant resource of a fixable rule through its runbook', async () => {
    const result = await runDemo({ remediate: true });
    const fixable = new Set(CATALOG.filter((rule) => rule.fix.runbook).map((rule) => rule.id));
    const expectedRuns = result.before.filter((row) => row.compliance === 'NON_COMPLIANT' && fixable.has(row.rule));
    expect(result.remediations?.map((r) => `${r.rule} ${r.resourceId} ${r.outcome}`)).toEqual(
      expectedRuns.map((row) => `${row.rule} ${row.resourceId} remediated`),
    );
    expect(result.after?.filter((row) => row.compliance === 'NON_COMPLIANT' && fixable.has(row.rule))).toEqual([]);
    // Non-fixable checks are left as they were: nothing changed that was not asked for.
    const unfixable = (rows: typeof result.before) => rows.filter((row) => !fixable.has(row.rule)).map((row) => `${row.rule} ${row.resourceId} ${row.compliance}`);
    expect(unfixable(result.after ?? [])).toEqual(unfixable(result.before));
  });

  it('prints DESIGN-shaped JSON: rows, or before / remediations / after', async () => {
    const plain = demoJson(await runDemo()) as object[];
    // DESIGN.md §6's fields, plus where, the rule's controls, severity and fix, and the exemption's reason.
    expect(plain[0]).toEqual({
      accountId: '111122223333',
      region: 'us-east-1',
      source: null,
      rule: expect.any(String),
      resourceType: expect.any(String),
      resourceId: expect.any(String),
      resourceName: expect.any(String),
      arn: expect.stringMatching(/^arn:aws:(rds|dms):us-east-1:111122223333:/),
      controls: expect.arrayContaining([expect.any(String)]),
      severity: expect.stringMatching(/^(LOW|MEDIUM|HIGH|CRITICAL)$/),
      compliance: expect.stringMatching(/^(COMPLIANT|NON_COMPLIANT|NOT_APPLICABLE)$/),
      annotation: expect.any(String),
      fix: expect.any(String),
      exemption: null,
    });
    const remediated = demoJson(await runDemo({ remediate: true })) as { before: object[]; remediations: object[]; after: object[] };
    expect(Object.keys(remediated)).toEqual(['before', 'remediations', 'after']);
    expect(remediated.remediations[0]).toEqual({
      rule: expect.any(String),
      resourceId: expect.any(String),
      resourceName: expect.any(String),
      runbook: expect.any(String),
      outcome: 'remediated',
      detail: expect.any(String),
    });
    // Every runbook run says what it did: no blank detail.
    expect(remediated.remediations.filter((r) => (r as { detail: string }).detail.trim() === '')).toEqual([]);
  });
});
