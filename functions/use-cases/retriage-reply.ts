import { automatedMailReason } from '../domain/automated-mail';
import type { CaseRecord } from '../domain/case';
import { identifySender } from '../domain/directory';
import { newSev1State } from '../domain/sev1';
import { triageReply } from '../domain/triage';
import type { ParsedMail } from '../ports';
import type { Services } from './deps';
import type { InboundMail } from './open-case-from-email';

type Deps = Pick<Services, 'config' | 'clock' | 'store' | 'workflows' | 'log'>;

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
    await deps.store.appendTimeline(c.id, [
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
  const raised = await deps.store.raiseToSev1(c.id, { triage: { ...kept, severity: 'SEV1' }, sev1 }, [
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
  ]);
  if (!raised) return 'unchanged';
  deps.log.info('case raised to Sev-1 by a reply', { caseId: c.id });
  await deps.workflows.startSev1Callback(c.id, sev1.attempt);
  return 'raised';
}
