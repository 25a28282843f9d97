import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../local/dynamodb-process';

/**
 * `npm run bench:start-up`: time from `npm start` to the first `200 {"status":"ok"}` on /health,
 * each run in a fresh data dir on free ports (as a newcomer's first start: table, users and the
 * issuer's key made), RUNS times, against a bare Node start-up (`node -e 0`, spawn to exit)
 * measured alternately in the same run; medians. The goal: ≤ 3 s on a warm machine.
 *
 *   npm run bench:start-up [-- --runs 5] [-- --command "node dist/local/main.mjs"]
 *
 * `--command` times another command line instead of `npm start` (what its start script runs,
 * for instance, to leave npm's own start-up out).
 */
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('runs') ?? 5);
const COMMAND = (arg('command') ?? 'npm start').split(' ');
const GOAL_MS = 3000;
const TIMEOUT_MS = 60_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function bareNode(): number {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return performance.now() - started;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // The process group: npm, node and DynamoDB Local.
  process.kill(-child.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // all gone
  }
}

async function toHealthy(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'caseflow-bench-start-'));
  const httpPort = await freePort();
  const smtpPort = await freePort();
  let output = '';
  const started = performance.now();
  const [command = 'npm', ...args] = COMMAND;
  const child = spawn(command, args, {
    env: {
      ...process.env,
      CASEFLOW_DATA_DIR: dataDir,
      CASEFLOW_HTTP_PORT: String(httpPort),
      CASEFLOW_SMTP_PORT: String(smtpPort),
      CASEFLOW_ADMIN_EMAIL: 'admin@support.example.com',
      CASEFLOW_ADMIN_PASSWORD: 'Bench-admin-Passw0rd!',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${httpPort}/health`)
        .then(async (r) => r.status === 200 && ((await r.json()) as { status?: string }).status === 'ok')
        .catch(() => false);
      if (ok) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`${COMMAND.join(' ')} exited:\n${output}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`no /health ok in 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

async function main(): Promise<void> {
  const starts: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(bareNode());
    const ms = await toHealthy();
    starts.push(ms);
    console.log(`  run ${i + 1}: ${(ms / 1000).toFixed(2)} s to /health ok`);
  }
  const start = median(starts);
  const node = median(bare);
  console.log(
    `${COMMAND.join(' ')} → /health ok: median ${(start / 1000).toFixed(2)} s of ${RUNS} fresh starts ` +
      `(${(start / node).toFixed(0)}× a bare node start-up, ${node.toFixed(0)} ms)`
  );
  console.log(
    `goal: npm start → /health ok ≤ ${GOAL_MS / 1000} s  ${(start / 1000).toFixed(2)} s  ${start <= GOAL_MS ? 'holds' : 'MISSED'}`
  );
  if (start > GOAL_MS) process.exitCode = 1;
}

await main();
