import { Unknown, isUnknown } from './declared';
import { InvalidDeclarationError } from './values';

/**
 * `IamAuthEnabled=true` in a DMS endpoint's extra connection attributes ("key=value;key=value"), the older
 * way of giving Neptune settings (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.Neptune.html,
 * "Endpoint settings when using Amazon Neptune as a target"). Undefined when the attribute is not given.
 */
export function iamAuthFromConnectionAttributes(attributes: unknown, where: string): boolean | Unknown | undefined {
  if (attributes === undefined || attributes === null || attributes === '') return undefined;
  if (isUnknown(attributes)) return attributes;
  if (typeof attributes !== 'string') throw new InvalidDeclarationError(where, 'expected a string of key=value pairs');
  for (const pair of attributes.split(';')) {
    const [key, value] = pair.split('=').map((part) => part.trim());
    if (key?.toLowerCase() === 'iamauthenabled') {
      if (value !== undefined && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw new InvalidDeclarationError(where, `IamAuthEnabled must be true or false, got ${JSON.stringify(value ?? '')}`);
    }
  }
  return undefined;
}

/**
 * Multi-AZ of a Neptune cluster, judged from the instances the template declares for it: Config records
 * `multiAZ` true when the cluster has instances in more than one Availability Zone. Two zones stated is
 * true; one instance, or every zone stated and the same, is false; no instance, or instances whose zones
 * Neptune chooses at deploy, cannot be known.
 */
export function neptuneMultiAz(zones: readonly unknown[]): boolean | Unknown {
  if (zones.length === 0) return new Unknown('no instance of this cluster is declared here, so its Availability Zones are not known');
  const stated = new Set(zones.filter((zone): zone is string => typeof zone === 'string'));
  if (stated.size >= 2) return true;
  if (zones.length === 1 || zones.every((zone) => typeof zone === 'string')) return false;
  return new Unknown('instances of this cluster without a stated AvailabilityZone (Neptune chooses it at deploy)');
}
