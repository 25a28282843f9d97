import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { embeddedConfig } from '../../config/embedded';
import { dynamoStores } from '../../data/dynamo-stores';
import type { Log } from '../../ports';
import type { Services, Stores } from '../../use-cases/deps';
import { RandomIds } from '../random-ids';
import { SystemClock } from '../system-clock';
import { EventBridgeBus } from './eventbridge-bus';

/** What every function's environment has. */
export interface AwsServiceEnv {
  TABLE_NAME: string;
  EVENT_BUS_NAME: string;
  PUBLIC_BASE_URL?: string;
}

/** What every function has: the config, the stores on the case table, the event bus (CaseflowFunction grants both). */
export type BaseServices = Stores &
  Pick<Services, 'config' | 'clock' | 'events' | 'ids' | 'log' | 'publicBaseUrl'>;

/** The ports a function adds when it uses them, each with its own AWS client. */
export type AddedPorts = Omit<Services, keyof BaseServices>;

const PORTS = {
  mailer: 'sending mail (SES)',
  sms: 'SMS (SNS)',
  codec: 'the MIME parser',
  bucket: 'the raw mail bucket',
  attachments: 'the attachment store',
  workflows: 'the state machines (Step Functions)',
  signer: 'page link signing (KMS)',
} satisfies Record<keyof AddedPorts, string>;

/** A port this function was not built with: using it is a clear error (and IAM would refuse anyway). */
export const unavailable = <T extends object>(what: string): T =>
  new Proxy({} as T, {
    get() {
      throw new Error(`${what} is not configured for this function`);
    },
  });

/**
 * The composition root on AWS: the same use-cases, with AWS adapters. Each function passes the
 * ports it uses, built by their adapters' factories (`sesMailer`, `sfnWorkflows`, …), so its bundle
 * holds only those SDK clients; its type holds only those ports, so a use-case that needs another
 * does not compile. At run time every other port is `unavailable`.
 */
export function awsServices<P extends Partial<AddedPorts>>(
  env: AwsServiceEnv,
  log: Log,
  ports: P
): BaseServices & P {
  const config = embeddedConfig();
  const absent = Object.fromEntries(Object.entries(PORTS).map(([port, what]) => [port, unavailable(what)]));
  const base: BaseServices = {
    config,
    clock: new SystemClock(),
    ...dynamoStores(new DynamoDBClient({}), env.TABLE_NAME, config.scale),
    events: new EventBridgeBus(new EventBridgeClient({}), env.EVENT_BUS_NAME),
    ids: new RandomIds(),
    log,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? 'https://invalid.example',
  };
  return { ...(absent as AddedPorts), ...base, ...ports };
}
