/**
 * Every allowedPattern a runbook may use, each proven by values it must accept and values it must refuse
 * (injection attempts among them). A runbook parameter whose pattern is not here fails the convention test.
 */
export interface RegisteredPattern {
  readonly pattern: string;
  readonly valid: readonly string[];
  readonly invalid: readonly string[];
}

const INJECTIONS = ['', ' ', "x'; rm -rf /", '{{ AutomationAssumeRole }}', 'a\nb', 'a b', '$(whoami)', 'x"}'];

export const REGEX_REGISTRY: readonly RegisteredPattern[] = [
  {
    pattern: String.raw`^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role/[\w+=,.@/-]{1,512}$`,
    valid: [
      'arn:aws:iam::111122223333:role/dbauth-remediation',
      'arn:aws-cn:iam::111122223333:role/service-role/Remediate.Role_1',
      'arn:aws-us-gov:iam::111122223333:role/a+b=c,d@e',
    ],
    invalid: [...INJECTIONS, 'arn:aws:iam::1111:role/x', 'arn:aws:iam::111122223333:user/alice', 'arn:aws-iso:iam::111122223333:role/x', 'arn:aws:iam::111122223333:role/'],
  },
  {
    pattern: '^cluster-[A-Za-z0-9]{1,255}$',
    valid: ['cluster-7QZ3K5M2XW4N8R6T1Y9P0A2B3C', 'cluster-abc'],
    invalid: [...INJECTIONS, 'cluster-', 'db-ABC', 'cluster-AB C', 'graph-prod', 'cluster-ABC;x'],
  },
  {
    pattern: '^db-[A-Za-z0-9]{1,255}$',
    valid: ['db-KOCU7UR74VM3AC4R3H2UXX7PE4', 'db-a'],
    invalid: [...INJECTIONS, 'db-', 'cluster-ABC', 'shop-mysql', 'db-AB/C'],
  },
  {
    pattern: '^(?:rds:)?[A-Za-z][A-Za-z0-9-]{0,254}$',
    valid: ['graph-manual-1', 'rds:graph-prod-2025-06-02-03-10', 'a'],
    invalid: [...INJECTIONS, '1snapshot', 'rds:', 'snap_shot', 'arn:aws:rds:us-east-1:111122223333:cluster-snapshot:x'],
  },
  {
    pattern: String.raw`^(?:arn:aws(?:-cn|-us-gov)?:dms:[a-z0-9-]{1,32}:\d{12}:endpoint:[A-Za-z0-9-]{1,255}|[A-Za-z][A-Za-z0-9-]{0,254})$`,
    valid: ['arn:aws:dms:us-east-1:123456789012:endpoint:NEPTUNEOFFAAAAAAAAAAAAAAAA', 'ep-neptune', 'arn:aws-cn:dms:cn-north-1:111122223333:endpoint:ABC'],
    invalid: [...INJECTIONS, 'arn:aws:dms:us-east-1:1234:endpoint:X', 'arn:aws:rds:us-east-1:123456789012:endpoint:X', '9endpoint', 'ep_1'],
  },
  {
    pattern: '^[A-Za-z0-9 _.:/=+@-]{1,128}$',
    valid: ['dbauth:exempt', 'security/exempt', 'Exempt Reason'],
    invalid: ['', "x'; y", '{{ x }}', 'a\nb', 'x'.repeat(129), '$(whoami)'],
  },
  {
    pattern: '^(?:true|false)$',
    valid: ['true', 'false'],
    invalid: [...INJECTIONS, 'True', 'yes', 'true '],
  },
  {
    pattern: '^(?:[7-9]|[12][0-9]|3[0-5])$',
    valid: ['7', '8', '9', '10', '19', '20', '29', '30', '35'],
    invalid: [...INJECTIONS, '0', '1', '6', '36', '07', '100', '-7', '7.5'],
  },
];

export function registeredPattern(pattern: string): RegisteredPattern | undefined {
  return REGEX_REGISTRY.find((entry) => entry.pattern === pattern);
}
