import type { Plan } from '../config/schema';
import type { CaseRecord, Severity } from './case';
import type { SlaClass, TargetInstance } from './sla';
import { planConsequences } from './triage-rule';

/**
 * A staff member changes a case's severity (docs/triage.md, "Changing severity"). Severity is the
 * defect; what the plan does with it (paging, terms) follows from the same rule intake uses
 * (triage-rule.ts). Pure.
 */

/** Why the severity cannot change now; null when it can. */
export function severityChangeRefusal(
  c: Pick<CaseRecord, 'status' | 'severity' | 'reference'> & { mergedInto?: CaseRecord['mergedInto'] },
  to: Severity
): { kind: 'conflict'; error: string } | null {
  if (c.mergedInto)
    return { kind: 'conflict', error: `${c.reference} was merged into ${c.mergedInto.reference}` };
  if (c.status === 'RESOLVED' || c.status === 'CLOSED')
    return {
      kind: 'conflict',
      error: `${c.reference} is ${c.status.toLowerCase()}: reopen it to change its severity`,
    };
  if (c.severity === to) return { kind: 'conflict', error: `${c.reference} is already ${to}` };
  return null;
}

type PlanView = Pick<Plan, 'sev1Callback' | 'critical'> & { name: string };

/**
 * Whether raising the case to Sev-1 pages on-call. Staff decide that the defect is critical (they
 * stand in for "the mail reports an outage"); the rest of intake's rule still holds: the plan has the
 * 24/7 callback, the sender is a designated contact, and the mail proved it came from them (SES
 * verdicts: aligned DMARC, not spam or virus). A machine-written or unproven mail never pages.
 */
export function pagingOnRaise(
  c: Pick<CaseRecord, 'contactStatus' | 'triage' | 'automated'>,
  plan: PlanView | null
): { pages: boolean; reason: string } {
  const consequences = planConsequences(plan, 'SEV1');
  if (!consequences.pagesOnCall) return { pages: false, reason: consequences.reason };
  if (c.automated) return { pages: false, reason: 'the mail was written by a machine: nobody is paged' };
  if (c.contactStatus !== 'DESIGNATED')
    return {
      pages: false,
      reason: `the sender is not a designated contact (${c.contactStatus}): nobody is paged`,
    };
  if (!c.triage.senderAuthenticated)
    return {
      pages: false,
      reason: 'the mail was not proven to come from the designated contact (SES verdicts): nobody is paged',
    };
  return { pages: true, reason: consequences.reason };
}

/** The terms class a severity is served under (the plan's critical or non-critical terms). */
export const termsClassFor = (plan: PlanView | null, severity: Severity): SlaClass =>
  planConsequences(plan, severity).termsClass;

/**
 * Targets that were already met (or given late) when the terms changed keep the due time and
 * verdict they had: re-planning never turns a met target into a missed one, nor the reverse.
 * Running targets are derived anew, from the case's original facts, under the new terms.
 */
export function keepSettledTargets(
  derived: readonly TargetInstance[],
  settled: readonly TargetInstance[] | undefined
): TargetInstance[] {
  if (!settled?.length) return [...derived];
  const kept = new Map(settled.map((t) => [t.id, t]));
  return derived.map((t) => {
    const before = kept.get(t.id);
    return before?.stoppedAt && before.stoppedAt === t.stoppedAt ? before : t;
  });
}

/** The stopped targets to keep across a change of terms: those kept before, and those stopped now. */
export function settledTargets(
  current: readonly TargetInstance[],
  before: readonly TargetInstance[] | undefined
): TargetInstance[] {
  const kept = new Map((before ?? []).map((t) => [t.id, t]));
  for (const t of current) if (t.stoppedAt && !kept.has(t.id)) kept.set(t.id, t);
  return [...kept.values()];
}
