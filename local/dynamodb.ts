import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  apiProjection,
  caseTableDefinition,
  keyAttributeNames,
} from '../functions/adapters/aws/table-definition';
import type { Log } from '../functions/ports';
import {
  type DynamoDbLocalProcessOptions,
  type Emulator,
  type LaunchedDynamoDbLocal,
  LocalSetupError,
  launchDynamoDbLocal,
} from './dynamodb-process';

export { checkJava, freePort, LocalSetupError } from './dynamodb-process';

/**
 * DynamoDB Local (AWS's own emulator, its process in local/dynamodb-process.ts) and the client
 * that talks to it; the table is created from the same definition CDK deploys.
 */
export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  /** The emulator's process id (a fault test kills it). */
  pid(): number | undefined;
  /** Null while it answers; otherwise why not (shown by /health). */
  health(): Promise<string | null>;
  stop(): Promise<void>;
}

/** Fixed credentials: DynamoDB Local ignores them, but the SDK wants some (never real ones). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: LOCAL_CREDENTIALS, maxAttempts: 5 });
}

/** How long a restarted emulator waits before the next attempt, growing to the last. */
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

export interface DynamoDbLocalOptions extends DynamoDbLocalProcessOptions {
  /** Restart the emulator when it exits on its own (with back-off), logging each step. */
  supervise?: { log: Log; onRestarted?: () => void };
  /** The emulator already spawned by the caller (npm start spawns it before loading the rest). */
  launched?: Promise<LaunchedDynamoDbLocal>;
}

async function waitUntilAnswering(endpoint: string, emulator: Emulator): Promise<void> {
  // One attempt per ask: the SDK's own retries back off up to seconds while the port is still
  // closed, and the start would wait that long after the emulator is up.
  const probe = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      try {
        await Promise.race([probe.send(new ListTablesCommand({ Limit: 1 })), emulator.exited]);
        return;
      } catch (error) {
        if (error instanceof LocalSetupError) throw error;
        if (Date.now() > deadline) {
          emulator.child.kill();
          throw new LocalSetupError(`DynamoDB Local did not answer within 30 s: ${emulator.stderr().trim()}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  } finally {
    probe.destroy();
  }
}

/**
 * Starts DynamoDB Local on a free port of 127.0.0.1 (bound there only: the emulator has no
 * authentication). Supervised, it is restarted on the same port when it exits on its own.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const launched = await (options.launched ?? launchDynamoDbLocal(options));
  const endpoint = `http://127.0.0.1:${launched.port}`;
  const client = localDynamoClient(endpoint);
  let emulator = launched.emulator;
  try {
    await launched.javaChecked;
  } catch (error) {
    emulator.child.kill();
    throw error;
  }
  await waitUntilAnswering(endpoint, emulator);

  let stopping = false;
  let restarting: Promise<void> | undefined;
  const supervise = options.supervise;
  const watch = (current: Emulator) => {
    current.exited.catch((error: Error) => {
      if (stopping || !supervise) return;
      supervise.log.error('DynamoDB Local exited; restarting it', { error: error.message.slice(0, 300) });
      restarting = restart().finally(() => {
        restarting = undefined;
      });
    });
  };
  const restart = async () => {
    for (let attempt = 0; !stopping; attempt++) {
      const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)] ?? 30_000;
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        const next = launched.respawn();
        await waitUntilAnswering(endpoint, next);
        emulator = next;
        watch(next);
        supervise?.log.info('DynamoDB Local is back', { attempt: attempt + 1 });
        supervise?.onRestarted?.();
        return;
      } catch (error) {
        supervise?.log.error('DynamoDB Local restart failed', {
          attempt: attempt + 1,
          error: (error as Error).message.slice(0, 300),
        });
      }
    }
  };
  watch(emulator);

  return {
    endpoint,
    client,
    pid: () => emulator.child.pid,
    health: async () => {
      if (restarting || emulator.child.exitCode !== null || emulator.child.signalCode !== null)
        return 'DynamoDB Local is not running (restarting)';
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return null;
      } catch (error) {
        return `DynamoDB Local does not answer: ${(error as Error).name}`;
      }
    },
    stop: async () => {
      stopping = true;
      client.destroy();
      const child = emulator.child;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Creates the case table from the shared definition unless it exists. */
export async function ensureCaseTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const def = caseTableDefinition;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyAttributeNames().map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: 'HASH' },
          { AttributeName: def.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((gsi) => ({
          IndexName: gsi.indexName,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: apiProjection(gsi.projection),
        })),
      })
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
      })
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await client.send(new DescribeTableCommand({ TableName: tableName }));
}
