import * as z from 'zod';
import { canonicalIp, isIpAddress } from '../domain/net';
import {
  ProviderCapsSchema,
  resolveProviderCaps,
  resolveWarmupRules,
  WarmupRulesSchema,
} from '../domain/settings';
import {
  addDays,
  capsFor,
  DAY_PATTERN,
  DEFAULT_WARMUP_STAGES,
  dayOf,
  daysToDecide,
  decideDay,
  decisionSummary,
  formatStageCsv,
  migrationPlan,
  parseStageCsv,
  projectPlan,
  StageTableError,
  type WarmupDecision,
  type WarmupPlan,
  type WarmupStage,
} from '../domain/warmup';
import type { AccountTimelineEntry } from '../ports';
import { issues, requireAccount } from './accounts';
import { tellTam } from './deliverability-case';
import { type DeliverabilityDeps, DeliverabilityInputError } from './deps';

type Deps = Pick<
  DeliverabilityDeps,
  'config' | 'clock' | 'desk' | 'mailer' | 'events' | 'log' | 'publicBaseUrl'
>;

export const NewPlanSchema = z.object({
  accountId: z.string().min(1),
  startDate: z.string().regex(DAY_PATTERN, 'startDate is YYYY-MM-DD').optional(),
  /** A stage table as CSV (stage,daily_volume[,provider…]); default: the SparkPost 30-stage table. */
  stagesCsv: z.string().optional(),
  overflowPool: z.string().min(1).nullable().default(null),
  stream: z.string().min(1).nullable().default(null),
  rules: WarmupRulesSchema.partial().optional(),
  providerCaps: ProviderCapsSchema.optional(),
});

function parseStages(csv: string | undefined): WarmupStage[] {
  if (!csv) return DEFAULT_WARMUP_STAGES.map((s) => ({ ...s }));
  try {
    return parseStageCsv(csv);
  } catch (error) {
    if (error instanceof StageTableError) throw new DeliverabilityInputError(`stage table: ${error.message}`);
    throw error;
  }
}

function requireIp(text: string): string {
  if (!isIpAddress(text)) throw new DeliverabilityInputError(`"${text}" is not an IPv4 or IPv6 address`);
  return canonicalIp(text);
}

export async function requirePlan(deps: Pick<Deps, 'desk'>, ipText: string): Promise<WarmupPlan> {
  const ip = requireIp(ipText);
  const plan = await deps.desk.getWarmupPlan(ip);
  if (!plan) throw new DeliverabilityInputError(`no warm-up plan for ${ip}`, 404);
  return plan;
}

