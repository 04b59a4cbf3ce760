import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AssumeRoleError, describeCause } from './errors';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** The clients a rule may need, made on first use. */
export interface AwsClients {
  readonly accountId: string;
  readonly region: string;
  readonly config: ConfigServiceClient;
  readonly rds: RDSClient;
  readonly dms: DatabaseMigrationServiceClient;
}

export interface ClientFactoryOptions {
  /** Credentials of the Lambda itself; the default provider chain when absent. */
  readonly credentials?: Credentials;
  /** Called on every client made (tests and the simulated account install their transport here). */
  readonly configure?: (client: object) => void;
  /** Retries per call, throttling included; the SDK's adaptive retry mode spaces them out. */
  readonly maxAttempts?: number;
  readonly now?: () => number;
}

/** Assumed credentials are reused until this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
const SESSION_SECONDS = 3600;

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

export function executionRoleArn(accountId: string, region: string, roleName: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

/**
 * Makes clients for the account and region of the evaluated resource. With a role name, credentials come
 * from assuming that role in the resource's account (through the regional STS endpoint) and are cached per
 * account and role until shortly before they expire, so a warm Lambda assumes each role once, not per event.
 */
export class ClientFactory {
  private readonly assumed = new Map<string, Promise<Credentials>>();
  private sts: STSClient | undefined;
  /** AssumeRole calls made; read by tests and the benchmark. */
  assumeRoleCalls = 0;

  constructor(private readonly options: ClientFactoryOptions = {}) {}

  async clientsFor(accountId: string, region: string, roleName: string | undefined): Promise<AwsClients> {
    const credentials = roleName ? await this.assume(accountId, region, roleName) : this.options.credentials;
    return this.makeClients(accountId, region, credentials);
  }

  private makeClients(accountId: string, region: string, credentials: Credentials | undefined): AwsClients {
    const config = { region, maxAttempts: this.options.maxAttempts ?? 6, retryMode: 'adaptive', ...(credentials ? { credentials } : {}) };
    const made = new Map<string, object>();
    const lazy = <T extends object>(name: string, make: () => T): T => {
      let client = made.get(name) as T | undefined;
      if (!client) {
        client = make();
        this.options.configure?.(client);
        made.set(name, client);
      }
      return client;
    };
    return {
      accountId,
      region,
      get config() {
        return lazy('config', () => new ConfigServiceClient(config));
      },
      get rds() {
        return lazy('rds', () => new RDSClient(config));
      },
      get dms() {
        return lazy('dms', () => new DatabaseMigrationServiceClient(config));
      },
    };
  }

  private assume(accountId: string, region: string, roleName: string): Promise<Credentials> {
    const roleArn = executionRoleArn(accountId, region, roleName);
    const key = `${roleArn}|${region}`;
    const cached = this.assumed.get(key);
    if (cached) {
      return cached.then((credentials) =>
        credentials.expiration && credentials.expiration.getTime() - REFRESH_MARGIN_MS <= (this.options.now ?? Date.now)()
          ? this.refresh(key, roleArn, accountId, region)
          : credentials,
      );
    }
    return this.refresh(key, roleArn, accountId, region);
  }

  private refresh(key: string, roleArn: string, accountId: string, region: string): Promise<Credentials> {
    const pending = this.callAssumeRole(roleArn, accountId, region);
    this.assumed.set(key, pending);
    pending.catch(() => this.assumed.delete(key));
    return pending;
  }

  private async callAssumeRole(roleArn: string, accountId: string, region: string): Promise<Credentials> {
    if (!this.sts) {
      this.sts = new STSClient({ region, maxAttempts: this.options.maxAttempts ?? 6, retryMode: 'adaptive', ...(this.options.credentials ? { credentials: this.options.credentials } : {}) });
      this.options.configure?.(this.sts);
    }
    this.assumeRoleCalls++;
    try {
      const { Credentials: c } = await this.sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'dbauth-config-rules', DurationSeconds: SESSION_SECONDS }),
      );
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS returned no credentials');
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    } catch (cause) {
      const name = (cause as { name?: string }).name;
      const hint =
        name === 'AccessDenied' || name === 'AccessDeniedException'
          ? `access denied (${describeCause(cause)}). Check that the role exists in that account, that its trust policy names this Lambda's role, and that this Lambda's role may call sts:AssumeRole on it`
          : describeCause(cause);
      throw new AssumeRoleError(roleArn, accountId, hint, { cause });
    }
  }
}
