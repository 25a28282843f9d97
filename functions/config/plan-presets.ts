import type * as z from 'zod';
import type { PlanInput, TeamConfigSchema } from './plan-schema';

/**
 * Plan presets: each encodes one source document's policy (REQUIREMENTS.md "Support plans";
 * test/unit/plan-presets.test.ts checks each against its document). Times are Europe/Warsaw;
 * working days exclude weekends and Polish statutory holidays.
 */
type Range = [string, string];
const closed: Range[] = [];

/** Mon–Fri open..close, Polish holidays closed. */
export function workingDays(open: string, close: string, timeZone = 'Europe/Warsaw') {
  const day: Range[] = [[open, close]];
  return {
    timeZone,
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: closed, sun: closed },
    holidays: 'PL' as const,
  };
}

/** Every day open..close, holidays included (for critical issues "on days off"). */
export function everyDay(open: string, close: string, timeZone = 'Europe/Warsaw') {
  const day: Range[] = [[open, close]];
  return {
    timeZone,
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    holidays: 'none' as const,
  };
}

/** 24/7/365: no gap at midnight, none on holidays. */
export const allTheTime = { timeZone: 'Europe/Warsaw', weekly: '24/7' as const, holidays: 'none' as const };

const hours = (h: number) => ({ minutes: h * 60 });

export const planPresets = {
  /** 004: forum community support; e-mail for bug reports only, no guaranteed reaction. */
  COMMUNITY: {
    description:
      'Community support (004_b50a0992e4606fec.txt): forum, bug reports by e-mail, no guaranteed reaction',
    serviceHours: 'Mon–Fri 10:00–13:00 (Europe/Warsaw), working days',
    nonCritical: { calendar: workingDays('10:00', '13:00'), response: null },
    critical: { calendar: workingDays('10:00', '13:00'), response: null },
    sev1Callback: null,
    billing: { remoteRatePlnPerHour: 200 },
    priceMonthlyPln: 0,
  },
  /** 004 EMAIL: 129 PLN, 3 months, 09–15, 12 h reaction, 3 h monthly guaranteed-time limit, 180 PLN/h. */
  EMAIL: {
    description: 'EMAIL plan (004_b50a0992e4606fec.txt): e-mail support with a 12-hour guaranteed reaction',
    serviceHours: 'Mon–Fri 09:00–15:00 (Europe/Warsaw), working days',
    nonCritical: { calendar: workingDays('09:00', '15:00'), response: hours(12) },
    critical: { calendar: workingDays('09:00', '15:00'), response: hours(12) },
    sev1Callback: null,
    monthlyGuaranteedMinutes: 3 * 60,
    billing: { remoteRatePlnPerHour: 180 },
    priceMonthlyPln: 129,
    minimumTermMonths: 3,
  },
  /** 004 START: 399 PLN, 3 months, 08–16, 8 h reaction, 8 h limit, 3 h package, phone, 165 PLN/h. */
  START: {
    description:
      'START plan (004_b50a0992e4606fec.txt): 8-hour guaranteed reaction, 3-hour phone/remote package',
    serviceHours: 'Mon–Fri 08:00–16:00 (Europe/Warsaw), working days',
    nonCritical: { calendar: workingDays('08:00', '16:00'), response: hours(8) },
    critical: { calendar: workingDays('08:00', '16:00'), response: hours(8) },
    sev1Callback: null,
    monthlyGuaranteedMinutes: 8 * 60,
    packageHours: 3,
    billing: { remoteRatePlnPerHour: 165 },
    phoneSupport: true,
    priceMonthlyPln: 399,
    minimumTermMonths: 3,
  },
  /** 004 STANDARD: 799 PLN, 6 months, 07–17, 4 h reaction, 15 h limit, 7 h package, dev work, critical on days off, 140 PLN/h. */
  STANDARD: {
    description:
      'STANDARD plan (004_b50a0992e4606fec.txt): 4-hour guaranteed reaction, critical issues also on days off',
    serviceHours: 'Mon–Fri 07:00–17:00 (Europe/Warsaw), working days',
    nonCritical: { calendar: workingDays('07:00', '17:00'), response: hours(4) },
    critical: { calendar: everyDay('07:00', '17:00'), response: hours(4) },
    sev1Callback: null,
    monthlyGuaranteedMinutes: 15 * 60,
    packageHours: 7,
    billing: { remoteRatePlnPerHour: 140 },
    phoneSupport: true,
    developmentWork: true,
    priceMonthlyPln: 799,
    minimumTermMonths: 6,
  },
  /** 004 PREMIUM: everything individual, 24/7 possible (R-SLA-9). These are defaults to overwrite per contract. */
  PREMIUM: {
    description:
      'PREMIUM plan (004_b50a0992e4606fec.txt): individually agreed; defaults: 24/7, 1-hour reaction, priority queue',
    serviceHours: '24/7 (individually agreed)',
    nonCritical: { calendar: allTheTime, response: hours(1) },
    critical: { calendar: allTheTime, response: { minutes: 30 }, updateEvery: hours(1) },
    sev1Callback: null,
    phoneSupport: true,
    developmentWork: true,
  },
  /**
   * 000 (Bird): Sev-1 hotline 24/7/365, callback within 15 minutes, updates at agreed intervals;
   * non-critical problems answered by e-mail in business hours; a technical account manager.
   * The document gives no number for non-critical reaction: 1 business day (8 h) is ours.
   */
  ENTERPRISE: {
    description:
      'ENTERPRISE (000_464494ab234be3c7.txt): Sev-1 24/7/365 with a 15-minute callback; non-critical in business hours; TAM',
    serviceHours: 'Mon–Fri 09:00–17:00 (Europe/Warsaw) for non-critical issues; Sev-1 24/7/365',
    nonCritical: { calendar: workingDays('09:00', '17:00'), response: hours(8) },
    critical: { calendar: allTheTime, response: { minutes: 15 }, updateEvery: hours(1) },
    sev1Callback: { callbackMinutes: 15 },
    technicalAccountManager: true,
  },
  /**
   * 003 (INTROSERV): automatic acknowledgement in 2 minutes, first response in 10 minutes, 24/7,
   * regular status updates; tiers with their own hours (see teams). Resolution times there are
   * estimates, not promises, so no resolution target. "Regular" updates: every hour is ours.
   */
  'RAPID-24x7': {
    description: 'RAPID-24x7 (003_5c7f04c7e87afc1a.txt): acknowledgement 2 min, first response 10 min, 24/7',
    serviceHours: '24/7',
    nonCritical: { calendar: allTheTime, response: { minutes: 10 } },
    critical: { calendar: allTheTime, response: { minutes: 10 }, updateEvery: hours(1) },
    sev1Callback: null,
    acknowledgementMinutes: 2,
  },
  /**
   * 001 (User.com SLA): 99.98% availability every calendar month, per service; reaction and repair
   * times per error category, but the document gives no numbers. Ours: critical (unavailability,
   * R-TRI-1) — reaction 1 h, repair 8 h, 24/7; other errors — reaction 4 business hours, repair 5
   * business days (Mon–Fri 09:00–17:00). A repair means the cause and the effects removed (R-SLA-8).
   */
  'SAAS-SLA': {
    description:
      'SaaS SLA (001_08595a2d2ba4e252.txt): 99.98% monthly availability; reaction and repair per error category',
    serviceHours: 'critical errors 24/7; other errors Mon–Fri 09:00–17:00 (Europe/Warsaw)',
    nonCritical: { calendar: workingDays('09:00', '17:00'), response: hours(4), resolution: hours(5 * 8) },
    critical: { calendar: allTheTime, response: hours(1), resolution: hours(8) },
    sev1Callback: null,
    availabilityPercent: 99.98,
  },
} satisfies Record<string, PlanInput>;

