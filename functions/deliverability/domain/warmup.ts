import { WARMUP_PROVIDERS, type WarmupProvider } from './providers';

/**
 * IP warm-up (R-DLV-2) as stages with an overflow pool (research/deliverability.md §0.5, §2):
 * a stage table (default: SparkPost's published automated warm-up, 29 volume stages then done),
 * per-provider caps, and a daily decision per IP from the day's sending data:
 * - advance only when the day delivered MORE than `advanceDeliveredRatio` (90%) of the stage volume;
 * - hold when bounces or complaints reach a provider's (or the overall) hold threshold, or volume fell short;
 * - step the whole IP back `stepBackStages` when the overall rates reach the step-back thresholds;
 * - pull one provider back to the volume it accepted that day, for `providerHoldDays` (7), when that
 *   provider reaches its step-back thresholds ("pull that ISP back … for a week, then ramp again"),
 *   then ramp it by `providerRampFactor` (×1.5: "grow at most 50% a day") per healthy day.
 * Pure: days are `YYYY-MM-DD` (UTC) strings passed in.
 */

export const ALL_WARMUP_PROVIDERS: readonly WarmupProvider[] = [...WARMUP_PROVIDERS, 'other'];

export interface WarmupStage {
  stage: number;
  dailyVolume: number;
  /** Absolute per-provider caps for this stage (from an imported CSV); absent: the plan's shares apply. */
  providerCaps?: Partial<Record<WarmupProvider, number>>;
}

/** SparkPost (Bird) automated IP warm-up, stages 1–29 per day; stage 30 is "done" (research §2.1). */
export const SPARKPOST_STAGE_VOLUMES = [
  200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 40_000, 50_000, 75_000, 100_000, 150_000, 200_000, 250_000,
  325_000, 400_000, 500_000, 600_000, 750_000, 1_000_000, 1_250_000, 1_750_000, 2_000_000, 3_000_000,
  4_250_000, 5_000_000, 6_000_000, 7_500_000, 10_000_000,
] as const;

export const DEFAULT_WARMUP_STAGES: readonly WarmupStage[] = SPARKPOST_STAGE_VOLUMES.map(
  (dailyVolume, i) => ({
    stage: i + 1,
    dailyVolume,
  })
);

export interface RateThresholds {
  /** Bounced / sent. */
  bounceRate: number;
  /** Complaints / delivered. */
  complaintRate: number;
}
export interface ProviderThresholds {
  hold: RateThresholds;
  stepBack: RateThresholds;
}

export interface WarmupRules {
  advanceDeliveredRatio: number;
  stepBackStages: number;
  providerHoldDays: number;
  providerRampFactor: number;
  /** A provider's rates are judged only from this many messages sent to it in the day. */
  minProviderSample: number;
  thresholds: Record<WarmupProvider | 'overall', ProviderThresholds>;
}

export interface ProviderCap {
  /** Largest share of the stage volume this provider may take (0–1). */
  maxShare: number;
  /** Absolute daily ceiling, or null. */
  maxPerDay: number | null;
}

export interface SendingCounts {
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
  deferred: number;
}
export const ZERO_COUNTS: SendingCounts = { sent: 0, delivered: 0, bounced: 0, complained: 0, deferred: 0 };
export type DayCounts = Partial<Record<WarmupProvider, SendingCounts>>;

export interface ProviderPullback {
  cap: number;
  /** The day it was pulled back. */
  since: string;
  /** The cap holds through this day's decision; ramping starts after it. */
  holdUntil: string;
}

