/** Removes the run's cache folder of synthesized deployments. */
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const cache = process.env['DBAUTH_INFRA_CACHE'];
  if (cache) rmSync(cache, { recursive: true, force: true });
}
