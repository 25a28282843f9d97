import { raisedToSev1Notice } from '../domain/acknowledgement-details';
import { automatedMailReason } from '../domain/automated-mail';
import { type CaseRecord, caseSubject } from '../domain/case';
import { identifySender } from '../domain/directory';
import type { ParsedMail } from '../domain/parsed-mail';
import { newSev1State } from '../domain/sev1';
import { formatInstant } from '../domain/time-format';
import { triageReply } from '../domain/triage';
import { refreshCaseClock } from './case-clock';
import { AUTO_HEADERS, type Services } from './deps';
import type { InboundMail } from './inbound-mail';
import { noticeToCustomer } from './mail-to-customer';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'caseTransactions'
  | 'slaClocks'
  | 'paging'
  | 'incidents'
  | 'workflows'
  | 'log'
  | 'mailer'
  | 'ids'
  | 'events'
>;

/**
 * A customer's reply can raise severity (R-TRI-2): the reply is triaged by what it says
 * (`triageReply`), and when it reads as Sev-1 on a case that is not, the
 * case becomes Sev-1 with its reasons on the timeline. The callback chain starts only under the
 * same rule as a new case: an authenticated designated contact on a plan with the Sev-1 callback.
 * A reply that reads as critical but may not page is noted on the timeline, severity unchanged.
 */
export async function retriageReply(
  deps: Deps,
  c: CaseRecord,
  mail: InboundMail,
  parsed: ParsedMail,
  from: string
): Promise<'raised' | 'noted' | 'unchanged'> {
  if (c.severity === 'SEV1' || c.sev1) return 'unchanged';
  const address = deps.config.supportAddresses.find((a) => a.address === c.channel.address);
  if (!address) return 'unchanged';
  const sender = identifySender(deps.config, from);
  const decision = triageReply(
    {
      automated: automatedMailReason(parsed.headers, from, parsed.subject),
      channel: address,
      sender,
      verdicts: mail.verdicts,
      subject: parsed.subject,
      text: parsed.text,
      outageKeywords: deps.config.outageKeywords,
    },
    c.subject
  );
  if (!decision.reportedCritical) return 'unchanged';
  const now = deps.clock.now().toISOString();
  const kept = { ...decision, team: c.team };
  if (!decision.pagesOnCall || !sender.plan?.sev1Callback) {
    if (c.triage.reportedCritical) return 'unchanged';
    await deps.cases.appendTimeline(c.id, [
      {
        at: now,
        type: 'triage.decided',
        summary: `the reply reads as critical but the case stays ${c.severity}: ${decision.reasons.join('; ')}`,
        actor: 'caseflow',
        data: { severity: c.severity, reportedCritical: true, pagesOnCall: false },
      },
    ]);
    return 'noted';
  }
  const sev1 = newSev1State(mail.receivedAt, sender.plan.sev1Callback.callbackMinutes);
  // From now on the case is served under the plan's critical terms (a defect: no monthly limit).
  const slaTerms = c.sla
    ? { plan: sender.plan.name, class: 'critical' as const, guaranteed: true }
    : undefined;
  const raised = await deps.caseTransactions.raiseToSev1(
    c.id,
    { triage: { ...kept, severity: 'SEV1' }, sev1, slaTerms },
    [
      {
        at: now,
        type: 'triage.decided',
        summary: `raised to SEV1 by the customer's reply: ${decision.reasons.join('; ')}`,
        actor: 'caseflow',
        data: { severity: 'SEV1', team: c.team, pagesOnCall: true, raisedFrom: c.severity },
      },
      {
        at: now,
        type: 'triage.decided',
        summary: `Sev-1 callback due by ${sev1.callbackDueAt}`,
        actor: 'caseflow',
        data: { callbackDueAt: sev1.callbackDueAt },
      },
    ]
  );
  if (!raised) return 'unchanged';
  deps.log.info('case raised to Sev-1 by a reply', { caseId: c.id });
  await deps.workflows.startSev1Callback(c.id, sev1.attempt);
  // Critical targets (response, update cadence) replace the non-critical ones on the case's clock.
  if (slaTerms) await refreshCaseClock(deps, c.id);
  // The customer hears at once, in their thread, that a call is coming and to which number.
  const notice = raisedToSev1Notice(
    c,
    sev1,
    sender.plan.sev1Callback.callbackMinutes,
    c.language ?? 'en',
    formatInstant
  );
  await noticeToCustomer(
    deps,
    c,
    { subject: caseSubject(c.reference, notice.subject), text: notice.text, headers: { ...AUTO_HEADERS } },
    deps.clock.now().toISOString()
  );
  return 'raised';
}
