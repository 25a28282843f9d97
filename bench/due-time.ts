/**
 * Due-time throughput, side by side on the same inputs: our business calendar vs dayjs-business-time and
 * moment-business-time, all with the same hours (Mon–Fri 07:00–17:00 Europe/Warsaw) and the same holidays
 * (our Polish statutory list, fed to each library). Prints computations per second, ours ÷ the fastest
 * library, and how many of each library's answers agree with ours (ours are hand-checked by
 * test/unit/calendar*.test.ts), with examples of the disagreements and their cause.
 *
 *   npx tsx bench/due-time.ts [--n 20000] [--seed 42] [--budget 6]
 *
 * Each contender runs in a child process of its own, under the process time zone it needs (Lambda runs in
 * UTC). A library gets `--budget` seconds of computing and answers the inputs in order until it runs out
 * (a prefix of the same random list). A call that does not return within 3 s is recorded as hung, the child
 * is killed, and a new one carries on with the next input.
 */
import { fork } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import businessTime from 'dayjs-business-time';
import moment from 'moment-timezone';
import 'moment-business-time';
import { createCalendar, polishHolidays } from '../functions/domain/calendar';
import { mulberry32 } from './seeded-random';

declare module 'moment' {
  interface Moment {
    addWorkingTime(amount: number, unit: 'minutes'): Moment;
  }
}

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = arg('n', 20_000);
const SEED = arg('seed', 42);
const LIBRARY_BUDGET_MS = arg('budget', 6) * 1000;
const OURS_BUDGET_MS = 2_000;
const HANG_MS = 3_000;
const MAX_HANGS = 3;
const ZONE = 'Europe/Warsaw';
const OPEN = '07:00';
const CLOSE = '17:00';

// --- the same inputs for everyone (deterministic: every child makes the same list) -----------------------
type Input = { start: number; minutes: number };
function makeInputs(): Input[] {
  const rnd = mulberry32(SEED);
  const from = Date.UTC(2026, 0, 1);
  const to = Date.UTC(2028, 0, 1);
  const list: Input[] = [];
  for (let i = 0; i < N; i++) {
    let start = from + Math.floor((rnd() * (to - from)) / 60_000) * 60_000; // whole minutes
    // One in ten starts exactly at an opening or a closing time, where the rules differ most.
    if (rnd() < 0.1) {
      const day = moment.tz(start, ZONE).format('YYYY-MM-DD');
      start = moment.tz(`${day} ${rnd() < 0.5 ? OPEN : CLOSE}`, 'YYYY-MM-DD HH:mm', ZONE).valueOf();
    }
    list.push({ start, minutes: 1 + Math.floor(rnd() * 5 * 600) }); // 1 min … 5 business days of 10 h
  }
  return list;
}
const holidays = [2026, 2027, 2028].flatMap((y) => polishHolidays(y).map((h) => h.date));

// --- the contenders, configured alike ------------------------------------------------------------------
const ours = createCalendar({
  timeZone: ZONE,
  weekly: {
    mon: [[OPEN, CLOSE]],
    tue: [[OPEN, CLOSE]],
    wed: [[OPEN, CLOSE]],
    thu: [[OPEN, CLOSE]],
    fri: [[OPEN, CLOSE]],
    sat: [],
    sun: [],
  },
  holidays: 'PL',
});

interface Contender {
  name: string;
  /** The process time zone it runs under. */
  tz: string;
  setup(): void;
  due(input: Input): number;
}