export interface WarmupPlan {
  /** The IP address (canonical text). */
  ip: string;
  accountId: string;
  startDate: string;
  stages: WarmupStage[];
  providerCaps: Record<WarmupProvider, ProviderCap>;
  rules: WarmupRules;
  /** Where traffic above today's caps goes (another warm pool); null: it waits (retry) at the sender. */
  overflowPool: string | null;
  /** The stream warmed first (transactional first is the usual advice). */
  stream: string | null;
  currentStage: number;
  status: 'active' | 'paused' | 'completed';
  providerPullbacks: Partial<Record<WarmupProvider, ProviderPullback>>;
  /** The last day a decision was made for. */
  lastDecidedDay: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type WarmupDecisionKind = 'advance' | 'hold' | 'step-back' | 'provider-step-back' | 'completed';

export interface ProviderDayReport {
  sent: number;
  delivered: number;
  bounceRate: number | null;
  complaintRate: number | null;
  verdict: 'ok' | 'hold' | 'step-back' | 'small-sample' | 'no-traffic';
  capBefore: number;
  capAfter: number;
}

export interface WarmupDecision {
  ip: string;
  accountId: string;
  day: string;
  kind: WarmupDecisionKind;
  fromStage: number;
  toStage: number;
  stageVolume: number;
  sent: number;
  delivered: number;
  reasons: string[];
  providers: Partial<Record<WarmupProvider, ProviderDayReport>>;
}

// ---- days -----------------------------------------------------------------------------------

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// ---- caps -----------------------------------------------------------------------------------

export function stageVolume(plan: Pick<WarmupPlan, 'stages'>, stage: number): number {
  const s = plan.stages[Math.min(stage, plan.stages.length) - 1];
  return s?.dailyVolume ?? 0;
}

/** A provider's cap at a stage from the plan's shares and ceilings, before any pull-back. */
export function stageProviderCap(
  plan: Pick<WarmupPlan, 'stages' | 'providerCaps'>,
  stage: number,
  provider: WarmupProvider
): number {
  const volume = stageVolume(plan, stage);
  const cap = plan.providerCaps[provider];
  const fromStage = plan.stages[Math.min(stage, plan.stages.length) - 1]?.providerCaps?.[provider];
  let value = Math.floor(volume * (cap?.maxShare ?? 1));
  if (cap?.maxPerDay != null) value = Math.min(value, cap.maxPerDay);
  if (fromStage != null) value = Math.min(value, fromStage);
  return value;
}

export interface DailyCaps {
  stage: number;
  volume: number;
  providers: Record<WarmupProvider, number>;
  pulledBack: WarmupProvider[];
}

/** Today's caps: the stage volume and each provider's cap (pull-backs applied). Done plans have none. */
export function capsFor(plan: WarmupPlan): DailyCaps | null {
  if (plan.status === 'completed') return null;
  const providers = {} as Record<WarmupProvider, number>;
  const pulledBack: WarmupProvider[] = [];
  for (const p of ALL_WARMUP_PROVIDERS) {
    const base = stageProviderCap(plan, plan.currentStage, p);
    const pull = plan.providerPullbacks[p];
    providers[p] = pull ? Math.min(pull.cap, base) : base;
    if (pull) pulledBack.push(p);
  }
  return { stage: plan.currentStage, volume: stageVolume(plan, plan.currentStage), providers, pulledBack };
}

// ---- the daily decision ---------------------------------------------------------------------

const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);

function judge(
  counts: SendingCounts,
  t: ProviderThresholds
): {
  verdict: 'ok' | 'hold' | 'step-back';
  why: string[];
  bounceRate: number | null;
  complaintRate: number | null;
} {
  const bounceRate = rate(counts.bounced, counts.sent);
  const complaintRate = rate(counts.complained, counts.delivered);
  const why: string[] = [];
  const crossed = (value: number | null, limit: number, label: string, level: 'hold' | 'step-back') => {
    if (value === null || value < limit) return false;
    why.push(`${label} ${pct(value)} ≥ ${level} threshold ${pct(limit)}`);
    return true;
  };
  const stepBack = [
    crossed(bounceRate, t.stepBack.bounceRate, 'bounce rate', 'step-back'),
    crossed(complaintRate, t.stepBack.complaintRate, 'complaint rate', 'step-back'),
  ].some(Boolean);
  if (stepBack) return { verdict: 'step-back', why, bounceRate, complaintRate };
  const hold = [
    crossed(bounceRate, t.hold.bounceRate, 'bounce rate', 'hold'),
    crossed(complaintRate, t.hold.complaintRate, 'complaint rate', 'hold'),
  ].some(Boolean);
  return { verdict: hold ? 'hold' : 'ok', why, bounceRate, complaintRate };
}

export function sumCounts(counts: DayCounts): SendingCounts {
  const total = { ...ZERO_COUNTS };
  for (const c of Object.values(counts)) {
    if (!c) continue;
    total.sent += c.sent;
    total.delivered += c.delivered;
    total.bounced += c.bounced;
    total.complained += c.complained;
    total.deferred += c.deferred;
  }
  return total;
}

/**
 * The decision for one finished day of an active plan, and the plan after it. Deterministic: the
 * same plan, day and counts always give the same decision (the caller stores it once per day).
 */
