import * as z from 'zod';
import type { Plan } from '../config/plan-schema';

/**
 * Billable time (R-SLA-6, 004): staff log work on a case by kind and minutes; a month's statement
 * per customer counts each job per started increment of its kind, the write-up included, draws
 * the plan's hour package in the order the work was done, and prices the rest at the plan's rate.
 * E-mail support is listed but never counted against the package nor priced (004's FAQ).
 */
export const WorkKindSchema = z.enum(['remote', 'phone', 'on-site', 'email']);
export type WorkKind = z.infer<typeof WorkKindSchema>;
export const WORK_KINDS = WorkKindSchema.options;

/** What staff send to log work; who did it is the signed-in actor. */
export const WorkInputSchema = z.strictObject({
  kind: WorkKindSchema,
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** When the work was done; absent: now. Its UTC month is the statement it lands on. */
  performedAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).optional(),
});
export type WorkInput = z.infer<typeof WorkInputSchema>;

export interface WorkEntry {
  id: string;
  caseId: string;
  reference: string;
  customerId: string;
  kind: WorkKind;
  minutes: number;
  /** ISO instant the work was done (UTC month = the statement's month). */
  performedAt: string;
  note?: string;
  loggedBy: string;
  loggedAt: string;
}

export interface BillingTerms {
  plan: string;
  packageMinutes: number;
  ratePlnPerHour: number | null;
  increments: Record<Exclude<WorkKind, 'email'>, number>;
  writeUpMinutes: number;
}

export function billingTermsOf(planName: string, plan: Plan): BillingTerms {
  return {
    plan: planName,
    packageMinutes: Math.round((plan.packageHours ?? 0) * 60),
    ratePlnPerHour: plan.billing.remoteRatePlnPerHour,
    increments: {
      remote: plan.billing.remoteIncrementMinutes,
      phone: plan.billing.phoneIncrementMinutes,
      'on-site': plan.billing.onSiteIncrementMinutes,
    },
    writeUpMinutes: plan.billing.writeUpMinutes,
  };
}

/**
 * Minutes a job counts for: its minutes plus the write-up, up to the next started increment of its
 * kind ("każde rozpoczęte 30 minut … do czasu zaliczany jest też czas niezbędny do zapisania
 * informacji", 004). E-mail support: 0.
 */
export function countedMinutes(kind: WorkKind, minutes: number, terms: BillingTerms): number {
  if (kind === 'email') return 0;
  const step = terms.increments[kind];
  return Math.ceil((minutes + terms.writeUpMinutes) / step) * step;
}

/** PLN net for minutes at an hourly rate, in grosze (integer), rounded half up. */
export const priceGrosze = (minutes: number, ratePlnPerHour: number) =>
  Math.round((minutes * ratePlnPerHour * 100) / 60);

export interface StatementLine {
  entryId: string;
  caseId: string;
  reference: string;
  performedAt: string;
  kind: WorkKind;
  loggedBy: string;
  note: string | null;
  minutes: number;
  writeUpMinutes: number;
  countedMinutes: number;
  fromPackageMinutes: number;
  billedMinutes: number;
  /** PLN net, two decimals; null when the plan's rate is individually agreed. */
  amountPln: string | null;
}

export interface Statement {
  customerId: string;
  month: string;
  plan: string;
  ratePlnPerHour: number | null;
  packageMinutes: number;
  packageUsedMinutes: number;
  packageRemainingMinutes: number;
  /** Logged minutes per kind, as staff entered them. */
  loggedMinutes: Record<WorkKind, number>;
  /** Counted (rounded, write-up included) minutes per kind; e-mail always 0. */
  countedMinutes: Record<WorkKind, number>;
  billedMinutes: number;
  amountPln: string | null;
  lines: StatementLine[];
}

/** One statement of GET /api/reports/billing, as the CLI and the console read it. */
export type StatementRow = Statement & { customerName: string };

export const pln = (grosze: number) => (grosze / 100).toFixed(2);

const byKind = () => ({ remote: 0, phone: 0, 'on-site': 0, email: 0 }) as Record<WorkKind, number>;

/** A customer's statement for a month from that month's work entries. */
export function buildStatement(
  customerId: string,
  month: string,
  terms: BillingTerms,
  entries: WorkEntry[]
): Statement {
  const sorted = [...entries].sort(
    (a, b) => a.performedAt.localeCompare(b.performedAt) || a.id.localeCompare(b.id)
  );
  let packageLeft = terms.packageMinutes;
  let totalGrosze = 0;
  const logged = byKind();
  const counted = byKind();
  const lines = sorted.map((e): StatementLine => {
    const minutes = countedMinutes(e.kind, e.minutes, terms);
    const fromPackage = Math.min(packageLeft, minutes);
    packageLeft -= fromPackage;
    const billed = minutes - fromPackage;
    const grosze = terms.ratePlnPerHour === null ? null : priceGrosze(billed, terms.ratePlnPerHour);
    totalGrosze += grosze ?? 0;
    logged[e.kind] += e.minutes;
    counted[e.kind] += minutes;
    return {
      entryId: e.id,
      caseId: e.caseId,
      reference: e.reference,
      performedAt: e.performedAt,
      kind: e.kind,
      loggedBy: e.loggedBy,
      note: e.note ?? null,
      minutes: e.minutes,
      writeUpMinutes: e.kind === 'email' ? 0 : terms.writeUpMinutes,
      countedMinutes: minutes,
      fromPackageMinutes: fromPackage,
      billedMinutes: billed,
      amountPln: grosze === null ? null : pln(grosze),
    };
  });
  return {
    customerId,
    month,
    plan: terms.plan,
    ratePlnPerHour: terms.ratePlnPerHour,
    packageMinutes: terms.packageMinutes,
    packageUsedMinutes: terms.packageMinutes - packageLeft,
    packageRemainingMinutes: packageLeft,
    loggedMinutes: logged,
    countedMinutes: counted,
    billedMinutes: lines.reduce((s, l) => s + l.billedMinutes, 0),
    amountPln: terms.ratePlnPerHour === null ? null : pln(totalGrosze),
    lines,
  };
}

const csvField = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Cells starting like a formula are quoted with a leading apostrophe (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The statement as CSV: one row per job, then the totals row; the same figures as the JSON. */
export function statementCsv(statements: Statement[]): string {
  const header = [
    'customer',
    'month',
    'plan',
    'case',
    'performed_at',
    'kind',
    'logged_by',
    'minutes',
    'write_up_minutes',
    'counted_minutes',
    'from_package_minutes',
    'billed_minutes',
    'rate_pln_per_hour',
    'amount_pln',
  ];
  const rows = [header.join(',')];
  for (const s of statements) {
    for (const l of s.lines)
      rows.push(
        [
          s.customerId,
          s.month,
          s.plan,
          l.reference,
          l.performedAt,
          l.kind,
          l.loggedBy,
          l.minutes,
          l.writeUpMinutes,
          l.countedMinutes,
          l.fromPackageMinutes,
          l.billedMinutes,
          s.ratePlnPerHour,
          l.amountPln,
        ]
          .map(csvField)
          .join(',')
      );
    rows.push(
      [
        s.customerId,
        s.month,
        s.plan,
        'TOTAL',
        '',
        '',
        '',
        Object.values(s.loggedMinutes).reduce((a, b) => a + b, 0),
        '',
        Object.values(s.countedMinutes).reduce((a, b) => a + b, 0),
        s.packageUsedMinutes,
        s.billedMinutes,
        s.ratePlnPerHour,
        s.amountPln,
      ]
        .map(csvField)
        .join(',')
    );
  }
  return `${rows.join('\n')}\n`;
}
