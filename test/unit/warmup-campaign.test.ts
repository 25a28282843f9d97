import { describe, expect, it } from 'vitest';
import {
  addDays,
  capsFor,
  DEFAULT_WARMUP_STAGES,
  decideDay,
} from '../../functions/deliverability/domain/warmup';
import { campaignPlan, EXPECTED, EXPECTED_GMAIL_CAP_AFTER, simulateDay } from '../support/warmup-campaign';

/** R-DLV-2 acceptance, pure: 40 simulated days, decisions exactly as the configured rules say. */
describe('a 40-day warm-up campaign with bounce and complaint spikes', () => {
  it('advances, holds and steps back exactly as configured, day by day', () => {
    let plan = campaignPlan();
    const seen: [string, number, number][] = [];
    for (let day = 1; day <= 40; day++) {
      const caps = capsFor(plan);
      if (!caps) throw new Error(`no caps on day ${day}`);
      const { decision, plan: next } = decideDay(
        plan,
        addDays(plan.startDate, day - 1),
        simulateDay(day, caps)
      );
      seen.push([decision.kind, decision.fromStage, decision.toStage]);
      const cap = EXPECTED_GMAIL_CAP_AFTER[day];
      if (cap !== undefined) expect(capsFor(next)?.providers.gmail, `gmail cap after day ${day}`).toBe(cap);
      plan = next;
    }
    expect(seen).toEqual(EXPECTED);
    expect(plan.status).toBe('completed');
    expect(capsFor(plan)).toBeNull();
  });

  it('explains each decision: the rate and the threshold it crossed', () => {
    let plan = campaignPlan();
    const reasons: Record<number, string> = {};
    for (let day = 1; day <= 23; day++) {
      const caps = capsFor(plan);
      if (!caps) break;
      const { decision, plan: next } = decideDay(
        plan,
        addDays(plan.startDate, day - 1),
        simulateDay(day, caps)
      );
      reasons[day] = decision.reasons.join(' | ');
      plan = next;
    }
    expect(reasons[5]).toMatch(/overall: bounce rate 3\.00% ≥ hold threshold 2\.00%/);
    expect(reasons[7]).toMatch(/overall: bounce rate 6\.00% ≥ step-back threshold 5\.00%/);
    expect(reasons[11]).toMatch(/gmail: complaint rate 0\.26% ≥ step-back threshold 0\.20%/);
    expect(reasons[11]).toMatch(/gmail pulled back to 3465\/day .* until 2026-03-14/);
    expect(reasons[14]).toMatch(/delivered 7885 of 9000: not more than 90%/);
    expect(reasons[21]).toMatch(/no sending recorded for 2026-03-21/);
  });

  it('does not advance at exactly 90% ("more than 90%")', () => {
    const plan = campaignPlan();
    const exactly = { other: { sent: 900, delivered: 900, bounced: 0, complained: 0, deferred: 0 } };
    expect(decideDay(plan, plan.startDate, exactly).decision.kind).toBe('hold');
    const above = { other: { sent: 901, delivered: 901, bounced: 0, complained: 0, deferred: 0 } };
    expect(decideDay(plan, plan.startDate, above).decision.kind).toBe('advance');
  });

  it('judges a provider only from enough mail (minProviderSample)', () => {
    const plan = campaignPlan();
    const counts = {
      gmail: { sent: 40, delivered: 39, bounced: 1, complained: 1, deferred: 0 },
      other: { sent: 960, delivered: 960, bounced: 0, complained: 0, deferred: 0 },
    };
    const { decision } = decideDay(plan, plan.startDate, counts);
    expect(decision.providers.gmail?.verdict).toBe('small-sample');
    // Overall: 1 complaint in 999 delivered = 0.1% ≥ hold threshold.
    expect(decision.kind).toBe('hold');
  });

  it('ships the SparkPost table by default: 29 volume stages, 200 → 10M, then done', () => {
    expect(DEFAULT_WARMUP_STAGES).toHaveLength(29);
    expect(DEFAULT_WARMUP_STAGES[0]).toEqual({ stage: 1, dailyVolume: 200 });
    expect(DEFAULT_WARMUP_STAGES[27]).toEqual({ stage: 28, dailyVolume: 7_500_000 });
    expect(DEFAULT_WARMUP_STAGES[28]).toEqual({ stage: 29, dailyVolume: 10_000_000 });
  });
});