/** The tiers of 003 (R-ESC-2): L1 24/7; L2 billing Mon–Fri 09–18 CET; L2 data centre Mon–Fri 08–17 local; L3 Mon–Fri 08–22 CET. */
export function defaultTeams(domain: string): Record<string, z.input<typeof TeamConfigSchema>> {
  return {
    L1: {
      name: 'L1 support engineers',
      email: `l1@${domain}`,
      calendar: allTheTime,
      hours: '24/7',
      escalatesTo: 'L3_SYSADMIN',
    },
    L2_BILLING: {
      name: 'L2 billing team',
      email: `billing-team@${domain}`,
      calendar: workingDays('09:00', '18:00'),
      hours: 'Mon–Fri 09:00–18:00 CET',
      escalatesTo: 'MANAGEMENT',
    },
    L2_DATACENTER: {
      name: 'L2 data-centre technicians',
      email: `datacenter@${domain}`,
      calendar: workingDays('08:00', '17:00'),
      hours: 'Mon–Fri 08:00–17:00 local time',
      escalatesTo: 'L3_SYSADMIN',
    },
    L3_SYSADMIN: {
      name: 'L3 system administrators',
      email: `sysadmins@${domain}`,
      calendar: workingDays('08:00', '22:00'),
      hours: 'Mon–Fri 08:00–22:00 CET',
      escalatesTo: 'MANAGEMENT',
    },
    MANAGEMENT: {
      name: 'management',
      email: `management@${domain}`,
      calendar: workingDays('09:00', '17:00'),
      hours: 'Mon–Fri 09:00–17:00',
      escalatesTo: null,
    },
  };
}
