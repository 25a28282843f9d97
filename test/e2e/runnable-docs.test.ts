import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentationFiles, runnableBlocks } from '../docs/runnable';
import { type RunningCaseflow, startNpmStart } from '../support/npm-start';

/**
 * The docs run: every `<!-- runnable -->` sh block of README.md and docs/*.md, in reading order,
 * against one fresh `npm start` (demo config, 5× as the tour, its own data dir and ports), in a
 * working folder that looks like a fresh clone (the repository's files linked in, `.caseflow` the
 * instance's data dir). Port 3000 in a block is the instance's HTTP port.
 */
const run = promisify(execFile);
const repo = resolve('.');
const blocks = documentationFiles().flatMap((file) => runnableBlocks(file));

let cf: RunningCaseflow;
let work: string;
let env: NodeJS.ProcessEnv;
let httpPort: string;

beforeAll(async () => {
  cf = await startNpmStart({ CASEFLOW_TIME_SCALE: '5', CASEFLOW_CONFIG: '' }, { generatedAdmin: true });
  httpPort = new URL(cf.http).port;
  work = await mkdtemp(join(tmpdir(), 'caseflow-docs-'));
  const tracked = (await run('git', ['ls-files'], { cwd: repo })).stdout.split('\n').filter(Boolean);
  for (const entry of new Set([...tracked.map((f) => f.split('/')[0] as string), 'node_modules']))
    await symlink(join(repo, entry), join(work, entry));
  await symlink(cf.dataDir, join(work, '.caseflow'));
  env = {
    ...process.env,
    CASEFLOW_DATA_DIR: cf.dataDir,
    CASEFLOW_HTTP_PORT: httpPort,
    CASEFLOW_SMTP_PORT: String(cf.smtpPort),
    CASEFLOW_API_URL: '',
    CASEFLOW_CONFIG: '',
  };
}, 90_000);

afterAll(async () => {
  await cf?.stop();
  if (!work) return;
  // Links first, so nothing behind them is touched; then what the blocks wrote.
  for (const entry of await readdir(work, { withFileTypes: true }))
    if (entry.isSymbolicLink()) await unlink(join(work, entry.name));
  await rm(work, { recursive: true, force: true });
});

describe('runnable docs', () => {
  it('there are runnable blocks in the README and in docs/', () => {
    expect(blocks.filter((b) => b.file === 'README.md').length).toBeGreaterThanOrEqual(5);
    expect(blocks.filter((b) => b.file !== 'README.md').length).toBeGreaterThanOrEqual(3);
  });

  // One file's blocks run in order (the tour builds on its demo); the files run side by side.
  const files = [...new Set(blocks.map((b) => b.file))];
  for (const file of files) {
    it.concurrent(`${file}: every runnable block exits 0 and prints what the text says`, async () => {
      for (const block of blocks.filter((b) => b.file === file)) {
        const script = block.script.replace(/\b(localhost|127\.0\.0\.1):3000\b/g, `$1:${httpPort}`);
        const result = await run('bash', ['-euo', 'pipefail', '-c', script], {
          cwd: work,
          env,
          timeout: 60_000,
        }).catch((error: { code?: number; stdout?: string; stderr?: string }) => error);
        const { stdout = '', stderr = '' } = result as { stdout?: string; stderr?: string };
        const where = `${block.file}:${block.line}\n${script}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
        expect((result as { code?: number }).code ?? 0, where).toBe(0);
        if (block.prints) expect(stdout.trimEnd(), where).toBe(block.prints.trimEnd());
      }
    }, 120_000);
  }
});
