/** Small builders of real-shaped templates and plans for the check tests. */
type Json = Record<string, unknown>;

export function template(resources: Json): Json {
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
}

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly after: Json;
  readonly afterUnknown?: Json;
  readonly actions?: readonly string[];
}

/** A plan as `terraform show -json` prints it, with one resource change per entry. */
export function plan(changes: readonly PlannedChange[], configuration?: Json): Json {
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    resource_changes: changes.map(({ address, type, after, afterUnknown, actions }) => ({
      address,
      mode: 'managed',
      type,
      name: address.split('.').pop(),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: actions ?? ['create'], before: null, after, after_unknown: afterUnknown ?? {} },
    })),
    ...(configuration ? { configuration } : {}),
  };
}
