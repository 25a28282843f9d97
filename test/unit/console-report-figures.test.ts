import { describe, expect, it } from 'vitest';
import {
  type AgentReport,
  counted,
  lastDays,
  percentMetByKind,
  previousMonth,
  type SlaReport,
  type TargetFigures,
} from '../../console/src/lib/reports';

/** What the console's report pages derive from the API's figures (console/src/lib/reports.ts). */
const figures = (target: TargetFigures['target'], met: number, missed: number): TargetFigures => ({
  target,
  count: met + missed,
  met,
  missed,
  percentMet: met + missed ? Math.round((met / (met + missed)) * 10_000) / 100 : null,
  medianMinutes: null,
  p90Minutes: null,
});

const day = (d: string, opened: number, open: number) => ({ day: d, opened, resolved: 0, open });

describe('the SLA page’s chart figures', () => {
  const report: SlaReport = {
    month: '2026-11',
    customers: [],
    plans: [
      {
        kind: 'plan',
        id: 'START',
        name: 'START',
        plan: 'START',
        targets: [figures('acknowledgement', 2, 1), figures('resolution', 0, 0)],
      },
      {
        kind: 'plan',
        id: 'STANDARD',
        name: 'STANDARD',
        plan: 'STANDARD',
        targets: [figures('acknowledgement', 1, 2), figures('firstResponse', 3, 0)],
      },
    ],
  };

  it('% met per kind sums met and count over every plan (3 of 6 = 50 %), kinds with none left out', () => {
    expect(percentMetByKind(report)).toEqual([
      { target: 'acknowledgement', met: 3, count: 6, percent: 50 },
      { target: 'firstResponse', met: 3, count: 3, percent: 100 },
    ]);
  });

  it('a target kind the API adds later is charted too, after the known ones', () => {
    // A kind today's types do not know: the page must still chart it.
    const added = {
      ...figures('acknowledgement', 1, 0),
      target: 'sev1Acknowledgement',
    } as unknown as TargetFigures;
    const plan = report.plans[0] as SlaReport['plans'][number];
    expect(
      percentMetByKind({ ...report, plans: [{ ...plan, targets: [added, figures('update', 1, 1)] }] })
    ).toEqual([
      { target: 'update', met: 1, count: 2, percent: 50 },
      { target: 'sev1Acknowledgement', met: 1, count: 1, percent: 100 },
    ]);
  });

  it('a row lists only the kinds that stopped in the month', () => {
    expect(counted(report.plans[0] as SlaReport['plans'][number]).map((t) => t.target)).toEqual([
      'acknowledgement',
    ]);
  });

  it('2/3 is shown as the API rounds it: 66.67', () => {
    expect(
      percentMetByKind({
        ...report,
        plans: [{ ...(report.plans[0] as SlaReport['plans'][number]), targets: [figures('update', 2, 1)] }],
      })
    ).toEqual([{ target: 'update', met: 2, count: 3, percent: 66.67 }]);
  });
});

describe('the agents page’s window of days', () => {
  const october: AgentReport = {
    month: '2026-10',
    asOf: '2026-10-31',
    agents: [],
    series: [
      {
        dim: 'all',
        value: 'all',
        days: [day('2026-10-30', 1, 4), day('2026-10-31', 2, 6)],
        openedLast7: 3,
        openedLast30: 3,
      },
      {
        dim: 'team',
        value: 'L1',
        days: [day('2026-10-30', 1, 4), day('2026-10-31', 2, 6)],
        openedLast7: 3,
        openedLast30: 3,
      },
    ],
  };
  const november: AgentReport = {
    month: '2026-11',
    asOf: '2026-11-02',
    agents: [],
    series: [
      {
        dim: 'all',
        value: 'all',
        days: [day('2026-11-01', 3, 9), day('2026-11-02', 0, 8)],
        openedLast7: 3,
        openedLast30: 3,
      },
      {
        dim: 'team',
        value: 'L1',
        days: [day('2026-11-01', 1, 7), day('2026-11-02', 0, 6)],
        openedLast7: 1,
        openedLast30: 1,
      },
      {
        dim: 'team',
        value: 'L2_BILLING',
        days: [day('2026-11-01', 2, 2), day('2026-11-02', 0, 2)],
        openedLast7: 2,
        openedLast30: 2,
      },
    ],
  };

  it('reaches into the month before when the window is longer than the month so far', () => {
    const w = lastDays(november, october, 3);
    expect(w.axis).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
    expect(w.series.find((s) => s.value === 'all')?.days.map((d) => d.open)).toEqual([6, 9, 8]);
    expect(w.series.find((s) => s.value === 'L1')?.days.map((d) => d.opened)).toEqual([2, 1, 0]);
  });

  it('a series the month before did not have had nothing then: zeros, on the same days as the others', () => {
    const w = lastDays(november, october, 4);
    expect(w.series.find((s) => s.value === 'L2_BILLING')?.days).toEqual([
      day('2026-10-30', 0, 0),
      day('2026-10-31', 0, 0),
      day('2026-11-01', 2, 2),
      day('2026-11-02', 0, 2),
    ]);
  });

  it('within the month: its last days only', () => {
    expect(lastDays(november, undefined, 1).axis).toEqual(['2026-11-02']);
  });

  it('the month before January is December of the year before', () => {
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
  });
});
