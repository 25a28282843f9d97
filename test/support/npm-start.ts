import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/dynamodb';
import { eventually } from './harness';
import { type StaffFetch, staffClients, TEST_ADMIN } from './staff';

export interface RunningCaseflow {
  http: string;
  smtpPort: number;
  dataDir: string;
  outboxDir: string;
  /** The API as the admin it was started with, signed in like a user. */
  api: StaffFetch;
  as(email: string): StaffFetch;
  post(path: string, body: Record<string, unknown>): Promise<Response>;
  /** From spawn to the first 200 on /health. */
  startupMs: number;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL to the whole process group (node, DynamoDB Local): a crash, nothing cleaned up. */
  kill(): Promise<void>;
}

/**
 * Runs the embedded default as `npm start` does (node dist/local/main.mjs, built by the test set-up
 * as by prestart) in a process of its own, on free ports and a temp data dir, with the given
 * CASEFLOW_* knobs, and waits for /health.
 */
export async function startNpmStart(
  env: Record<string, string> = {},
  /**
   * An existing data dir (a restart); it is then left in place on stop. `generatedAdmin`: start as a
   * newcomer does, without CASEFLOW_ADMIN_* (the first admin's password is generated).
   */
  options: { dataDir?: string; generatedAdmin?: boolean } = {}
): Promise<RunningCaseflow> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'caseflow-e2e-')));
  const smtpPort = await freePort();
  // A restart may keep its port (the issuer's address, in every token, is on it).
  const httpPort = env.CASEFLOW_HTTP_PORT ? Number(env.CASEFLOW_HTTP_PORT) : await freePort();
  const http = `http://127.0.0.1:${httpPort}`;
  let output = '';
  const started = Date.now();
  const child = spawn(process.execPath, [join('dist', 'local', 'main.mjs')], {
    env: {
      ...process.env,
      CASEFLOW_DATA_DIR: dataDir,
      CASEFLOW_SMTP_PORT: String(smtpPort),
      CASEFLOW_HTTP_PORT: String(httpPort),
      ...(options.generatedAdmin
        ? {}
        : { CASEFLOW_ADMIN_EMAIL: TEST_ADMIN.email, CASEFLOW_ADMIN_PASSWORD: TEST_ADMIN.password }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so kill() takes DynamoDB Local (Java) down with it.
    detached: true,
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    // Anything of its group still alive (DynamoDB Local after a slow shutdown) goes too.
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  const kill = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  };
  try {
    await eventually(async () => (await fetch(`${http}/health`)).status === 200, 30_000, 'health');
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    http,
    ...staffClients(http),
    smtpPort,
    dataDir,
    outboxDir: join(dataDir, 'outbox'),
    startupMs: Date.now() - started,
    output: () => output,
    stop,
    kill,
  };
}
