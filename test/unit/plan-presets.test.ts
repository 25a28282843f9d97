import { describe, expect, it } from 'vitest';
import { planPresets } from '../../functions/config/plan-presets';
import { PlanSchema } from '../../functions/config/schema';
import { createCalendar } from '../../functions/domain/calendar';

/** Each preset against the numbers of its source document (REQUIREMENTS.md, "Support plans"). */
const plan = (name: keyof typeof planPresets) => PlanSchema.parse(planPresets[name]);
const opens = (
  name: keyof typeof planPresets,
  local: string,
  cls: 'nonCritical' | 'critical' = 'nonCritical'
) => createCalendar(plan(name)[cls].calendar).isOpen(new Date(`${local}+01:00`));

describe('004_b50a0992e4606fec.txt price list', () => {
  it.each([
    // plan, hours, reaction h, monthly limit h, package h, rate PLN/h, price, term
    ['COMMUNITY', ['10:00', '13:00'], null, null, null, 200, 0, null],
    ['EMAIL', ['09:00', '15:00'], 12, 3, null, 180, 129, 3],
    ['START', ['08:00', '16:00'], 8, 8, 3, 165, 399, 3],
    ['STANDARD', ['07:00', '17:00'], 4, 15, 7, 140, 799, 6],
  ] as const)(
    '%s: hours %j, reaction %s h, limit %s h, package %s h, %s PLN/h',
    (name, [open, close], reaction, limit, pkg, rate, price, term) => {
      const p = plan(name);
      const week = p.nonCritical.calendar.weekly;
      expect(week).not.toBe('24/7');
      if (week !== '24/7') {
        expect(week.mon).toEqual([[open, close]]);
        expect(week.fri).toEqual([[open, close]]);
        expect(week.sat).toEqual([]);
        expect(week.sun).toEqual([]);
      }
      expect(p.nonCritical.calendar.holidays).toBe('PL');
      expect(p.nonCritical.response?.minutes ?? null).toBe(reaction === null ? null : reaction * 60);
      expect(p.monthlyGuaranteedMinutes).toBe(limit === null ? null : limit * 60);
      expect(p.packageHours).toBe(pkg);
      expect(p.billing).toMatchObject({
        remoteRatePlnPerHour: rate,
        remoteIncrementMinutes: 30,
        phoneIncrementMinutes: 15,
        writeUpMinutes: 5,
      });
      expect(p.priceMonthlyPln).toBe(price);
      expect(p.minimumTermMonths).toBe(term);
      expect(p.sev1Callback).toBeNull();
    }
  );

  it('STANDARD handles critical issues on days off too, other plans do not', () => {
    expect(opens('STANDARD', '2026-12-19T10:00:00', 'critical')).toBe(true); // Saturday
    expect(opens('STANDARD', '2026-12-19T10:00:00')).toBe(false);
    expect(opens('START', '2026-12-19T10:00:00', 'critical')).toBe(false);
  });

  it('phone support from START, development work on STANDARD', () => {
    expect([plan('EMAIL').phoneSupport, plan('START').phoneSupport, plan('STANDARD').phoneSupport]).toEqual([
      false,
      true,
      true,
    ]);
    expect([plan('START').developmentWork, plan('STANDARD').developmentWork]).toEqual([false, true]);
  });

  it('PREMIUM: 24/7 possible, values individual (defaults to overwrite)', () => {
    expect(plan('PREMIUM').nonCritical.calendar.weekly).toBe('24/7');
  });
});

describe('000_464494ab234be3c7.txt ENTERPRISE', () => {
  it('Sev-1 24/7/365 with a 15-minute callback, updates at agreed intervals, non-critical in business hours, a TAM', () => {
    const p = plan('ENTERPRISE');
    expect(p.sev1Callback?.callbackMinutes).toBe(15);
    expect(p.critical.calendar).toMatchObject({ weekly: '24/7', holidays: 'none' });
    expect(p.critical.updateEvery?.minutes).toBe(60);
    expect(opens('ENTERPRISE', '2026-12-25T03:00:00', 'critical')).toBe(true);
    expect(opens('ENTERPRISE', '2026-12-25T10:00:00')).toBe(false);
    expect(opens('ENTERPRISE', '2026-12-22T10:00:00')).toBe(true);
    expect(p.technicalAccountManager).toBe(true);
  });
});

describe('003_5c7f04c7e87afc1a.txt RAPID-24x7', () => {
  it('acknowledgement in 2 minutes, first response in 10 minutes, 24/7, no promised resolution time', () => {
    const p = plan('RAPID-24x7');
    expect(p.acknowledgementMinutes).toBe(2);
    expect(p.nonCritical).toMatchObject({ response: { minutes: 10 }, resolution: null });
    expect(p.nonCritical.calendar.weekly).toBe('24/7');
  });
});

describe('001_08595a2d2ba4e252.txt SAAS-SLA', () => {
  it('99.98% monthly availability; reaction and repair per error category (our documented defaults)', () => {
    const p = plan('SAAS-SLA');
    expect(p.availabilityPercent).toBe(99.98);
    expect(p.critical).toMatchObject({ response: { minutes: 60 }, resolution: { minutes: 480 } });
    expect(p.nonCritical).toMatchObject({ response: { minutes: 240 }, resolution: { minutes: 2400 } });
  });
});
