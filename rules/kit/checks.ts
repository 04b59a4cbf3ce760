import { InvalidParameterError } from './errors';
import type { ParameterSpec } from './parameters';
import { listParameter } from './parameters';
import type { Verdict } from './verdict';
import { compliant, nonCompliant } from './verdict';

/**
 * Verdict builders and parameters shared by checks that differ only in their words: a master user name
 * that must not be a well-known default. (A boolean setting that must be on: `requireSetting`, rules/hint.ts.)
 * Each rule keeps its own id, metadata and annotations; only the logic lives here.
 */

/** How annotations name one resource: "Neptune cluster graph-prod", or just the noun when no identifier is recorded. */
export function named(noun: string, identifier: string | undefined): string {
  return identifier ? `${noun} ${identifier}` : noun;
}

/** Master user names that engines or consoles propose by default, compared case-insensitively. */
export const DEFAULT_ADMIN_USER_NAMES = ['admin', 'postgres', 'root', 'sa', 'master', 'mysql', 'dbadmin'] as const;

/** The parameters of both default-admin checks: a deny list (replaceable) and AWS's optional allow list. */
export const adminUserNameParameters = {
  defaultAdminUserNames: listParameter({
    description: 'Default master user names, comma-separated and case-insensitive; replaces the built-in list',
    default: DEFAULT_ADMIN_USER_NAMES,
    lowerCase: true,
  }),
  validAdminUserNames: listParameter({
    description: 'Allowed master user names, comma-separated and case-insensitive: when given, any other name is NON_COMPLIANT (a default name stays NON_COMPLIANT even if listed)',
    lowerCase: true,
  }),
};

export interface AdminUserNameRules {
  readonly defaultAdminUserNames: readonly string[] | undefined;
  readonly validAdminUserNames: readonly string[] | undefined;
}

/**
 * Judges a master user name. The deny list always applies and the allow list narrows further, so listing a
 * default name as valid never makes it compliant. Non-default names are never echoed: the annotation is
 * shown more widely than the configuration item.
 */
export function judgeAdminUserName(name: string | undefined, names: AdminUserNameRules, resource: string, fix: string): Verdict {
  if (name === undefined || name.trim() === '') {
    return nonCompliant(`the master user name of ${resource} is not recorded, so this rule cannot tell whether it is a default: check it by hand`);
  }
  const lower = name.trim().toLowerCase();
  if ((names.defaultAdminUserNames ?? DEFAULT_ADMIN_USER_NAMES).includes(lower)) {
    return nonCompliant(`${resource} uses the default master user name "${name}": ${fix}`);
  }
  if (names.validAdminUserNames && !names.validAdminUserNames.includes(lower)) {
    return nonCompliant(`the master user name of ${resource} is not one of validAdminUserNames: ${fix}`);
  }
  return compliant(names.validAdminUserNames ? 'master user name is one of validAdminUserNames' : 'master user name is not a default name');
}

/** A comma-separated list of KMS key ARNs; a key id or alias would never match a recorded key, so it is an error. */
export function kmsKeyArnsParameter(description: string): ParameterSpec<readonly string[] | undefined> {
  const list = listParameter({ description, lowerCase: true });
  return {
    ...list,
    parse(raw, name) {
      const arns = list.parse(raw, name);
      const wrong = arns?.filter((arn) => !KMS_KEY_ARN.test(arn)) ?? [];
      if (wrong.length > 0) {
        throw new InvalidParameterError(name, `${wrong.join(', ')} ${wrong.length === 1 ? 'is not a KMS key ARN' : 'are not KMS key ARNs'} (arn:aws:kms:<region>:<account>:key/<key id>)`);
      }
      return arns;
    },
  };
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[^\s/]+$/;
