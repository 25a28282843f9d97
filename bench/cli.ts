import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run bench:cli`: what one `caseflow sla due …` costs (the command as installed:
 * bin/caseflow.mjs and the bundle it runs), against a bare Node start-up (`node -e 0`) measured
 * alternately in the same run: wall time from spawn to exit and peak resident memory, medians of
 * RUNS. The goal: ≤ 2× bare Node and ≤ 60 MB peak. For comparison, the same command through tsx
 * from the sources, as it ran before it was bundled.
 *
 *   npm run bench:cli [-- --runs 11]
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 11);
const TIME_RATIO = 2;
const PEAK_MB = 60;
const SLA_DUE = ['sla', 'due', '--plan', 'STANDARD', '--received', '2026-12-23T16:30:00+01:00'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

// Every run, the bare one too, preloads this: it writes the peak resident set to fd 3 at exit.
const probeDir = mkdtempSync(join(tmpdir(), 'caseflow-bench-cli-'));
const probe = join(probeDir, 'peak.cjs');
writeFileSync(
  probe,
  "process.on('exit', () => require('node:fs').writeSync(3, String(process.resourceUsage().maxRSS)));\n"
);

const cases = [
  { name: 'bare node (node -e 0)', args: ['-e', '0'] },
  { name: 'caseflow sla due', args: ['bin/caseflow.mjs', ...SLA_DUE] },
  { name: 'the sources through tsx', args: ['--import', 'tsx', 'cli/main.ts', ...SLA_DUE] },
];

function once(args: string[]): { ms: number; peakMb: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--require', probe, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, CASEFLOW_CONFIG: '' },
  });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  return { ms, peakMb: Number(String(child.output[3])) / 1024 };
}

function main(): void {
  const results = cases.map(() => ({ ms: [] as number[], peakMb: [] as number[] }));
  for (const c of cases) once(c.args); // warm the file cache
  const measure = (k: number) => {
    const r = once(cases[k]?.args ?? []);
    results[k]?.ms.push(r.ms);
    results[k]?.peakMb.push(r.peakMb);
  };
  // The two that the goal compares alternate; the slow tsx runs come after, apart from them.
  for (let i = 0; i < RUNS; i++) {
    measure(0);
    measure(1);
  }
  for (let i = 0; i < RUNS; i++) measure(2);
  rmSync(probeDir, { recursive: true, force: true });
  const bare = median(results[0]?.ms ?? []);
  console.log(`medians of ${RUNS} runs (bare Node and caseflow alternating):`);
  cases.forEach((c, k) => {
    const ms = median(results[k]?.ms ?? []);
    const mb = median(results[k]?.peakMb ?? []);
    console.log(
      `  ${c.name.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / bare).toFixed(2).padStart(5)}× bare  ${mb.toFixed(1).padStart(6)} MB peak`
    );
  });
  const ratio = median(results[1]?.ms ?? []) / bare;
  const peak = median(results[1]?.peakMb ?? []);
  const holds = ratio <= TIME_RATIO && peak <= PEAK_MB;
  console.log(
    `goal: caseflow sla due ≤ ${TIME_RATIO}× bare Node, ≤ ${PEAK_MB} MB peak  ${ratio.toFixed(2)}×, ${peak.toFixed(1)} MB peak ` +
      `${holds ? 'holds' : 'MISSED'}`
  );
  if (!holds) process.exitCode = 1;
}

main();