/** Creates the warm-up plan of one of an account's IPs (R-DLV-2). */
export async function createWarmupPlan(
  deps: Deps,
  ipText: string,
  input: unknown,
  actor: string
): Promise<WarmupPlan> {
  const ip = requireIp(ipText);
  const parsed = NewPlanSchema.safeParse(input ?? {});
  if (!parsed.success) throw new DeliverabilityInputError(issues(parsed.error));
  const body = parsed.data;
  const account = await requireAccount(deps, body.accountId);
  if (!account.ips.includes(ip))
    throw new DeliverabilityInputError(
      `${ip} is not one of account ${account.id}'s sending IPs (add it to the account first)`
    );
  const now = deps.clock.now();
  const defaults = deps.config.deliverability.warmup;
  const rules = resolveWarmupRules(WarmupRulesSchema.parse({ ...defaults.rules, ...(body.rules ?? {}) }));
  const providerCaps = resolveProviderCaps({ ...defaults.providerCaps, ...(body.providerCaps ?? {}) });
  const plan: WarmupPlan = {
    ip,
    accountId: account.id,
    startDate: body.startDate ?? dayOf(now),
    stages: parseStages(body.stagesCsv),
    providerCaps,
    rules,
    overflowPool: body.overflowPool,
    stream: body.stream,
    currentStage: 1,
    status: 'active',
    providerPullbacks: {},
    lastDecidedDay: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  if (!(await deps.desk.putWarmupPlan(plan, undefined)))
    throw new DeliverabilityInputError(
      `${ip} already has a warm-up plan (import a stage table to change it)`,
      409
    );
  await deps.desk.appendAccountTimeline(account.id, [
    {
      at: plan.createdAt,
      type: 'warmup.planned',
      summary: `warm-up of ${ip} planned from ${plan.startDate}: ${plan.stages.length} stages, ${plan.stages[0]?.dailyVolume}/day first${plan.overflowPool ? `, overflow to pool ${plan.overflowPool}` : ''}`,
      actor,
    },
  ]);
  return plan;
}

/** Replaces a plan's stage table from CSV; the plan keeps its stage (clamped to the new table). */
export async function importStages(
  deps: Deps,
  ipText: string,
  csv: string,
  actor: string
): Promise<WarmupPlan> {
  const stages = parseStages(csv);
  for (let attempt = 0; attempt < 3; attempt++) {
    const plan = await requirePlan(deps, ipText);
    const next: WarmupPlan = {
      ...plan,
      stages,
      currentStage: Math.min(plan.currentStage, stages.length + 1),
      status:
        plan.currentStage > stages.length
          ? 'completed'
          : plan.status === 'completed'
            ? 'active'
            : plan.status,
      updatedAt: deps.clock.now().toISOString(),
    };
    if (await deps.desk.putWarmupPlan(next, plan.version)) {
      await deps.desk.appendAccountTimeline(plan.accountId, [
        {
          at: next.updatedAt,
          type: 'warmup.imported',
          summary: `stage table of ${plan.ip} imported: ${stages.length} stages (${stages[0]?.dailyVolume} → ${stages[stages.length - 1]?.dailyVolume}/day)`,
          actor,
        },
      ]);
      return { ...next, version: plan.version + 1 };
    }
  }
  throw new DeliverabilityInputError('the plan changed while importing: try again', 409);
}

/** The stage table of a plan, or the default table, as CSV. */
export async function exportStages(deps: Pick<Deps, 'desk'>, ipText?: string): Promise<string> {
  if (!ipText) return formatStageCsv(DEFAULT_WARMUP_STAGES);
  return formatStageCsv((await requirePlan(deps, ipText)).stages);
}

/** Where a plan stands: today's stage and caps, recent decisions, today's counts, the best-case finish. */
export async function warmupStatus(deps: Deps, ipText: string) {
  const plan = await requirePlan(deps, ipText);
  const today = dayOf(deps.clock.now());
  const [decisions, todayCounts] = await Promise.all([
    deps.desk.listDecisions(plan.ip, 14),
    deps.desk.getDayCounts(plan.ip, today),
  ]);
  const projection = projectPlan(plan, today, plan.stages.length + 2);
  const finish = projection.find((r) => r.stage === 'done')?.day ?? null;
  return {
    ip: plan.ip,
    accountId: plan.accountId,
    status: plan.status,
    startDate: plan.startDate,
    stage: plan.status === 'completed' ? 'done' : plan.currentStage,
    stages: plan.stages.length,
    today,
    caps: capsFor(plan),
    overflowPool: plan.overflowPool,
    overflow: plan.overflowPool
      ? `traffic above today's caps goes to pool ${plan.overflowPool}`
      : "traffic above today's caps waits at the sender (no overflow pool)",
    providerPullbacks: plan.providerPullbacks,
    rules: plan.rules,
    todayCounts,
    decisions,
    bestCaseDoneOn: plan.status === 'completed' ? plan.lastDecidedDay : finish,
  };
}

/** The full plan, day by day, from its start (or today) in the best case. */
export async function warmupSchedule(deps: Deps, ipText: string, days?: number) {
  const plan = await requirePlan(deps, ipText);
  const today = dayOf(deps.clock.now());
  const from = plan.lastDecidedDay ? today : plan.startDate;
  return projectPlan(plan, from, days ?? plan.stages.length - plan.currentStage + 2).map((r) => ({
    ...r,
    volume: Number.isFinite(r.volume) ? r.volume : null,
  }));
}

/** The share of the account's expected daily volume on its warmed IPs, day by day (R-DLV-2). */
export async function accountMigration(
  deps: Deps,
  accountId: string,
  options: { expectedDailyVolume?: number; days?: number } = {}
) {
  const account = await requireAccount(deps, accountId);
  const expected = options.expectedDailyVolume ?? account.expectedDailyVolume;
  if (!expected)
    throw new DeliverabilityInputError(
      `account ${accountId} has no expectedDailyVolume: set it on the account or pass expectedDailyVolume`
    );
  const plans = (await deps.desk.listWarmupPlans()).filter((p) => p.accountId === accountId);
  if (!plans.length) throw new DeliverabilityInputError(`account ${accountId} has no warm-up plan`, 404);
  const decisions = (await Promise.all(plans.map((p) => deps.desk.listDecisions(p.ip, 120)))).flat();
  const today = dayOf(deps.clock.now());
  const fromDay = plans.map((p) => p.startDate).sort()[0] ?? today;
  const rows = migrationPlan({
    plans,
    decisions,
    expectedDailyVolume: expected,
    today,
    fromDay,
    days: options.days ?? 45,
  });
  return { accountId, ips: plans.map((p) => p.ip), expectedDailyVolume: expected, rows };
}

export interface ProgressReport {
  decisions: WarmupDecision[];
  conflicts: number;
}

/**
 * The daily progression (R-DLV-2), run by the EventBridge schedule (deployed) or the local
 * scheduler: for every active plan, each finished day not decided yet (catching up at most
 * `maxCatchUpDays`) is decided from that day's counts; the decision and the plan are committed
 * together, once per day. Every decision goes on the account's timeline, and each account's TAM
 * gets one mail with the day's decisions.
 */
export async function progressWarmups(deps: Deps): Promise<ProgressReport> {
  const yesterday = addDays(dayOf(deps.clock.now()), -1);
  const maxCatchUp = deps.config.deliverability.warmup.maxCatchUpDays;
  const decided: WarmupDecision[] = [];
  let conflicts = 0;
  for (const listed of await deps.desk.listWarmupPlans()) {
    let plan = listed;
    for (const day of daysToDecide(plan, yesterday, maxCatchUp)) {
      const counts = await deps.desk.getDayCounts(plan.ip, day);
      const { decision, plan: next } = decideDay(plan, day, counts);
      const at = deps.clock.now().toISOString();
      if (!(await deps.desk.commitDecision(decision, { ...next, updatedAt: at }, plan.version, at))) {
        // Another run decided this day (or changed the plan) first: take the stored plan and go on.
        conflicts++;
        const fresh = await deps.desk.getWarmupPlan(plan.ip);
        if (!fresh) break;
        plan = fresh;
        if (plan.lastDecidedDay && plan.lastDecidedDay >= day) continue;
        break;
      }
      plan = { ...next, updatedAt: at, version: plan.version + 1 };
      decided.push(decision);
      await deps.events.publish({
        type: 'warmup.decided',
        ip: decision.ip,
        accountId: decision.accountId,
        day,
        decision: decision.kind,
        fromStage: decision.fromStage,
        toStage: decision.toStage,
        at,
      });
      if (plan.status !== 'active') break;
    }
  }

  const byAccount = new Map<string, WarmupDecision[]>();
  for (const d of decided) byAccount.set(d.accountId, [...(byAccount.get(d.accountId) ?? []), d]);
  const at = deps.clock.now().toISOString();
  for (const [accountId, list] of byAccount) {
    const entries: AccountTimelineEntry[] = list.map((d) => ({
      at,
      type: 'warmup.decided',
      summary: decisionSummary(d),
      actor: 'caseflow',
      data: { ip: d.ip, day: d.day, decision: d.kind, fromStage: d.fromStage, toStage: d.toStage },
    }));
    await deps.desk.appendAccountTimeline(accountId, entries);
    const account = await requireAccount(deps, accountId).catch(() => undefined);
    if (!account) continue;
    await tellTam(deps, account, {
      subject: `Warm-up ${list.map((d) => d.day).sort()[list.length - 1]}: ${list.map((d) => `${d.ip} ${d.kind}`).join(', ')}`,
      lines: [
        `The daily warm-up decisions for ${account.name}:`,
        '',
        ...list.flatMap((d) => [`- ${decisionSummary(d)}`]),
        '',
        "Today's caps per IP and provider: caseflow warmup status <ip>.",
      ],
    });
  }
  if (decided.length) deps.log.info('warm-up progressed', { decisions: decided.length, conflicts });
  return { decisions: decided, conflicts };
}
