import { spawn, spawnSync } from 'node:child_process';

/**
 * `npm run bench`: every timing goal, one bench after another (never side by side: each measures
 * against a baseline from its own run, and two at once would slow both), then each goal's line
 * again in one summary. A bench that misses a goal still lets the others run; the exit code says
 * whether all held.
 */
// The CLI and the local server run from bundles (scripts/build.mjs, skipped when up to date).
const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) throw new Error('building the bundles failed');

const BENCHES: { name: string; args: string[] }[] = [
  { name: 'intake', args: ['--import', 'tsx', 'bench/intake.ts'] },
  { name: 'due time', args: ['--import', 'tsx', 'bench/due-time.ts'] },
  { name: 'Lambda cold start', args: ['--import', 'tsx', 'bench/cold-start.ts'] },
  { name: 'CLI start-up', args: ['--import', 'tsx', 'bench/cli.ts'] },
  { name: 'npm start', args: ['--import', 'tsx', 'bench/start-up.ts'] },
  { name: 'SLA report', args: ['--import', 'tsx', 'bench/reports.ts'] },
];

async function run(bench: { name: string; args: string[] }): Promise<{ code: number; goals: string[] }> {
  process.stdout.write(`\n── ${bench.name} ──\n`);
  const child = spawn(process.execPath, bench.args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const goals: string[] = [];
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    goals.push(...lines.filter((l) => /^\s*goal:/.test(l)).map((l) => l.trim()));
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, goals };
}

const results: { name: string; code: number; goals: string[] }[] = [];
for (const bench of BENCHES) results.push({ name: bench.name, ...(await run(bench)) });

process.stdout.write('\n── goals ──\n');
for (const r of results) {
  process.stdout.write(`${r.name}${r.code === 0 ? '' : ' (missed a goal or failed)'}\n`);
  for (const goal of r.goals) process.stdout.write(`  ${goal}\n`);
}
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