const contenders: Contender[] = [
  {
    name: 'caseflow calendar (ours)',
    tz: 'UTC',
    setup() {},
    due: ({ start, minutes }) => ours.addBusinessMinutes(new Date(start), minutes).getTime(),
  },
  {
    name: 'dayjs-business-time, process TZ=Europe/Warsaw',
    tz: ZONE,
    setup: setupDayjs,
    due: ({ start, minutes }) => dayjs(start).addBusinessMinutes(minutes).valueOf(),
  },
  {
    name: 'dayjs-business-time + dayjs tz plugin, TZ=UTC',
    tz: 'UTC',
    setup: setupDayjs,
    due: ({ start, minutes }) => dayjs(start).tz(ZONE).addBusinessMinutes(minutes).valueOf(),
  },
  {
    name: 'moment-business-time + moment-timezone, TZ=UTC',
    tz: 'UTC',
    setup: setupMoment,
    due: ({ start, minutes }) => moment.tz(start, ZONE).addWorkingTime(minutes, 'minutes').valueOf(),
  },
  {
    name: 'moment-business-time, process TZ=Europe/Warsaw',
    tz: ZONE,
    setup: setupMoment,
    due: ({ start, minutes }) => moment(start).addWorkingTime(minutes, 'minutes').valueOf(),
  },
];

function setupDayjs() {
  const day = [{ start: `${OPEN}:00`, end: `${CLOSE}:00` }];
  dayjs.extend(utc);
  dayjs.extend(timezone);
  dayjs.extend(businessTime);
  dayjs.setBusinessTime({
    sunday: null,
    monday: day,
    tuesday: day,
    wednesday: day,
    thursday: day,
    friday: day,
    saturday: null,
  });
  dayjs.setHolidays(holidays);
}

function setupMoment() {
  const day = [`${OPEN}:00`, `${CLOSE}:00`];
  moment.updateLocale(moment.locale(), {
    workinghours: { 0: null, 1: day, 2: day, 3: day, 4: day, 5: day, 6: null },
    holidays,
  } as moment.LocaleSpecification);
}

// --- a child: answer inputs from --from on, logging each one synchronously to --log ---------------------
function child(k: number, from: number, budgetMs: number, log: string, allPasses: boolean) {
  const c = contenders[k]!;
  c.setup();
  const inputs = makeInputs();
  const fd = openSync(log, 'a');
  // Warm up on an input far from any DST change or holiday (ours builds a year table here).
  for (let i = 0; i < 20; i++) c.due({ start: Date.parse('2026-11-16T10:00:00+01:00'), minutes: 240 + i });
  let spent = 0;
  if (allPasses) {
    // Ours is fast enough to answer the whole list, over and over, for the budget.
    const answers = new Float64Array(N);
    let passes = 0;
    const t0 = performance.now();
    do {
      for (let i = 0; i < N; i++) answers[i] = c.due(inputs[i]!);
      passes++;
    } while (performance.now() - t0 < budgetMs);
    spent = performance.now() - t0;
    const lines: string[] = [];
    for (let i = 0; i < N; i++) lines.push(`A ${i} ${answers[i]} 0`);
    lines.push(`P ${passes} ${spent}`);
    writeSync(fd, `${lines.join('\n')}\n`);
  } else {
    for (let i = from; i < N && spent < budgetMs; i++) {
      writeSync(fd, `S ${i}\n`);
      let answer: number;
      const t0 = performance.now();
      try {
        answer = c.due(inputs[i]!);
      } catch {
        answer = Number.NaN;
      }
      const dt = performance.now() - t0;
      spent += dt;
      writeSync(fd, `A ${i} ${answer} ${dt}\n`);
    }
  }
  writeSync(fd, 'E\n');
  closeSync(fd);
}

// --- the parent: run each contender, survive hangs, compare ------------------------------------------------
interface Result {
  name: string;
  answers: Float64Array;
  answered: number;
  hung: number[];
  threw: number;
  opsPerSec: number;
}

function parseLog(log: string) {
  const answers = new Map<number, { value: number; ms: number }>();
  let started = -1;
  let passes: { passes: number; ms: number } | undefined;
  let ended = false;
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const [kind, a, b, c] = line.split(' ');
    if (kind === 'S') started = Number(a);
    else if (kind === 'A') answers.set(Number(a), { value: Number(b), ms: Number(c) });
    else if (kind === 'P') passes = { passes: Number(a), ms: Number(b) };
    else if (kind === 'E') ended = true;
  }
  return { answers, started, passes, ended };
}