export function decideDay(
  plan: WarmupPlan,
  day: string,
  counts: DayCounts
): { decision: WarmupDecision; plan: WarmupPlan } {
  const { rules } = plan;
  const fromStage = plan.currentStage;
  const volume = stageVolume(plan, fromStage);
  const total = sumCounts(counts);
  const reasons: string[] = [];
  const providers: Partial<Record<WarmupProvider, ProviderDayReport>> = {};
  const capsBefore = capsFor(plan);
  const stepBackProviders: WarmupProvider[] = [];
  let anyHold = false;

  for (const p of ALL_WARMUP_PROVIDERS) {
    const c = counts[p] ?? ZERO_COUNTS;
    const capBefore = capsBefore?.providers[p] ?? 0;
    if (c.sent === 0) {
      providers[p] = {
        sent: 0,
        delivered: 0,
        bounceRate: null,
        complaintRate: null,
        verdict: 'no-traffic',
        capBefore,
        capAfter: capBefore,
      };
      continue;
    }
    const j = judge(c, rules.thresholds[p]);
    const small = c.sent < rules.minProviderSample;
    const verdict = small ? 'small-sample' : j.verdict;
    providers[p] = {
      sent: c.sent,
      delivered: c.delivered,
      bounceRate: j.bounceRate,
      complaintRate: j.complaintRate,
      verdict,
      capBefore,
      capAfter: capBefore,
    };
    if (verdict === 'step-back') {
      stepBackProviders.push(p);
      reasons.push(`${p}: ${j.why.join('; ')}`);
    } else if (verdict === 'hold') {
      anyHold = true;
      reasons.push(`${p}: ${j.why.join('; ')}`);
    }
  }

  let kind: WarmupDecisionKind;
  let toStage = fromStage;
  const overall = judge(total, rules.thresholds.overall);
  if (total.sent === 0) {
    kind = 'hold';
    reasons.unshift(`no sending recorded for ${day}`);
  } else if (overall.verdict === 'step-back') {
    kind = 'step-back';
    toStage = Math.max(1, fromStage - rules.stepBackStages);
    reasons.unshift(`overall: ${overall.why.join('; ')}`);
  } else if (stepBackProviders.length) {
    kind = 'provider-step-back';
  } else if (overall.verdict === 'hold' || anyHold) {
    kind = 'hold';
    if (overall.verdict === 'hold') reasons.unshift(`overall: ${overall.why.join('; ')}`);
  } else if (total.delivered > rules.advanceDeliveredRatio * volume) {
    toStage = fromStage + 1;
    kind = toStage > plan.stages.length ? 'completed' : 'advance';
    reasons.push(
      `delivered ${total.delivered} > ${Math.round(rules.advanceDeliveredRatio * 100)}% of the stage volume ${volume}`
    );
  } else {
    kind = 'hold';
    reasons.push(
      `delivered ${total.delivered} of ${volume}: not more than ${Math.round(rules.advanceDeliveredRatio * 100)}% of the stage volume`
    );
  }

  // Per-provider pull-backs: set on a provider step-back, held for providerHoldDays, then ramped.
  const pullbacks: Partial<Record<WarmupProvider, ProviderPullback>> = { ...plan.providerPullbacks };
  const floor = Math.max(1, stageVolume(plan, 1) > 0 ? Math.floor(stageVolume(plan, 1) * 0.5) : 1);
  for (const p of ALL_WARMUP_PROVIDERS) {
    const report = providers[p];
    const existing = pullbacks[p];
    const base = stageProviderCap(plan, toStage, p);
    if (stepBackProviders.includes(p)) {
      const accepted = Math.max(floor, report?.delivered ?? 0);
      const cap = Math.min(accepted, existing ? existing.cap : Number.POSITIVE_INFINITY, base);
      pullbacks[p] = { cap, since: day, holdUntil: addDays(day, rules.providerHoldDays) };
      reasons.push(
        `${p} pulled back to ${cap}/day (the volume it accepted) until ${addDays(day, rules.providerHoldDays)}`
      );
    } else if (existing && day >= existing.holdUntil && report?.verdict !== 'hold') {
      const ramped = Math.floor(existing.cap * rules.providerRampFactor);
      if (ramped >= base) {
        delete pullbacks[p];
        reasons.push(`${p} back on the stage cap`);
      } else {
        pullbacks[p] = { ...existing, cap: ramped };
        reasons.push(`${p} ramps to ${ramped}/day`);
      }
    }
  }

  const next: WarmupPlan = {
    ...plan,
    currentStage: toStage,
    status: kind === 'completed' ? 'completed' : plan.status,
    providerPullbacks: kind === 'completed' ? {} : pullbacks,
    lastDecidedDay: day,
  };
  const capsAfter = capsFor(next);
  for (const p of ALL_WARMUP_PROVIDERS) {
    const r = providers[p];
    if (r) r.capAfter = capsAfter?.providers[p] ?? 0;
  }
  return {
    decision: {
      ip: plan.ip,
      accountId: plan.accountId,
      day,
      kind,
      fromStage,
      toStage,
      stageVolume: volume,
      sent: total.sent,
      delivered: total.delivered,
      reasons,
      providers,
    },
    plan: next,
  };
}

