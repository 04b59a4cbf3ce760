/**
 * The AWS services the runbooks call, by the name SSM Automation uses for them (boto3's client names),
 * with the SDK v3 module that implements each and the IAM action prefix its operations need.
 */
import * as rds from '@aws-sdk/client-rds';
import * as neptune from '@aws-sdk/client-neptune';
import * as dms from '@aws-sdk/client-database-migration-service';

export type AutomationService = 'rds' | 'neptune' | 'dms';

interface SdkCommand {
  new (input: Record<string, unknown>): unknown;
}

export interface ServiceDefinition {
  /** What the SDK module exports: `<Api>Command` classes among others. */
  readonly sdk: Record<string, unknown>;
  /** IAM action prefix: Neptune's management API is authorized with `rds:` actions. */
  readonly iamPrefix: string;
}

export const automationServices: Record<AutomationService, ServiceDefinition> = {
  rds: { sdk: rds, iamPrefix: 'rds' },
  neptune: { sdk: neptune, iamPrefix: 'rds' },
  dms: { sdk: dms, iamPrefix: 'dms' },
};

export function isAutomationService(name: string): name is AutomationService {
  return Object.prototype.hasOwnProperty.call(automationServices, name);
}

/** The SDK v3 command class for `service`'s operation `api`, or undefined when the client has none. */
export function commandFor(service: string, api: string): SdkCommand | undefined {
  if (!isAutomationService(service)) return undefined;
  const candidate = automationServices[service].sdk[`${api}Command`];
  return typeof candidate === 'function' ? (candidate as SdkCommand) : undefined;
}

/** The IAM action that authorizes `service`'s operation `api`, e.g. `rds:ModifyDBCluster`. */
export function iamActionFor(service: AutomationService, api: string): string {
  return `${automationServices[service].iamPrefix}:${api}`;
}