async function runChild(k: number, from: number, budgetMs: number, log: string): Promise<'ended' | 'hung'> {
  const c = contenders[k]!;
  const proc = fork(
    fileURLToPath(import.meta.url),
    [
      '--child',
      String(k),
      '--from',
      String(from),
      '--budget-ms',
      String(budgetMs),
      '--log',
      log,
      '--n',
      String(N),
      '--seed',
      String(SEED),
    ],
    { execArgv: ['--import', 'tsx'], env: { ...process.env, TZ: c.tz }, stdio: 'inherit' }
  );
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  let lastSize = -1;
  let lastChange = performance.now();
  for (;;) {
    const done = await Promise.race([
      exited.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 200)),
    ]);
    if (done) return 'ended';
    const size = statSync(log, { throwIfNoEntry: false })?.size ?? 0;
    if (size !== lastSize) {
      lastSize = size;
      lastChange = performance.now();
    } else if (size > 0 && performance.now() - lastChange > HANG_MS) {
      proc.kill('SIGKILL');
      await exited;
      return 'hung';
    }
  }
}

async function measure(k: number, dir: string): Promise<Result> {
  const c = contenders[k]!;
  const answers = new Float64Array(N).fill(Number.NaN);
  const hung: number[] = [];
  let spent = 0;
  let answered = 0;
  let from = 0;
  let opsPerSec = 0;
  let threw = 0;
  for (let attempt = 0; from < N && spent < (k === 0 ? OURS_BUDGET_MS : LIBRARY_BUDGET_MS); attempt++) {
    const log = join(dir, `${k}-${attempt}.log`);
    const budget = (k === 0 ? OURS_BUDGET_MS : LIBRARY_BUDGET_MS) - spent;
    const how = await runChild(k, from, budget, log);
    const parsed = parseLog(log);
    for (const [i, { value, ms }] of parsed.answers) {
      answers[i] = value;
      spent += ms;
      if (Number.isNaN(value)) threw++;
    }
    if (parsed.passes) {
      opsPerSec = (parsed.passes.passes * N) / (parsed.passes.ms / 1000);
      answered = N;
      break;
    }
    const last = Math.max(-1, ...parsed.answers.keys());
    if (how === 'hung' && parsed.started > last) {
      hung.push(parsed.started);
      from = parsed.started + 1;
    } else {
      from = last + 1;
      if (parsed.ended) break;
    }
    if (hung.length >= MAX_HANGS) break; // each hang costs 3 s; three tell the story
  }
  if (k !== 0) {
    answered = 0;
    for (let i = 0; i < N; i++) if (!Number.isNaN(answers[i]!)) answered++;
    answered += threw;
    opsPerSec = answered / (spent / 1000);
  }
  return { name: c.name, answers, answered, hung, threw, opsPerSec };
}

const fmtLocal = (t: number) => (Number.isNaN(t) ? '—' : moment.tz(t, ZONE).format('ddd YYYY-MM-DD HH:mm Z'));

/** Why a library's answer differs from ours, when we can tell. */
function cause(input: Input, theirs: number, mine: number): string {
  const diffMin = (theirs - mine) / 60_000;
  const dueLocal = moment.tz(mine, ZONE);
  const theirsLocal = moment.tz(theirs, ZONE);
  const startOffset = moment.tz(input.start, ZONE).utcOffset();
  if (startOffset !== dueLocal.utcOffset() && Math.abs(diffMin) === 60) {
    return 'off by one hour across a DST change (wall-clock hours taken with the start’s UTC offset)';
  }
  if (theirsLocal.format('HH:mm') === OPEN && dueLocal.format('HH:mm') === CLOSE) {
    return 'due at the next opening instead of exactly at closing';
  }
  if (!ours.isOpen(new Date(theirs)) && theirsLocal.format('HH:mm') !== CLOSE)
    return 'answer lies in closed time';
  return `off by ${diffMin} min`;
}