/** Days still to decide for a plan, oldest first: from the day after the last decision (or the start) to `yesterday`. */
export function daysToDecide(plan: WarmupPlan, yesterday: string, maxCatchUp: number): string[] {
  if (plan.status !== 'active') return [];
  const first = plan.lastDecidedDay ? addDays(plan.lastDecidedDay, 1) : plan.startDate;
  const days: string[] = [];
  for (let d = first; d <= yesterday && days.length < maxCatchUp; d = addDays(d, 1)) days.push(d);
  return days;
}

// ---- summaries ------------------------------------------------------------------------------

export function decisionSummary(d: WarmupDecision): string {
  const stages =
    d.kind === 'advance'
      ? `stage ${d.fromStage} → ${d.toStage}`
      : d.kind === 'step-back'
        ? `stage ${d.fromStage} → ${d.toStage} (step back)`
        : d.kind === 'completed'
          ? `stage ${d.fromStage} → done`
          : `stays on stage ${d.fromStage}`;
  return `${d.ip} ${d.day}: ${d.kind}, ${stages}; delivered ${d.delivered}/${d.stageVolume}. ${d.reasons.join('; ')}`;
}

// ---- projection and migration ---------------------------------------------------------------

export interface ProjectedDay {
  day: string;
  stage: number | 'done';
  volume: number;
}

/** The best case from `fromDay`: the plan advances every day until done. */
export function projectPlan(plan: WarmupPlan, fromDay: string, days: number): ProjectedDay[] {
  const rows: ProjectedDay[] = [];
  let stage = plan.status === 'completed' ? plan.stages.length + 1 : plan.currentStage;
  const offset = Math.max(0, daysBetween(fromDay, plan.startDate));
  for (let i = 0; i < days; i++) {
    const day = addDays(fromDay, i);
    if (i < offset) {
      rows.push({ day, stage: 0, volume: 0 });
      continue;
    }
    const done = stage > plan.stages.length;
    rows.push({
      day,
      stage: done ? 'done' : stage,
      volume: done ? Number.POSITIVE_INFINITY : stageVolume(plan, stage),
    });
    stage++;
  }
  return rows;
}

export interface MigrationRow {
  day: string;
  /** Mail the warmed IPs may carry that day. */
  newIpCapacity: number;
  /** Share of the expected daily volume moved to the new IPs (0–1). */
  share: number;
  /** What stays on the old IPs or the overflow pool. */
  remaining: number;
  /** `actual` for decided days (the stage each IP was on), `projected` from today on. */
  basis: 'actual' | 'projected';
}

/**
 * The migration plan (R-DLV-2, research §2.4): how much of the expected daily volume the new IPs
 * carry day by day. Past days use the stage each IP was really on; from today on, the best case.
 */
export function migrationPlan(input: {
  plans: WarmupPlan[];
  decisions: WarmupDecision[];
  expectedDailyVolume: number;
  today: string;
  fromDay: string;
  days: number;
}): MigrationRow[] {
  const rows: MigrationRow[] = [];
  const projections = input.plans.map((p) => ({
    plan: p,
    rows: projectPlan(p, input.today, Math.max(0, input.days + daysBetween(input.fromDay, input.today) + 1)),
  }));
  for (let i = 0; i < input.days; i++) {
    const day = addDays(input.fromDay, i);
    let capacity = 0;
    const past = day < input.today;
    for (const { plan, rows: projected } of projections) {
      if (past) {
        const decided = input.decisions.find((d) => d.ip === plan.ip && d.day === day);
        if (decided) capacity += decided.stageVolume;
      } else {
        const row = projected[daysBetween(input.today, day)];
        if (row) capacity += row.volume;
      }
    }
    const expected = input.expectedDailyVolume;
    const carried = Math.min(capacity, expected);
    rows.push({
      day,
      newIpCapacity: Number.isFinite(capacity) ? capacity : expected,
      share: expected > 0 ? carried / expected : 0,
      remaining: Math.max(0, expected - carried),
      basis: past ? 'actual' : 'projected',
    });
  }
  return rows;
}

