import type { Plan } from '../config/schema';
import { missingReportLines, sev1ContactLines } from './acknowledgement-details';
import { polishAcknowledgementFor } from './acknowledgement-pl';
import type { CaseRecord } from './case';
import { caseSubject } from './case';
import { formatInstant, formatLocal, formatMinutes } from './time-format';

const withBlankLine = (lines: string[]) => (lines.length ? [...lines, ''] : []);

export interface AcknowledgementText {
  subject: string;
  text: string;
}

/** What happens next, in plain words (R-IN-2): depends on severity, plan and who wrote. */
function whatHappensNext(c: CaseRecord, plan: (Plan & { name: string }) | null): string[] {
  const lines: string[] = [];
  if (c.severity === 'SEV1' && c.sev1 && plan?.sev1Callback) {
    const phone = c.requester.phone ? ` at ${c.requester.phone}` : '';
    lines.push(
      `We are treating this as a Severity 1 (critical) issue under your ${plan.name} plan.`,
      `Our on-call engineer is being paged now and will call you back${phone} within ${plan.sev1Callback.callbackMinutes} minutes, by ${formatInstant(c.sev1.callbackDueAt)}.`,
      ...sev1ContactLines(c, 'en')
    );
    return lines;
  }
  const response = c.sla?.targets.find((t) => t.kind === 'response' && !t.stoppedAt);
  const promise = response
    ? `We will respond by ${formatLocal(new Date(response.dueAt))} — ${response.explanation}.`
    : null;
  if (c.triage.reportedCritical) {
    if (c.contactStatus !== 'DESIGNATED') {
      lines.push(
        'Your message reads as a critical issue, but we could not confirm you as a designated contact of a support plan, so this case carries no plan guarantees.',
        "It is kept and visible to our team, and we have told the account's team about it."
      );
    } else if (plan && !plan.sev1Callback) {
      const target = plan.critical.response
        ? formatMinutes(plan.critical.response.minutes, 'business')
        : null;
      const daysOff =
        plan.critical.calendar.weekly === '24/7' || plan.critical.calendar.weekly.sat.length > 0;
      lines.push(
        c.severity === 'SEV1'
          ? `We are treating this as a critical issue under your ${plan.name} plan. The plan does not include the 24/7 Sev-1 callback, so nobody is paged out of hours.`
          : `Your message reads as a critical issue. Your ${plan.name} plan does not include the 24/7 Sev-1 callback, so nobody is paged out of hours.`,
        `On the ${plan.name} plan, critical issues get ${target ? `a first reaction within ${target}` : 'no guaranteed reaction time'} during service hours (${plan.serviceHours})${daysOff ? ', and critical issues are handled on days off as well' : ''}.`
      );
      if (promise) lines.push(promise);
    } else {
      lines.push(
        'Your message reads as a critical issue, but we could not verify that it came from your organisation, so nobody has been paged.',
        'Our team will review it; if this is urgent, please write again from your registered address.'
      );
    }
    return lines;
  }
  if (c.sla && !c.sla.terms.guaranteed && plan) {
    lines.push(
      `We will answer as soon as we can, but this case carries no guaranteed response time: ${c.sla.terms.reason}.`
    );
  } else if (promise && response && plan) {
    lines.push(
      `An engineer will respond within ${formatMinutes(response.minutes, response.clock)} under your ${plan.name} plan (service hours: ${plan.serviceHours}).`,
      promise
    );
  } else if (plan) {
    lines.push(
      `Your ${plan.name} plan carries no guaranteed reaction time; we will answer as soon as we can.`
    );
  } else {
    lines.push(
      'We will answer as soon as we can. This address is not registered with a support plan, so no response time is guaranteed.'
    );
  }
  return lines;
}

export function acknowledgementFor(
  c: CaseRecord,
  plan: (Plan & { name: string }) | null
): AcknowledgementText {
  if (c.language === 'pl') return polishAcknowledgementFor(c, plan);
  const greeting = c.requester.name ? `Hello ${c.requester.name},` : 'Hello,';
  const text = [
    greeting,
    '',
    `we have received your message and opened case ${c.reference}: "${c.subject}".`,
    '',
    ...whatHappensNext(c, plan),
    '',
    ...withBlankLine(c.sev1 ? [] : missingReportLines(c, 'en')),
    `Please keep [${c.reference}] in the subject when you reply; your replies are added to this case.`,
    '',
    '-- ',
    'caseflow support',
  ].join('\n');
  return { subject: caseSubject(c.reference, c.subject), text };
}