async function main() {
  const began = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'due-time-bench-'));
  const inputs = makeInputs();
  console.log(
    `due-time bench: ${N} (start, minutes) pairs, starts over 2026–2027 (whole minutes, 10% exactly at ${OPEN} or ${CLOSE}),` +
      ` targets 1 min … 5 business days; Mon–Fri ${OPEN}–${CLOSE} ${ZONE}; ${holidays.length} Polish holidays 2026–2028` +
      ` (24 Dec included) fed to every library; seed ${SEED}. Libraries get ${LIBRARY_BUDGET_MS / 1000} s of computing each.\n`
  );
  const results: Result[] = [];
  try {
    for (let k = 0; k < contenders.length; k++) results.push(await measure(k, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const mine = results[0]!;
  const libs = results.slice(1);

  const w = Math.max(...results.map((r) => r.name.length));
  console.log(
    `${'contender'.padEnd(w)}  ${'computations/s'.padStart(14)}  ${'answered'.padStart(8)}  ${'agree with ours'.padStart(20)}  notes`
  );
  for (const r of results) {
    let agree = 0;
    for (let i = 0; i < N; i++) if (!Number.isNaN(r.answers[i]!) && r.answers[i] === mine.answers[i]) agree++;
    const pct = r.answered ? ((agree / r.answered) * 100).toFixed(2) : '0';
    const notes = [
      r.hung.length ? `${r.hung.length} never returned (killed after ${HANG_MS / 1000} s)` : '',
      r.threw ? `${r.threw} threw` : '',
    ]
      .filter(Boolean)
      .join('; ');
    console.log(
      `${r.name.padEnd(w)}  ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(14)}  ${String(r.answered).padStart(8)}  ${`${agree}/${r.answered} (${pct}%)`.padStart(20)}  ${notes}`
    );
  }
  const fastest = libs.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
  console.log(
    `\nours ÷ the fastest library (${fastest.name}): ${(mine.opsPerSec / fastest.opsPerSec).toFixed(0)}× (goal ≥ 10×)`
  );

  for (const lib of libs) {
    const causes = new Map<string, { count: number; examples: string[] }>();
    const note = (why: string, example: string) => {
      const entry = causes.get(why) ?? { count: 0, examples: [] };
      entry.count++;
      if (entry.examples.length < 2) entry.examples.push(example);
      causes.set(why, entry);
    };
    for (let i = 0; i < N; i++) {
      const input = inputs[i]!;
      const theirs = lib.answers[i]!;
      const m = mine.answers[i]!;
      const example = `${fmtLocal(input.start)} + ${input.minutes} min → ours ${fmtLocal(m)}, theirs ${fmtLocal(theirs)}`;
      if (lib.hung.includes(i)) note(`never returned (killed after ${HANG_MS / 1000} s)`, example);
      else if (Number.isNaN(theirs) || theirs === m) continue;
      else note(cause(input, theirs, m), example);
    }
    if (causes.size === 0) continue;
    console.log(`\n${lib.name}: where it differs from ours`);
    for (const [why, { count, examples }] of [...causes].sort((a, b) => b[1].count - a[1].count)) {
      console.log(`  ${count} × ${why}`);
      for (const e of examples) console.log(`      e.g. ${e}`);
    }
  }
  console.log(`\n(${((performance.now() - began) / 1000).toFixed(0)} s in all)`);
}

if (args.includes('--child')) {
  child(
    arg('child', 0),
    arg('from', 0),
    arg('budget-ms', LIBRARY_BUDGET_MS),
    args[args.indexOf('--log') + 1]!,
    arg('child', 0) === 0
  );
} else {
  await main();
}
