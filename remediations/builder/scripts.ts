/**
 * The Python of the aws:executeScript steps, each written once. They call no AWS API: each reads what a
 * Describe step before it returned (a MapList, present whenever the resource exists) and answers with
 * plain values, so that a missing field is a Python `get` with a default, never an unmatched selector.
 */

/** The resource of a Describe list, or an error: a guard that cannot see its resource refuses. */
const ONE_RESOURCE = `
def one_resource(resources):
    if not isinstance(resources, list) or len(resources) != 1:
        raise ValueError('expected exactly one resource, found %s' % (len(resources) if isinstance(resources, list) else 'none'))
    return resources[0]
`;

export interface Script {
  readonly handler: string;
  readonly source: string;
}

function script(handler: string, body: string, helpers = ''): Script {
  return { handler, source: `${helpers}${body}`.trim() + '\n' };
}

/** Exempt when the resource carries the tag key; its value is the reason. Tags come as Tags or as the resource's TagList. */
export const EXEMPTION = script(
  'exemption',
  `
def exemption(events, context):
    tags = events.get('Tags')
    if tags is None:
        tags = one_resource(events.get('Resources')).get('TagList') or []
    for tag in tags:
        if tag.get('Key') == events['TagKey']:
            return {'Exempt': True, 'Reason': tag.get('Value') or '(no reason given)'}
    return {'Exempt': False, 'Reason': ''}
`,
  ONE_RESOURCE,
);

/** Fails the step with the reason: how every Refuse and Fail step stops the automation. */
export const REFUSE = script(
  'refuse',
  `
def refuse(events, context):
    raise Exception(events['Reason'])
`,
);

/** Whether the resource's list field (e.g. EnabledCloudwatchLogsExports, absent when empty) holds a value. */
export const LIST_HAS = script(
  'list_has',
  `
def list_has(events, context):
    values = one_resource(events.get('Resources')).get(events['Field']) or []
    return {'Contains': events['Value'] in values}
`,
  ONE_RESOURCE,
);

/** Whether the resource's String field (absent reads as empty) equals a value, ignoring case. */
export const FIELD_IS = script(
  'field_is',
  `
def field_is(events, context):
    value = one_resource(events.get('Resources')).get(events['Field']) or ''
    return {'Is': str(value).lower() == events['Value'].lower()}
`,
  ONE_RESOURCE,
);

/** What the audit-log runbook cannot do: the parameter group setting that makes Neptune record audit events. */
export const AUDIT_LOG_NOTE = script(
  'audit_log_note',
  `
def audit_log_note(events, context):
    group = one_resource(events.get('Resources')).get('DBClusterParameterGroup') or '(unknown)'
    return {'Note': 'audit logs are now exported, but Neptune records audit events only when the DB cluster parameter group %s sets neptune_enable_audit_log to 1 (then reboot the writer): until it does, the rule stays NON_COMPLIANT' % group}
`,
  ONE_RESOURCE,
);

/** Whether a cluster snapshot's restore attribute holds `all` (public). */
export const SNAPSHOT_PUBLIC = script(
  'snapshot_public',
  `
def snapshot_public(events, context):
    for attribute in events.get('Attributes') or []:
        if attribute.get('AttributeName') == 'restore':
            return {'Public': 'all' in (attribute.get('AttributeValues') or [])}
    return {'Public': False}
`,
);

/** Whether an Integer setting is at least a minimum. */
export const AT_LEAST = script(
  'at_least',
  `
def at_least(events, context):
    value = events['Value']
    minimum = events['Minimum']
    if not isinstance(value, int) or not isinstance(minimum, int):
        raise TypeError('Value and Minimum must be integers, got %r and %r' % (value, minimum))
    return {'AtLeast': value >= minimum}
`,
);

/** A DB instance's cluster membership and its pending modifications (PendingModifiedValues is a map). */
export const INSTANCE_STATE = script(
  'instance_state',
  `
def instance_state(events, context):
    instance = one_resource(events.get('Resources'))
    pending = sorted(name for name, value in (instance.get('PendingModifiedValues') or {}).items() if value not in (None, '', [], {}))
    return {
        'ClusterMember': bool(instance.get('DBClusterIdentifier')),
        'DBClusterIdentifier': instance.get('DBClusterIdentifier') or '',
        'HasPendingModifications': len(pending) > 0,
        'PendingModifications': ', '.join(pending),
    }
`,
  ONE_RESOURCE,
);

/** The NeptuneSettings members ModifyEndpoint must send back (all of the shape's but IamAuthEnabled). */
export const NEPTUNE_SETTING_FIELDS = ['ServiceAccessRoleArn', 'S3BucketName', 'S3BucketFolder', 'ErrorRetryDuration', 'MaxFileSize', 'MaxRetryCount'] as const;

/** Whether a DMS endpoint reports every NeptuneSettings member to send back, and its IamAuthEnabled. */
export const NEPTUNE_SETTINGS = script(
  'neptune_settings',
  `
FIELDS = (${NEPTUNE_SETTING_FIELDS.map((f) => `'${f}'`).join(', ')})

def neptune_settings(events, context):
    settings = one_resource(events.get('Resources')).get('NeptuneSettings') or {}
    missing = [name for name in FIELDS if settings.get(name) in (None, '')]
    return {'Complete': len(missing) == 0, 'Missing': ', '.join(missing), 'IamAuthEnabled': settings.get('IamAuthEnabled') is True}
`,
  ONE_RESOURCE,
);

/** After ModifyEndpoint: IamAuthEnabled is true and every other member is what it was. */
export const NEPTUNE_SETTINGS_KEPT = script(
  'neptune_settings_kept',
  `
def neptune_settings_kept(events, context):
    before = events['Before']
    after = one_resource(events.get('Resources')).get('NeptuneSettings') or {}
    changed = [name for name in sorted(before) if after.get(name) != before[name]]
    if after.get('IamAuthEnabled') is not True:
        changed.append('IamAuthEnabled (not true)')
    return {'Kept': len(changed) == 0, 'Changed': ', '.join(changed)}
`,
  ONE_RESOURCE,
);
