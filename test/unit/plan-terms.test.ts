import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import { calendarHours, guaranteedTimeUse, planTerms } from '../../functions/domain/plan-terms';

describe('plan terms for the customer panel', () => {
  it('writes a calendar as people read it: runs of equal days, the zone, holidays', () => {
    expect(calendarHours({ timeZone: 'Europe/Warsaw', weekly: '24/7', holidays: 'none' })).toBe('24/7');
    const day: [string, string][] = [['08:00', '16:00']];
    expect(
      calendarHours({
        timeZone: 'Europe/Warsaw',
        weekly: { mon: day, tue: day, wed: day, thu: day, fri: [['08:00', '12:00']], sat: [], sun: [] },
        holidays: 'PL',
      })
    ).toBe('Mon–Thu 08:00–16:00; Fri 08:00–12:00 (Europe/Warsaw), closed on Polish public holidays');
    expect(
      calendarHours({
        timeZone: 'UTC',
        weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: day, sun: day },
        holidays: 'none',
      })
    ).toBe('Sat–Sun 08:00–16:00 (UTC)');
  });

  it("reads a preset's targets, callback, limit and package", () => {
    const config = parseConfig(demoConfig, 'test');
    const plan = (name: string) => {
      const found = config.plans[name];
      if (!found) throw new Error(`the demo config has no plan ${name}`);
      return found;
    };
    const enterprise = planTerms('ENTERPRISE', plan('ENTERPRISE'));
    expect(enterprise.sev1CallbackMinutes).toBe(15);
    expect(enterprise.critical.clock).toBe('wall');
    const standard = planTerms('STANDARD', plan('STANDARD'));
    expect(standard).toMatchObject({
      monthlyGuaranteedMinutes: 900,
      packageHours: 7,
      sev1CallbackMinutes: null,
    });
    expect(standard.nonCritical).toMatchObject({ clock: 'business', responseMinutes: 240 });
  });

  it('says when the guaranteed time is used up', () => {
    expect(guaranteedTimeUse('2026-12', 899, 900).exhausted).toBe(false);
    expect(guaranteedTimeUse('2026-12', 900, 900).exhausted).toBe(true);
    expect(guaranteedTimeUse('2026-12', 5000, null).exhausted).toBe(false);
  });
});
