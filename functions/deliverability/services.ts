import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { traced } from '../adapters/aws/powertools';
import type { Config } from '../config/schema';
import type { Services } from '../use-cases/deps';
import { NoDnsResolver, UdpDnsResolver } from './adapters/udp-resolver';
import { DynamoDeliverabilityStore } from './data/dynamo-deliverability-store';
import type { DnsResolver } from './ports';
import type { DeliverabilityDeps } from './use-cases/deps';

/** The resolver the config names (`deliverability.blacklist.resolver`), or none: checks then report "unknown". */
export function configuredResolver(config: Config, override?: string): DnsResolver {
  const bl = config.deliverability.blacklist;
  const server = override ?? bl.resolver;
  return server
    ? new UdpDnsResolver({ server, timeoutMs: bl.queryTimeoutMs, attempts: bl.attempts })
    : new NoDnsResolver();
}

/** The deliverability desk's services on top of a function's services: its store on the same table, the resolver. */
export function deliverabilityServices(
  services: Services,
  tableName: string,
  client = traced(new DynamoDBClient({}))
): DeliverabilityDeps {
  return {
    ...services,
    desk: new DynamoDeliverabilityStore(client, tableName),
    dns: configuredResolver(services.config),
  };
}
