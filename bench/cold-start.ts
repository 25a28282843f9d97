/**
 * Cold start of every Lambda bundle, side by side with a bare Node start-up in the same run: for each
 * function of the synthesized app, its bundle's size and how long importing it takes, against the
 * budgets its CaseflowFunction declares (infra/constructs/caseflow-function.ts).
 *
 *   npx tsx bench/cold-start.ts [cdk.out] [--runs 7]
 *
 * Without a directory it runs `cdk synth` into a temporary one first (about 20 s), so it measures the
 * assets a deployment would upload.
 *
 * - bare start-up: the wall time of `node -e 0`, spawn to exit;
 * - import time: in a fresh `node` with the function's NODE_OPTIONS (source maps on, as on Lambda) and a
 *   Lambda-like environment, the time `await import(bundle)` takes, measured in that process: the work of
 *   the Init phase before the first event (module evaluation; clients and config are built on the first
 *   event);
 * - ratio: import time ÷ bare start-up. Each round runs the bare start-up and every import once, in a
 *   rotating order, so drift of a shared machine spreads over all of them; medians of `--runs` rounds.
 *
 * Exits 1 when a bundle misses the size goal or its import time exceeds its ratio. The ceilings the
 * constructs declare (the infra test's guard against growth) are listed beside the goal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BUNDLE_BUDGET_METADATA,
  BUNDLE_SIZE_BUDGET_KB,
  type BundleBudget,
  repoRoot,
} from '../infra/constructs/caseflow-function';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(option('runs') ?? 7);
const givenDir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

interface LambdaBundle extends BundleBudget {
  name: string;
  file: string;
  nodeOptions: string;
}

type Template = {
  Resources: Record<
    string,
    {
      Type: string;
      Metadata?: Record<string, unknown>;
      Properties?: { Environment?: { Variables?: Record<string, unknown> } };
    }
  >;
};

/** Every function with a bundle budget in the cloud assembly's templates, with its asset. */
function bundlesOf(outDir: string): LambdaBundle[] {
  return readdirSync(outDir)
    .filter((f) => f.endsWith('.template.json'))
    .flatMap((f) => Object.values((JSON.parse(readFileSync(join(outDir, f), 'utf8')) as Template).Resources))
    .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.[BUNDLE_BUDGET_METADATA])
    .map((r) => {
      const budget = r.Metadata?.[BUNDLE_BUDGET_METADATA] as BundleBudget;
      const options = r.Properties?.Environment?.Variables?.NODE_OPTIONS;
      return {
        ...budget,
        name: budget.entry.replace(/^.*\//, '').replace(/\.ts$/, ''),
        file: join(outDir, String(r.Metadata?.['aws:asset:path']), 'index.mjs'),
        nodeOptions: typeof options === 'string' ? options : '',
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What the Lambda runtime sets that the bundled code looks at while loading (AWS SDK, Powertools). */
const lambdaEnv = (b: LambdaBundle): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_OPTIONS: b.nodeOptions,
  AWS_LAMBDA_FUNCTION_NAME: `caseflow-${b.name}`,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  TZ: ':UTC',
});

function bareStartMs(): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-e', '0'], { env: { PATH: process.env.PATH } });
  if (run.status !== 0) throw new Error(`node -e 0 failed: ${run.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function importMs(b: LambdaBundle): number {
  const url = JSON.stringify(pathToFileURL(b.file).href);
  const script = `const t = performance.now(); import(${url}).then(() => process.stdout.write(String(performance.now() - t)));`;
  const run = spawnSync(process.execPath, ['-e', script], { env: lambdaEnv(b), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${b.name} failed:\n${run.stderr}`);
  return Number(run.stdout);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function synthesize(): { dir: string; cleanUp: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-cold-start-'));
  console.log(`cdk synth into ${dir} …`);
  const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`cdk synth failed:\n${run.stderr}`);
  return { dir, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}

const { dir, cleanUp } = givenDir ? { dir: resolve(givenDir), cleanUp: () => {} } : synthesize();
try {
  const bundles = bundlesOf(dir);
  if (!bundles.length) throw new Error(`no function with a bundle budget in ${dir}`);

  const bare: number[] = [];
  const imports = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  for (let round = 0; round < runs; round++) {
    const order = [...bundles.slice(round % bundles.length), ...bundles.slice(0, round % bundles.length)];
    bare.push(bareStartMs());
    for (const b of order) imports.get(b.name)?.push(importMs(b));
  }

  const bareMs = median(bare);
  console.log(`\nbare node start-up (node -e 0): ${bareMs.toFixed(1)} ms, median of ${runs}\n`);
  const rows = bundles.map((b) => {
    const kb = statSync(b.file).size / 1024;
    const ms = median(imports.get(b.name) ?? []);
    const ratio = ms / bareMs;
    // Judged against the goal (600 KB), not against a construct's raised ceiling (the test's guard).
    const over = [
      ...(kb > BUNDLE_SIZE_BUDGET_KB ? ['size'] : []),
      ...(ratio > b.importRatio ? ['import'] : []),
    ];
    return { b, kb, ms, ratio, over };
  });
  const header = ['function', 'bundle KB', 'import ms', 'ratio', 'goal', 'ceiling (test)'];
  const table = rows.map(({ b, kb, ms, ratio }) => [
    b.name,
    kb.toFixed(0),
    ms.toFixed(1),
    `${ratio.toFixed(2)}×`,
    `≤ ${BUNDLE_SIZE_BUDGET_KB} KB, ≤ ${b.importRatio}×`,
    `${b.maxKb} KB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] as string).length)));
  for (const r of [header, ...table]) console.log(r.map((c, i) => c.padEnd(widths[i] as number)).join('  '));
  console.log('');
  for (const { b, kb, ratio, over } of rows)
    console.log(
      `goal: ${b.name} bundle ≤ ${BUNDLE_SIZE_BUDGET_KB} KB, import ≤ ${b.importRatio}× bare start-up  ${kb.toFixed(0)} KB, ${ratio.toFixed(2)}×  ${over.length ? `MISSED (${over.join(', ')})` : 'holds'}`
    );
  if (rows.some((r) => r.over.length)) process.exitCode = 1;
} finally {
  cleanUp();
}
