/**
 * What the CLI checks before its first AWS call: that every region exists in a partition the SDK knows, and
 * that a named profile exists. Both faults otherwise surface late and misleadingly (a DNS failure for
 * `us-eest-1`; "no credentials" for a misspelled profile).
 */
import { partition } from '@aws-sdk/core/client';
import { ENV_PROFILE, loadSharedConfigFiles } from '@smithy/core/config';
import { splitList } from '../rules/kit';
import { UsageError } from './errors';

/** A region that no partition of the SDK's endpoint data lists, or no region at all. */
export class UnknownRegionError extends UsageError {}

/** A profile that neither the shared config file nor the credentials file defines. */
export class MissingProfileError extends UsageError {}

/**
 * True when the SDK's partition data (the `partitions` table that ships in @aws-sdk/core and drives every
 * client's endpoint resolution) lists the region. A region younger than the installed SDK is unknown
 * until the SDK is updated.
 */
export function isKnownRegion(region: string): boolean {
  return 'description' in partition(region);
}

/** Regions from the options (space- or comma-separated), else AWS_REGION / AWS_DEFAULT_REGION; each checked. */
export function resolveRegions(given: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const regions = given.flatMap(splitList);
  const fallback = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  const chosen = regions.length > 0 ? regions : fallback ? [fallback] : [];
  if (chosen.length === 0) throw new UnknownRegionError('no region: pass --region (several allowed) or set AWS_REGION');
  const unknown = chosen.filter((region) => !isKnownRegion(region));
  if (unknown.length > 0) {
    const hint = unknown.map((region) => nearestRegion(region)).find((near) => near !== undefined);
    throw new UnknownRegionError(
      `unknown region ${unknown.join(', ')}: not a region of any AWS partition known to this SDK${hint ? ` (did you mean ${hint}?)` : ''}; ` +
        'check the spelling, or update dbauth if the region is newer than it',
    );
  }
  return [...new Set(chosen)];
}

/** The region most users mean by a typo: one edit away from a well-known one. */
function nearestRegion(typo: string): string | undefined {
  const [area, direction, number] = typo.split('-');
  if (area === undefined || direction === undefined || number === undefined) return undefined;
  const directions = ['east', 'west', 'north', 'south', 'central', 'northeast', 'southeast', 'northwest', 'southwest', 'gov-east', 'gov-west'];
  for (const candidate of directions) {
    const region = `${area}-${candidate}-${number}`;
    if (candidate !== direction && editDistance(candidate, direction) === 1 && isKnownRegion(region)) return region;
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * Selects a named profile (--profile, or AWS_PROFILE) after checking that the shared config or credentials
 * file defines it (the SDK would otherwise say only that it found no credentials).
 */
export async function useProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const name = profile ?? env[ENV_PROFILE];
  if (name === undefined || name === '') return;
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  if (!(name in files.configFile) && !(name in files.credentialsFile)) {
    const known = [...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)])].filter((key) => !key.includes(' '));
    const where = `${env['AWS_CONFIG_FILE'] ?? '~/.aws/config'} or ${env['AWS_SHARED_CREDENTIALS_FILE'] ?? '~/.aws/credentials'}`;
    throw new MissingProfileError(
      `no AWS profile named ${name} in ${where}${known.length > 0 ? ` (profiles there: ${known.sort().join(', ')})` : ''}: ` +
        `create it (aws configure --profile ${name}, or aws configure sso) or pass another --profile`,
    );
  }
  env[ENV_PROFILE] = name;
}
