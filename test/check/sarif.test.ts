import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { formatCheck, runCheck } from '../../cli/check';

/**
 * The SARIF log validates against the OASIS SARIF 2.1.0 JSON schema (final, "rtm.5") as the npm package
 * @microsoft/jest-sarif ships it, with ajv: both pinned devDependencies, neither written here.
 */
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const draft04 = JSON.parse(readFileSync(require.resolve('ajv/lib/refs/json-schema-draft-04.json'), 'utf8')) as object;

const ajv = new Ajv({ schemaId: 'id', allErrors: true, meta: false, validateSchema: false });
ajv.addMetaSchema(draft04);
const validate = ajv.compile(schema);

const FIXTURES = path.join(__dirname, 'fixtures');
type Json = Record<string, unknown>;
interface SarifResult extends Json {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: { physicalLocation: { region?: unknown }; logicalLocations: { name: string }[] }[];
}
interface SarifRule extends Json {
  id: string;
  help: { text: string };
}
interface SarifLog extends Json {
  runs: { tool: { driver: { rules: SarifRule[] } }; results: SarifResult[] }[];
}

const sarifOf = (files: string[], strict = false): SarifLog =>
  JSON.parse(formatCheck(runCheck(files.map((f) => path.join(FIXTURES, f))), 'sarif', { strict })) as SarifLog;
const runOf = (log: SarifLog) => log.runs[0]!;

describe('SARIF 2.1.0', () => {
  const log = sarifOf(['neptune-no-iam.yaml', 'rds-instance-iam-off.tfplan.json']);

  it('validates against the SARIF 2.1.0 schema', () => {
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema catches a broken log (the validation can fail)', () => {
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ ...log, runs: [{ ...runOf(log), results: [{ message: {}, level: 'fatal' }] }] })).toBe(false);
  });

  it('describes each rule with its controls and fix', () => {
    const rule = runOf(log).tool.driver.rules.find((r) => r.id === 'neptune-cluster-iam-database-authentication');
    expect(rule).toMatchObject({ shortDescription: { text: 'Neptune clusters use IAM database authentication' }, properties: { controls: ['Neptune.7'] } });
    expect(rule?.help.text).toMatch(/runbook neptune-cluster-iam-database-authentication/);
    const manual = runOf(log).tool.driver.rules.find((r) => r.id === 'neptune-cluster-multi-az-enabled');
    expect(manual?.help.text).toMatch(/^No setting turns Multi-AZ on/);
  });

  it('locates results by file and line, and by logical id or Terraform address', () => {
    const { results, tool } = runOf(log);
    const rules = tool.driver.rules;
    const neptune = results.find((r) => r.ruleId === 'neptune-cluster-iam-database-authentication')!;
    expect(neptune).toMatchObject({ level: 'error', kind: 'fail' });
    expect(neptune.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: expect.stringMatching(/fixtures\/neptune-no-iam\.yaml$/) }, region: { startLine: 7 } });
    expect(neptune.locations[0]?.logicalLocations).toEqual([{ name: 'GraphCluster', fullyQualifiedName: 'GraphCluster', kind: 'resource' }]);
    expect(rules[neptune.ruleIndex]?.id).toBe(neptune.ruleId);
    const terraform = results.find((r) => r.ruleId === 'rds-instance-iam-authentication-enabled')!;
    expect(terraform.locations[0]?.physicalLocation.region).toBeUndefined();
    expect(terraform.locations[0]?.logicalLocations[0]?.name).toBe('aws_db_instance.orders');
  });

  it('reports what cannot be judged before deploy as a warning, or an error with --strict; passes are left out', () => {
    const levels = (l: SarifLog) => runOf(l).results.map((r) => `${r.ruleId} ${r.level}`).sort();
    expect(levels(log)).toEqual([
      'neptune-cluster-iam-database-authentication error',
      'neptune-cluster-multi-az-enabled warning',
      'rds-instance-iam-authentication-enabled error',
    ]);
    expect(levels(sarifOf(['neptune-no-iam.yaml'], true))).toEqual(['neptune-cluster-iam-database-authentication error', 'neptune-cluster-multi-az-enabled error']);
  });
});
