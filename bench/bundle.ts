/**
 * Bundle size and cold init of the rule Lambda, against a floor: a bundle built the same way that only
 * imports and constructs the SDK clients the rules use. Each module is loaded in fresh node processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BundleFigures {
  readonly bytes: number;
  readonly sdkOnlyBytes: number;
  readonly ms: number;
  readonly sdkOnlyMs: number;
}

type BundleLambda = (options: { outdir: string; entry?: string }) => Promise<{ outfile: string; bytes: number }>;

const SDK_ONLY = `
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { RDSClient } from '@aws-sdk/client-rds';
import { STSClient } from '@aws-sdk/client-sts';
const region = process.env.AWS_REGION;
export const clients = [new ConfigServiceClient({ region }), new RDSClient({ region }), new DatabaseMigrationServiceClient({ region }), new STSClient({ region })];
`;

const RUNS = 7;

/** Median milliseconds that `require(file)` takes in a fresh node process. */
function coldInit(file: string): number {
  const probe = `const t = process.hrtime.bigint(); require(${JSON.stringify(file)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, ['-e', probe], {
      encoding: 'utf8',
      env: { ...process.env, DBAUTH_RULE_ID: 'neptune-cluster-iam-database-authentication', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr.trim().split('\n')[0] ?? ''}`);
    times.push(Number(run.stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function measureBundle(): Promise<BundleFigures> {
  const script = pathToFileURL(join(__dirname, '..', 'scripts', 'bundle.mjs')).href;
  const { bundleLambda } = (await import(script)) as { bundleLambda: BundleLambda };
  const dir = mkdtempSync(join(tmpdir(), 'dbauth-bench-'));
  try {
    const rule = await bundleLambda({ outdir: join(dir, 'rule') });
    const entry = join(__dirname, '.sdk-only-entry.ts');
    writeFileSync(entry, SDK_ONLY);
    let sdkOnly: { outfile: string; bytes: number };
    try {
      sdkOnly = await bundleLambda({ outdir: join(dir, 'sdk-only'), entry });
    } finally {
      rmSync(entry, { force: true });
    }
    return { bytes: rule.bytes, sdkOnlyBytes: sdkOnly.bytes, ms: coldInit(rule.outfile), sdkOnlyMs: coldInit(sdkOnly.outfile) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
