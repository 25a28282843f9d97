import { describe, expect, it } from 'vitest';
import {
  allowedDowntimeSeconds,
  mergeIntervals,
  monthsTouched,
  type OutageInterval,
  serviceAvailability,
} from '../../functions/domain/availability';
import {
  type BillingTerms,
  buildStatement,
  countedMinutes,
  statementCsv,
} from '../../functions/domain/billing';
import {
  dailyRunBetween,
  firstWorkingDay,
  previousMonth,
  summaryMail,
  summaryMonthDue,
} from '../../functions/domain/monthly-summary';

const monitoring = (start: string, end: string, id = start): OutageInterval => ({
  service: 'api',
  customerId: null,
  start,
  end,
  source: { kind: 'monitoring', id },
});

describe('availability arithmetic', () => {
  it('allows 0.02 % of the month: 8.928 min in 31 days, 8.64 in 30, 8.064 in 28', () => {
    expect(allowedDowntimeSeconds('2026-12', 99.98)).toBe(535.68); // 2,678,400 × 0.0002
    expect(allowedDowntimeSeconds('2026-11', 99.98)).toBe(518.4); // 2,592,000 × 0.0002
    expect(allowedDowntimeSeconds('2027-02', 99.98)).toBe(483.84); // 2,419,200 × 0.0002
    expect(allowedDowntimeSeconds('2028-02', 99.9)).toBe(2505.6); // 29 days: 2,505,600 × 0.001
  });

  it('merges overlapping and touching intervals, each second once', () => {
    expect(
      mergeIntervals([
        { from: 10, to: 20 },
        { from: 15, to: 30 },
        { from: 30, to: 35 },
        { from: 50, to: 60 },
        { from: 52, to: 55 },
      ])
    ).toEqual([
      { from: 10, to: 35 },
      { from: 50, to: 60 },
    ]);
  });

  it('cuts an interval at the month edges, and counts a started second as unavailable', () => {
    expect(monthsTouched('2026-11-30T23:59:00Z', '2027-01-01T00:00:01Z')).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    expect(monthsTouched('2026-11-30T23:59:00Z', '2026-12-01T00:00:00Z')).toEqual(['2026-11']);
    const s = serviceAvailability('2026-12', 'api', 99.98, [
      monitoring('2026-11-30T23:59:00Z', '2026-12-01T00:01:00.200Z'),
    ]);
    expect(s.usedSeconds).toBe(61); // 00:00:00 – 00:01:00.200 → 61 started seconds
    expect(s.intervals[0]?.start).toBe('2026-12-01T00:00:00.000Z');
  });

  it('breaks the promise only past the allowance', () => {
    // 518 s ≤ 518.4 s: held; 519 s: broken.
    const at = (seconds: number) =>
      serviceAvailability('2026-11', 'api', 99.98, [
        monitoring(
          '2026-11-05T00:00:00Z',
          new Date(Date.parse('2026-11-05T00:00:00Z') + seconds * 1000).toISOString()
        ),
      ]);
    expect(at(518).held).toBe(true);
    expect(at(519).held).toBe(false);
    expect(at(519).remainingSeconds).toBe(-0.6);
  });
});

describe('billable time arithmetic (R-SLA-6)', () => {
  const terms: BillingTerms = {
    plan: 'START',
    packageMinutes: 180,
    ratePlnPerHour: 165,
    increments: { remote: 30, phone: 15, 'on-site': 30 },
    writeUpMinutes: 5,
  };
  it('counts the write-up into the job, then the started increment', () => {
    expect(countedMinutes('remote', 25, terms)).toBe(30); // 25 + 5 = 30 → 1 × 30
    expect(countedMinutes('remote', 26, terms)).toBe(60); // 31 → 2 × 30
    expect(countedMinutes('phone', 1, terms)).toBe(15); // 6 → 1 × 15
    expect(countedMinutes('phone', 11, terms)).toBe(30); // 16 → 2 × 15
    expect(countedMinutes('on-site', 115, terms)).toBe(120);
    expect(countedMinutes('email', 300, terms)).toBe(0);
  });

  it('prices past the package at the rate, to the grosz, and leaves e-mail out', () => {
    const entry = (id: string, kind: 'remote' | 'phone' | 'email', minutes: number) => ({
      id,
      caseId: 'c',
      reference: 'CF-1',
      customerId: 'x',
      kind,
      minutes,
      performedAt: `2026-11-0${id}T10:00:00.000Z`,
      loggedBy: 'a@x',
      loggedAt: '2026-11-10T00:00:00.000Z',
    });
    const s = buildStatement('x', '2026-11', terms, [
      entry('3', 'phone', 5), // 10 → 15, billed (package gone): 15 × 165 / 60 = 41.25
      entry('1', 'remote', 170), // 175 → 180: the whole package
      entry('2', 'email', 600),
    ]);
    expect(s.lines.map((l) => [l.kind, l.fromPackageMinutes, l.billedMinutes, l.amountPln])).toEqual([
      ['remote', 180, 0, '0.00'],
      ['email', 0, 0, '0.00'],
      ['phone', 0, 15, '41.25'],
    ]);
    expect(s.amountPln).toBe('41.25');
    expect(statementCsv([s]).trim().split('\n').at(-1)).toBe(
      'x,2026-11,START,TOTAL,,,,775,,195,180,15,165,41.25'
    );
  });

  it('defuses a cell that a spreadsheet would run as a formula', () => {
    const s = buildStatement('=cmd', '2026-11', { ...terms, ratePlnPerHour: null }, []);
    expect(statementCsv([s])).toContain("\n'=cmd,2026-11,START,TOTAL,");
  });
});

