import type { Plan, SupportAddress } from '../config/schema';
import type { Severity, TriageCategory } from './case';
import type { ContactStatus } from './directory';
import type { SlaClass } from './sla';
import type { Team } from './team';

/**
 * The triage rule (docs/triage.md, DESIGN "Triage rule"), in three independent steps:
 * severity inputs → severity; plan + severity → paging, terms, calendar; channel + severity → team.
 * Severity is the defect: it never depends on what the plan covers. Pure.
 */

/** The 24/7 first line (R-ESC-2, R-SEV1-1): critical cases belong here whatever address they came in on. */
export const FIRST_LINE: Team = 'L1';

export interface SeverityInputs {
  /** The sender's own current words (or the hotline) report persistent unavailability (R-TRI-1/2). */
  reportedCritical: boolean;
  /** What the directory and sender trust say of the sender (R-IN-4). */
  contactStatus: ContactStatus;
  /** SES verdicts prove the From address (DMARC, SPF/DKIM) and the mail is neither spam nor virus. */
  proven: { ok: boolean; reason: string };
}

/**
 * Critical (SEV1) when the mail reports persistent unavailability and a designated contact proved
 * they sent it; anyone else's report stays NON_CRITICAL, kept and marked `reportedCritical`.
 */
export function severityOf(inputs: SeverityInputs): { severity: Severity; reason: string } {
  if (!inputs.reportedCritical)
    return { severity: 'NON_CRITICAL', reason: 'no sign of a persistent outage: non-critical' };
  if (inputs.contactStatus !== 'DESIGNATED')
    return {
      severity: 'NON_CRITICAL',
      reason: `sender is not a designated contact (${inputs.contactStatus}): critical reported, no plan guarantees`,
    };
  if (!inputs.proven.ok)
    return {
      severity: 'NON_CRITICAL',
      reason: `${inputs.proven.reason}: not treated as the designated contact`,
    };
  return { severity: 'SEV1', reason: `critical: a designated contact reports it; ${inputs.proven.reason}` };
}

export interface PlanConsequences {
  /** Whether the Sev-1 callback chain pages on-call (only plans with the 24/7 callback). */
  pagesOnCall: boolean;
  /** Which of the plan's terms serve the case; each carries its own calendar. */
  termsClass: SlaClass;
  reason: string;
}

type PlanView = Pick<Plan, 'sev1Callback' | 'critical'> & { name: string };

const daysOff = (plan: PlanView) =>
  plan.critical.calendar.weekly === '24/7' || plan.critical.calendar.weekly.sat.length > 0;

/**
 * What the plan does with a severity: a critical case is served under the plan's critical terms
 * and calendar (STANDARD: also on days off) and pages on-call only when the plan has the callback.
 */
export function planConsequences(plan: PlanView | null, severity: Severity): PlanConsequences {
  if (severity !== 'SEV1')
    return { pagesOnCall: false, termsClass: 'nonCritical', reason: 'non-critical terms of the plan' };
  if (!plan) return { pagesOnCall: false, termsClass: 'critical', reason: 'no plan: nobody is paged' };
  if (plan.sev1Callback)
    return {
      pagesOnCall: true,
      termsClass: 'critical',
      reason: `plan ${plan.name} has the 24/7 Sev-1 callback: on-call is paged to call back within ${plan.sev1Callback.callbackMinutes} minutes`,
    };
  return {
    pagesOnCall: false,
    termsClass: 'critical',
    reason: `plan ${plan.name} has no 24/7 Sev-1 callback: nobody is paged; its critical terms apply${daysOff(plan) ? ', days off included' : ''}`,
  };
}

/** An address routes by content only when it is the general first-line one; any other is dedicated. */
export function routesByContent(channel: SupportAddress): boolean {
  return channel.purpose === 'general' && channel.team === FIRST_LINE;
}

/**
 * The team: a critical case belongs to the 24/7 first line whatever address it came in on
 * (specialist teams do not work nights; they get it by escalation). Non-critical mail goes to the
 * channel's team, or by content on the general address.
 */
export function teamFor(
  channel: SupportAddress,
  severity: Severity,
  reportedCritical: boolean,
  category: { category: TriageCategory; team: Team }
): { team: Team; reason: string } {
  if (severity === 'SEV1')
    return {
      team: FIRST_LINE,
      reason:
        channel.team === FIRST_LINE
          ? `team ${FIRST_LINE}: a critical case belongs to the 24/7 first line`
          : `team ${FIRST_LINE}: a critical case belongs to the 24/7 first line, not to ${channel.team} of ${channel.address}`,
    };
  if (routesByContent(channel) && reportedCritical)
    return {
      team: channel.team,
      reason: `team ${channel.team}: a critical report stays with the 24/7 first line of ${channel.address}`,
    };
  if (routesByContent(channel))
    return {
      team: category.team,
      reason: `team ${category.team} by content on the general address ${channel.address}`,
    };
  const note =
    category.team !== channel.team && category.category !== 'general'
      ? ` (the content reads as ${category.category}; the address decides)`
      : '';
  return {
    team: channel.team,
    reason: `team ${channel.team} from the dedicated address ${channel.address}${note}`,
  };
}
