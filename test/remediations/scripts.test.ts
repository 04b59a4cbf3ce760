/**
 * The Python of the runbooks' aws:executeScript steps, run by a real interpreter (python3 here; Pyodide
 * once, in a child process, as on a machine with Node only), over real-shaped Describe responses.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AT_LEAST, AUDIT_LOG_NOTE, EXEMPTION, FIELD_IS, INSTANCE_STATE, LIST_HAS, NEPTUNE_SETTINGS, NEPTUNE_SETTINGS_KEPT, REFUSE, SNAPSHOT_PUBLIC } from '../../remediations/builder/scripts';
import type { Script } from '../../remediations/builder/scripts';
import { defaultScriptEngine, ScriptError } from '../../remediations/script';

const run = (script: Script, payload: unknown): Promise<unknown> => defaultScriptEngine().run(script.source, script.handler, payload);
const settings = { ServiceAccessRoleArn: 'arn:aws:iam::111122223333:role/r', S3BucketName: 'b', S3BucketFolder: 'f', ErrorRetryDuration: 250, MaxFileSize: 1048576, MaxRetryCount: 5 };

describe.each([
  [EXEMPTION, { Resources: [{ TagList: [{ Key: 'dbauth:exempt', Value: 'batch job' }] }], TagKey: 'dbauth:exempt' }, { Exempt: true, Reason: 'batch job' }],
  [EXEMPTION, { Resources: [{ TagList: [{ Key: 'dbauth:exempt', Value: '' }] }], TagKey: 'dbauth:exempt' }, { Exempt: true, Reason: '(no reason given)' }],
  [EXEMPTION, { Resources: [{ TagList: [{ Key: 'team', Value: 'graph' }] }], TagKey: 'dbauth:exempt' }, { Exempt: false, Reason: '' }],
  [EXEMPTION, { Resources: [{}], TagKey: 'dbauth:exempt' }, { Exempt: false, Reason: '' }],
  [EXEMPTION, { Tags: [], TagKey: 'dbauth:exempt' }, { Exempt: false, Reason: '' }],
  [LIST_HAS, { Resources: [{ EnabledCloudwatchLogsExports: ['slowquery', 'audit'] }], Field: 'EnabledCloudwatchLogsExports', Value: 'audit' }, { Contains: true }],
  [LIST_HAS, { Resources: [{}], Field: 'EnabledCloudwatchLogsExports', Value: 'audit' }, { Contains: false }],
  [FIELD_IS, { Resources: [{ EngineMode: 'Serverless' }], Field: 'EngineMode', Value: 'serverless' }, { Is: true }],
  [FIELD_IS, { Resources: [{}], Field: 'EngineMode', Value: 'serverless' }, { Is: false }],
  [SNAPSHOT_PUBLIC, { Attributes: [{ AttributeName: 'restore', AttributeValues: ['all', '444455556666'] }] }, { Public: true }],
  [SNAPSHOT_PUBLIC, { Attributes: [{ AttributeName: 'restore', AttributeValues: [] }] }, { Public: false }],
  [AT_LEAST, { Value: 7, Minimum: 7 }, { AtLeast: true }],
  [AT_LEAST, { Value: 1, Minimum: 7 }, { AtLeast: false }],
  [INSTANCE_STATE, { Resources: [{ PendingModifiedValues: {} }] }, { ClusterMember: false, DBClusterIdentifier: '', HasPendingModifications: false, PendingModifications: '' }],
  [
    INSTANCE_STATE,
    { Resources: [{ DBClusterIdentifier: 'orders', PendingModifiedValues: { EngineVersion: '8.0.40', DBInstanceClass: 'db.r6g.large', PendingCloudwatchLogsExports: {} } }] },
    { ClusterMember: true, DBClusterIdentifier: 'orders', HasPendingModifications: true, PendingModifications: 'DBInstanceClass, EngineVersion' },
  ],
  [NEPTUNE_SETTINGS, { Resources: [{ NeptuneSettings: { ...settings, IamAuthEnabled: false } }] }, { Complete: true, Missing: '', IamAuthEnabled: false }],
  [NEPTUNE_SETTINGS, { Resources: [{ NeptuneSettings: { S3BucketName: 'b' } }] }, { Complete: false, Missing: 'ServiceAccessRoleArn, S3BucketFolder, ErrorRetryDuration, MaxFileSize, MaxRetryCount', IamAuthEnabled: false }],
  [NEPTUNE_SETTINGS, { Resources: [{}] }, { Complete: false, Missing: 'ServiceAccessRoleArn, S3BucketName, S3BucketFolder, ErrorRetryDuration, MaxFileSize, MaxRetryCount', IamAuthEnabled: false }],
  [NEPTUNE_SETTINGS_KEPT, { Before: settings, Resources: [{ NeptuneSettings: { ...settings, IamAuthEnabled: true } }] }, { Kept: true, Changed: '' }],
  [NEPTUNE_SETTINGS_KEPT, { Before: settings, Resources: [{ NeptuneSettings: { ...settings, MaxRetryCount: 3, IamAuthEnabled: true } }] }, { Kept: false, Changed: 'MaxRetryCount' }],
  [NEPTUNE_SETTINGS_KEPT, { Before: settings, Resources: [{ NeptuneSettings: { ...settings } }] }, { Kept: false, Changed: 'IamAuthEnabled (not true)' }],
  [AUDIT_LOG_NOTE, { Resources: [{ DBClusterParameterGroup: 'graph-params' }] }, { Note: expect.stringContaining('graph-params sets neptune_enable_audit_log to 1') }],
] as const)('%#: %s', (script, payload, expected) => {
  it(`${script.handler} answers`, async () => {
    expect(await run(script, payload)).toEqual(expected);
  });
});

it.each([
  [EXEMPTION, { Resources: [], TagKey: 'k' }, /expected exactly one resource, found 0/],
  [INSTANCE_STATE, { Resources: [{}, {}] }, /expected exactly one resource, found 2/],
  [AT_LEAST, { Value: '7', Minimum: 7 }, /must be integers/],
  [REFUSE, { Reason: 'no, because' }, /^Exception: no, because$/],
] as const)('%#: %s fails the step when it cannot decide', async (script, payload, expected) => {
  const failure = run(script, payload);
  await expect(failure).rejects.toThrow(ScriptError);
  await expect(failure).rejects.toThrow(expected);
});

it('answers for a script that prints: what it prints is not its result', async () => {
  const printing = { handler: 'noisy', source: "def noisy(events, context):\n    print('working')\n    return {'Done': True}\n" };
  expect(await run(printing, {})).toEqual({ Done: true });
  expect(await run(AT_LEAST, { Value: 7, Minimum: 7 })).toEqual({ AtLeast: true });
});

it('runs the same scripts with Pyodide, as on a machine without python3', () => {
  const code = `
    import { pyodideEngine } from './remediations/script';
    import { EXEMPTION } from './remediations/builder/scripts';
    pyodideEngine().run(EXEMPTION.source, EXEMPTION.handler, { Resources: [{ TagList: [{ Key: 'k', Value: 'why' }] }], TagKey: 'k' })
      .then((answer) => process.stdout.write(JSON.stringify(answer)));
  `;
  const result = spawnSync(process.execPath, [join(__dirname, '../../node_modules/tsx/dist/cli.mjs'), '-e', code], { cwd: join(__dirname, '../..'), encoding: 'utf8', timeout: 120_000 });
  expect([result.status, result.stderr.trim(), JSON.parse(result.stdout || 'null') as unknown]).toEqual([0, '', { Exempt: true, Reason: 'why' }]);
}, 150_000);
