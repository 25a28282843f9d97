import type { WarmupProvider } from '../../functions/deliverability/domain/providers';
import {
  DEFAULT_PROVIDER_CAPS,
  resolveWarmupRules,
  WarmupRulesSchema,
} from '../../functions/deliverability/domain/settings';
import {
  type DailyCaps,
  type DayCounts,
  parseStageCsv,
  type WarmupDecisionKind,
  type WarmupPlan,
} from '../../functions/deliverability/domain/warmup';

/**
 * A 40-day warm-up campaign with injected bounce and complaint spikes, and the decisions the
 * configured rules must give, worked out by hand (see the comments).
 *
 * Configured (deliberately not the defaults, to show they are followed):
 * - stages: 1,000 × n for n = 1…29, then done;
 * - advance when delivered > 90% of the stage volume; step back 2 stages; provider pull-back held
 *   3 days, then ×2 a day;
 * - overall: hold at 2% bounces / 0.1% complaints, step back at 5% / 0.3%;
 * - gmail: hold 2% / 0.1%, step back only on complaints, at 0.2%;
 * - other: hold 2% / 0.1%, never steps back on its own.
 * Traffic: half to Gmail, half to other providers, each up to its cap; 1% bounces on a normal day.
 */
export const CAMPAIGN_STAGES_CSV = [
  'stage,daily_volume',
  ...Array.from({ length: 29 }, (_, i) => `${i + 1},${(i + 1) * 1000}`),
  '30,done',
].join('\n');

const rates = (bounceRate: number, complaintRate: number) => ({ bounceRate, complaintRate });
export const CAMPAIGN_RULES = {
  advanceDeliveredRatio: 0.9,
  stepBackStages: 2,
  providerHoldDays: 3,
  providerRampFactor: 2,
  minProviderSample: 50,
  thresholds: {
    overall: { hold: rates(0.02, 0.001), stepBack: rates(0.05, 0.003) },
    gmail: { hold: rates(0.02, 0.001), stepBack: rates(1, 0.002) },
    other: { hold: rates(0.02, 0.001), stepBack: rates(1, 1) },
  },
};

/** What happens on a campaign day (1-based): bounce and complaint rates per provider, or no sending. */
export interface DayScript {
  bounce: Partial<Record<WarmupProvider, number>>;
  complaint: Partial<Record<WarmupProvider, number>>;
  silent?: boolean;
}
const normal: DayScript = { bounce: { gmail: 0.01, other: 0.01 }, complaint: {} };
export const CAMPAIGN_SCRIPT: Record<number, DayScript> = {
  5: { bounce: { gmail: 0.03, other: 0.03 }, complaint: {} },
  7: { bounce: { gmail: 0.06, other: 0.06 }, complaint: {} },
  11: { bounce: { gmail: 0.01, other: 0.01 }, complaint: { gmail: 0.0025 } },
  21: { bounce: {}, complaint: {}, silent: true },
  23: { bounce: { gmail: 0.01, other: 0.01 }, complaint: { gmail: 0.004, other: 0.004 } },
  31: { bounce: { gmail: 0.025, other: 0.025 }, complaint: {} },
};
export const scriptFor = (day: number): DayScript => CAMPAIGN_SCRIPT[day] ?? normal;

/** The day's counts: each provider gets half the stage volume, up to its cap. */
export function simulateDay(day: number, caps: DailyCaps): DayCounts {
  const s = scriptFor(day);
  if (s.silent) return {};
  const counts: DayCounts = {};
  for (const p of ['gmail', 'other'] as const) {
    const sent = Math.min(caps.providers[p], caps.volume / 2);
    const bounced = Math.round(sent * (s.bounce[p] ?? 0));
    const delivered = sent - bounced;
    const complained = Math.round(delivered * (s.complaint[p] ?? 0));
    counts[p] = { sent, delivered, bounced, complained, deferred: 0 };
  }
  return counts;
}

/** Decision of each day: kind, stage before → after, and Gmail's cap for the next day. */
export const EXPECTED: [WarmupDecisionKind, number, number][] = [
  ['advance', 1, 2], //  1
  ['advance', 2, 3], //  2
  ['advance', 3, 4], //  3
  ['advance', 4, 5], //  4
  ['hold', 5, 5], //  5  bounces 3%: ≥ 2% hold, < 5% step-back
  ['advance', 5, 6], //  6
  ['step-back', 6, 4], //  7  bounces 6% ≥ 5%: two stages back
  ['advance', 4, 5], //  8
  ['advance', 5, 6], //  9
  ['advance', 6, 7], // 10
  ['provider-step-back', 7, 7], // 11  Gmail complaints 0.26% ≥ 0.2%: Gmail pulled back to 3,465 (its delivered) until day 14
  ['advance', 7, 8], // 12  3,430 + 3,465 = 6,895 > 6,300
  ['advance', 8, 9], // 13  3,430 + 3,960 = 7,390 > 7,200
  ['hold', 9, 9], // 14  3,430 + 4,455 = 7,885 ≤ 8,100; hold over: Gmail ramps ×2 to 6,930
  ['advance', 9, 10], // 15  Gmail back on 4,500; ramp 13,860 ≥ the stage cap: pull-back ends
  ['advance', 10, 11], // 16
  ['advance', 11, 12], // 17
  ['advance', 12, 13], // 18
  ['advance', 13, 14], // 19
  ['advance', 14, 15], // 20
  ['hold', 15, 15], // 21  nothing sent
  ['advance', 15, 16], // 22
  ['step-back', 16, 14], // 23  complaints 0.4% everywhere ≥ 0.3%: two stages back; Gmail pulled back to 7,920
  ['advance', 14, 15], // 24  Gmail 7,000 (under its cap)
  ['advance', 15, 16], // 25
  ['advance', 16, 17], // 26  Gmail capped at 7,920: 7,841 + 7,920 = 15,761 > 14,400; ramps to 15,840
  ['advance', 17, 18], // 27  ramp 31,680 ≥ 18,000: pull-back ends
  ['advance', 18, 19], // 28
  ['advance', 19, 20], // 29
  ['advance', 20, 21], // 30
  ['hold', 21, 21], // 31  bounces 2.5%: hold
  ['advance', 21, 22], // 32
  ['advance', 22, 23], // 33
  ['advance', 23, 24], // 34
  ['advance', 24, 25], // 35
  ['advance', 25, 26], // 36
  ['advance', 26, 27], // 37
  ['advance', 27, 28], // 38
  ['advance', 28, 29], // 39
  ['completed', 29, 30], // 40
];

/** Gmail's cap for the day after each listed day (pull-backs and ramps). */
export const EXPECTED_GMAIL_CAP_AFTER: Record<number, number> = {
  11: 3465,
  12: 3465,
  13: 3465,
  14: 6930,
  15: 10_000,
  23: 7920,
  26: 15_840,
  27: 18_000,
};

/** The campaign's plan, as a warm-up plan stored by the product would look on day 1. */
export function campaignPlan(): WarmupPlan {
  return {
    ip: '203.0.113.10',
    accountId: 'globex-mail',
    startDate: '2026-03-01',
    stages: parseStageCsv(CAMPAIGN_STAGES_CSV),
    providerCaps: { ...DEFAULT_PROVIDER_CAPS },
    rules: resolveWarmupRules(WarmupRulesSchema.parse(CAMPAIGN_RULES)),
    overflowPool: 'shared-warm',
    stream: 'transactional',
    currentStage: 1,
    status: 'active',
    providerPullbacks: {},
    lastDecidedDay: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    version: 1,
  };
}