describe('the monthly summary’s day', () => {
  it('is the first Mon–Fri that is no Polish holiday', () => {
    expect(firstWorkingDay('2026-11')).toBe('2026-11-02'); // 1 Nov: Sunday, All Saints'
    expect(firstWorkingDay('2027-01')).toBe('2027-01-04'); // 1 Jan Fri holiday, 2–3 weekend
    expect(firstWorkingDay('2026-12')).toBe('2026-12-01');
    expect(previousMonth('2027-01')).toBe('2026-12');
  });

  it('is due from that day (Warsaw) for a week of catch-up, for the previous month', () => {
    expect(summaryMonthDue(new Date('2027-01-03T12:00:00Z'))).toBeNull();
    expect(summaryMonthDue(new Date('2027-01-04T06:00:00Z'))).toBe('2026-12'); // 07:00 CET
    expect(summaryMonthDue(new Date('2027-01-08T06:00:00Z'))).toBeNull();
    // 23:30 UTC on 30 Nov is already 1 Dec in Warsaw.
    expect(summaryMonthDue(new Date('2026-11-30T23:30:00Z'))).toBe('2026-11');
  });

  it('the daily run is at 07:00 Warsaw, also across the change to summer time', () => {
    expect(dailyRunBetween(new Date('2026-12-01T05:59:00Z'), new Date('2026-12-01T06:00:00Z'))).toBe(true);
    expect(dailyRunBetween(new Date('2026-12-01T06:00:00Z'), new Date('2026-12-01T07:00:00Z'))).toBe(false);
    // 29 March 2026: CEST, 07:00 is 05:00 UTC.
    expect(dailyRunBetween(new Date('2026-03-29T04:59:00Z'), new Date('2026-03-29T05:00:00Z'))).toBe(true);
    expect(dailyRunBetween(new Date('2026-03-29T05:59:00Z'), new Date('2026-03-29T06:00:00Z'))).toBe(false);
  });
});

describe('the monthly summary’s SLA lines in Polish', () => {
  const facts = {
    customerName: 'Umbrella',
    month: '2026-11',
    services: [],
    cases: { opened: 3, resolved: 2 },
  };
  const slaLines = (text: string) => text.split('\n\n').find((p) => p.startsWith('Zgodność z SLA'));

  it('writes % met with a decimal comma, and the day the limit was reached', () => {
    const { text } = summaryMail('pl', {
      ...facts,
      sla: {
        // 2 of 3 met: 2 / 3 × 100 = 66.666… → 66.67, written 66,67 in Polish.
        targets: [
          {
            target: 'update',
            count: 3,
            met: 2,
            missed: 1,
            percentMet: 66.67,
            medianMinutes: 50,
            p90Minutes: 90,
          },
          {
            target: 'resolution',
            count: 0,
            met: 0,
            missed: 0,
            percentMet: null,
            medianMinutes: null,
            p90Minutes: null,
          },
        ],
        guaranteed: { usedMinutes: 930, limitMinutes: 900, limitReachedOn: '2026-11-17' },
      },
    });
    expect(slaLines(text)).toBe(
      [
        'Zgodność z SLA (cele zakończone w miesiącu; minuty robocze)',
        '- Częstotliwość aktualizacji: dotrzymane 2 z 3 (66,67 %), przekroczone 1; mediana 50 min, p90 90 min.',
        '- Wykorzystany czas gwarantowany: 930 min z miesięcznego limitu 900 min; limit osiągnięto 2026-11-17.',
      ].join('\n')
    );
  });

  it('says when no target stopped and the limit was not reached', () => {
    const { text } = summaryMail('pl', {
      ...facts,
      sla: { targets: [], guaranteed: { usedMinutes: 120, limitMinutes: 900, limitReachedOn: null } },
    });
    expect(slaLines(text)).toBe(
      [
        'Zgodność z SLA (cele zakończone w miesiącu; minuty robocze)',
        '- Żaden cel nie zakończył się w miesiącu.',
        '- Wykorzystany czas gwarantowany: 120 min z miesięcznego limitu 900 min; limitu nie osiągnięto.',
      ].join('\n')
    );
  });
});
