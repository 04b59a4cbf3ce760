/** One cache folder per test run for the synthesized deployments (test/infra/synth.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function globalSetup(): void {
  process.env['DBAUTH_INFRA_CACHE'] = mkdtempSync(path.join(tmpdir(), 'dbauth-infra-cache-'));
}
