/**
 * The glue between the simulated account and the runbook runner: the account's SDK clients by SSM service
 * name, and its identity. For the demo and the tests only; the runner knows nothing of the simulator.
 */
import type { RunbookTarget } from '../remediations';
import type { SimulatedAccount } from './account';

export function runbookTarget(account: SimulatedAccount, options: Partial<RunbookTarget> = {}): RunbookTarget {
  const clients = { rds: account.rdsClient(), neptune: account.neptuneClient(), dms: account.dmsClient() };
  return {
    clientFor: (service) => (Object.prototype.hasOwnProperty.call(clients, service) ? clients[service as keyof typeof clients] : undefined),
    accountId: account.accountId,
    region: account.region,
    partition: account.partition,
    ...options,
  };
}
