import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { makeLambdaClient } from './invoke';
import { RDSClient } from '@aws-sdk/client-rds';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** The clients a rule may need, made on first use and kept for the life of the container. */
export interface AwsClients {
  readonly accountId: string;
  readonly region: string;
  readonly config: ConfigServiceClient;
  readonly rds: RDSClient;
  readonly dms: DatabaseMigrationServiceClient;
}

type Service = 'config' | 'rds' | 'dms' | 'lambda';

export interface ClientFactoryOptions {
  /** Credentials of the Lambda itself; the default provider chain when absent. */
  readonly credentials?: Credentials;
  /** Called on every client made (tests and the simulated account install their transport here). */
  readonly configure?: (client: object) => void;
  /** Retries per call, throttling included; the SDK's adaptive retry mode spaces them out. */
  readonly maxAttempts?: number;
  /** More constructor settings, made for each client (the benchmark passes a retry strategy with a simulated clock). */
  readonly clientConfig?: () => Readonly<Record<string, unknown>>;
}

/** How many attempts a call gets, throttling included: the SDK's adaptive retry mode spaces them out. */
export const DEFAULT_MAX_ATTEMPTS = 6;

/** The constructor settings every AWS client of the pack uses: the region (undefined: the SDK's own lookup) and adaptive retries. */
export function retryingClientConfig(region: string | undefined, maxAttempts = DEFAULT_MAX_ATTEMPTS) {
  return { region, maxAttempts, retryMode: 'adaptive' } as const;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/**
 * Makes the clients of one account and region, once: a warm Lambda container reuses them (and their
 * keep-alive connections) for every later event instead of building new ones per invocation. A rule
 * Lambda reads and reports only the account it runs in, with its own credentials, so the cache is keyed
 * by account and region alone.
 */
export class ClientFactory {
  private readonly made = new Map<string, AwsClients>();
  private readonly lambdas = new Map<string, LambdaClient>();
  /** Clients constructed so far, per service; read by tests and the benchmark. */
  readonly constructed: Record<Service, number> = { config: 0, rds: 0, dms: 0, lambda: 0 };

  constructor(private readonly options: ClientFactoryOptions = {}) {}

  clientsFor(accountId: string, region: string): AwsClients {
    const key = `${accountId}|${region}`;
    let clients = this.made.get(key);
    if (!clients) {
      clients = this.makeClients(accountId, region);
      this.made.set(key, clients);
    }
    return clients;
  }

  /** The Lambda client of a region, made on first use: only a sweep that hands its rest to its own function's next invocation uses it. */
  lambdaFor(region: string): LambdaClient {
    let client = this.lambdas.get(region);
    if (!client) {
      client = this.track('lambda', makeLambdaClient(this.clientConfig(region)));
      this.lambdas.set(region, client);
    }
    return client;
  }

  private clientConfig(region: string) {
    const { credentials, maxAttempts, clientConfig } = this.options;
    return { ...retryingClientConfig(region, maxAttempts), ...(credentials ? { credentials } : {}), ...clientConfig?.() };
  }

  private track<T extends object>(service: Service, client: T): T {
    this.constructed[service]++;
    this.options.configure?.(client);
    return client;
  }

  private makeClients(accountId: string, region: string): AwsClients {
    const config = this.clientConfig(region);
    const cache: Partial<Record<Service, object>> = {};
    const lazy = <T extends object>(name: Service, make: () => T): T => {
      let client = cache[name] as T | undefined;
      if (!client) {
        client = this.track(name, make());
        cache[name] = client;
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
}

let containerFactory: ClientFactory | undefined;

/** The factory of this Lambda container: one per process, so clients survive from one event to the next. */
export function containerClientFactory(): ClientFactory {
  containerFactory ??= new ClientFactory();
  return containerFactory;
}
