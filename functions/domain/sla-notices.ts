import type { TeamConfig } from '../config/schema';
import type { CaseRecord } from './case';
import { caseSubject } from './case';
import type { TargetInstance } from './sla';
import { formatLocal, formatMinutes } from './time-format';

/** The words of SLA notices: to the team, to management (R-ESC-6), and to the customer (R-ESC-3). */

const who = (c: CaseRecord) => `${c.customerName ?? c.requester.email} (plan ${c.plan ?? 'none'})`;

export function warningNotice(c: CaseRecord, t: TargetInstance, fraction: number) {
  return {
    subject: `[SLA ${Math.round(fraction * 100)}%] ${caseSubject(c.reference, c.subject)}`,
    text: [
      `${Math.round(fraction * 100)}% of the ${t.label} time for ${c.reference} has passed.`,
      '',
      `Customer: ${who(c)}`,
      `Target:   ${t.label}, ${formatMinutes(t.minutes, t.clock)}`,
      `Due:      ${formatLocal(new Date(t.dueAt))}`,
      `Why:      ${t.explanation}`,
    ].join('\n'),
  };
}

export function missedNotice(c: CaseRecord, t: TargetInstance, handedTo: TeamConfig | null) {
  return {
    subject: `[SLA MISSED] ${caseSubject(c.reference, c.subject)}`,
    text: [
      `The ${t.label} target for ${c.reference} was missed.`,
      '',
      `Customer: ${who(c)}`,
      `Target:   ${t.label}, ${formatMinutes(t.minutes, t.clock)}`,
      `Was due:  ${formatLocal(new Date(t.dueAt))}`,
      `Why:      ${t.explanation}`,
      handedTo
        ? `The case was handed to ${handedTo.name} (${handedTo.hours}).`
        : 'There is no further tier to hand it to.',
    ].join('\n'),
  };
}

export function handedOverNotice(c: CaseRecord, t: TargetInstance, from: TeamConfig) {
  return {
    subject: `[ESCALATED] ${caseSubject(c.reference, c.subject)}`,
    text: [
      `${c.reference} is yours now: ${from.name} missed the ${t.label} target (due ${formatLocal(new Date(t.dueAt))}).`,
      '',
      `Customer: ${who(c)}`,
      `Contact:  ${c.requester.name ?? c.requester.email} <${c.requester.email}>`,
      'The customer has been told, in their thread, that you have the case.',
    ].join('\n'),
  };
}

/** In the customer's own thread: who has the case now, why, and what comes next (R-ESC-3). */
export function customerEscalationNotice(c: CaseRecord, t: TargetInstance, from: TeamConfig, to: TeamConfig) {
  const greeting = c.requester.name ? `Hello ${c.requester.name},` : 'Hello,';
  return {
    subject: caseSubject(c.reference, c.subject),
    text: [
      greeting,
      '',
      `your case ${c.reference} has been passed from our ${from.name} to our ${to.name}, because we did not give you a ${t.label} within the ${formatMinutes(t.minutes, t.clock)} your plan guarantees. We are sorry for the wait.`,
      '',
      `${to.name[0]?.toUpperCase()}${to.name.slice(1)} work ${to.hours}. You stay in this conversation: there is no need to write again, and every reply you send here reaches them.`,
      '',
      '-- ',
      'caseflow support',
    ].join('\n'),
  };
}
