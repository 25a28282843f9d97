import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDeliverabilityStore } from './data/dynamo-deliverability-store';
import type { DnsResolver } from './ports';
import type { DeliverabilityDeps } from './use-cases/deps';

/**
 * The deliverability desk's services on top of a function's services: its store on the same
 * table, and a resolver (the configured one for the blacklist check: `configuredResolver` in
 * adapters/udp-resolver.ts; `NoDnsResolver` where nothing queries DNS).
 */
export function deliverabilityServices(
  services: Omit<DeliverabilityDeps, 'desk' | 'dns' | 'elapsedMs'>,
  tableName: string,
  dns: DnsResolver,
  client = new DynamoDBClient({})
): DeliverabilityDeps {
  return { ...services, desk: new DynamoDeliverabilityStore(client, tableName), dns };
}