// ---- CSV ------------------------------------------------------------------------------------

export class StageTableError extends Error {}

/** A volume as people write it: `10000`, `10 000`, `10_000`, `75k`, `1.25M`. */
export function parseVolume(text: string): number | undefined {
  const t = text.trim().replace(/[\s_]/g, '');
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(t);
  if (!m) return undefined;
  const n =
    Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1_000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Reads a stage table: a header `stage,daily_volume` and optionally one column per provider
 * (`gmail,microsoft,yahoo,wp,onet,interia,other`: absolute caps for that stage; empty = the
 * plan's share). Stages must be 1, 2, 3, … in order; a last row `N,done` (or an empty volume) marks
 * the end. Errors name the line.
 */
export function parseStageCsv(text: string): WarmupStage[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, cells: l.split(/[,;\t]/).map((c) => c.trim()) }))
    .filter((l) => l.cells.some((c) => c !== '') && !l.cells[0]?.startsWith('#'));
  const header = lines.shift();
  if (!header) throw new StageTableError('empty stage table');
  const columns = header.cells.map((c) => c.toLowerCase());
  if (columns[0] !== 'stage' || !['daily_volume', 'volume', 'daily volume'].includes(columns[1] ?? '')) {
    throw new StageTableError(`line ${header.line}: the header must start with "stage,daily_volume"`);
  }
  const providerColumns = columns.slice(2);
  for (const c of providerColumns) {
    if (!(ALL_WARMUP_PROVIDERS as readonly string[]).includes(c))
      throw new StageTableError(
        `line ${header.line}: unknown provider column "${c}" (known: ${ALL_WARMUP_PROVIDERS.join(', ')})`
      );
  }
  const stages: WarmupStage[] = [];
  let done = false;
  for (const { line, cells } of lines) {
    if (done) throw new StageTableError(`line ${line}: rows after the "done" stage`);
    const stage = Number(cells[0]);
    if (!Number.isInteger(stage) || stage !== stages.length + 1)
      throw new StageTableError(`line ${line}: expected stage ${stages.length + 1}, got "${cells[0]}"`);
    const volumeText = cells[1] ?? '';
    if (volumeText === '' || volumeText.toLowerCase() === 'done') {
      done = true;
      continue;
    }
    const dailyVolume = parseVolume(volumeText);
    if (dailyVolume === undefined)
      throw new StageTableError(`line ${line}: "${volumeText}" is not a positive daily volume`);
    const previous = stages[stages.length - 1];
    if (previous && dailyVolume < previous.dailyVolume)
      throw new StageTableError(
        `line ${line}: stage ${stage} volume ${dailyVolume} is below stage ${previous.stage} (${previous.dailyVolume})`
      );
    const providerCaps: Partial<Record<WarmupProvider, number>> = {};
    providerColumns.forEach((p, i) => {
      const cell = cells[i + 2] ?? '';
      if (cell === '') return;
      const v = parseVolume(cell) ?? (cell === '0' ? 0 : undefined);
      if (v === undefined) throw new StageTableError(`line ${line}: ${p} cap "${cell}" is not a number`);
      if (v > dailyVolume)
        throw new StageTableError(`line ${line}: ${p} cap ${v} is above the stage volume ${dailyVolume}`);
      providerCaps[p as WarmupProvider] = v;
    });
    stages.push(
      Object.keys(providerCaps).length ? { stage, dailyVolume, providerCaps } : { stage, dailyVolume }
    );
  }
  if (stages.length === 0) throw new StageTableError('the stage table has no stage with a volume');
  return stages;
}

/** Writes a stage table in the form parseStageCsv reads, ending with the `done` row. */
export function formatStageCsv(stages: readonly WarmupStage[]): string {
  const providers = ALL_WARMUP_PROVIDERS.filter((p) => stages.some((s) => s.providerCaps?.[p] !== undefined));
  const header = ['stage', 'daily_volume', ...providers].join(',');
  const rows = stages.map((s) =>
    [s.stage, s.dailyVolume, ...providers.map((p) => s.providerCaps?.[p] ?? '')].join(',')
  );
  const done = [stages.length + 1, 'done', ...providers.map(() => '')].join(',');
  return `${[header, ...rows, done].join('\n')}\n`;
}
