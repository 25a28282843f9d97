import { caseSubject, isActive } from '../domain/case';
import type { SenderVerdicts } from '../domain/sender-auth';
import { autoClosedNotice, readConfirmation, resolutionRequest, unprovenSender } from '../domain/staff-mail';
import { formatLocal } from '../domain/time-format';
import { refreshCaseClock } from './case-clock';
import { AUTO_HEADERS, type Services } from './deps';
import { noticeToCustomer } from './mail-to-customer';
import { type AgentReply, replyToCustomer } from './reply-to-customer';
import { resolveCase } from './resolve-case';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'slaClocks'
  | 'paging'
  | 'caseTransactions'
  | 'incidents'
  | 'mailer'
  | 'workflows'
  | 'events'
  | 'ids'
  | 'log'
>;
/** Proposing sends a reply, which may carry attachments. */
type ReplyDeps = Deps & Pick<Services, 'attachments' | 'search'>;

export class ResolutionError extends Error {}

const DAY_MS = 24 * 3600_000;

/**
 * Staff propose a resolution (R-SEV1-5): the customer gets it in their thread with how to confirm
 * and when the case closes on its own; the case waits on the customer (the resolution clock
 * pauses) and the case clock wakes when the confirmation period ends (config
 * `resolution.autoCloseDays`, calendar days).
 */
export async function proposeResolution(
  deps: ReplyDeps,
  proposal: { caseId: string; by: string; text: string; author?: AgentReply['author'] }
): Promise<{ messageId: string; closesAt: string }> {
  const c = await deps.cases.getCase(proposal.caseId);
  if (!c) throw new ResolutionError(`no case ${proposal.caseId}`);
  if (!isActive(c.status)) throw new ResolutionError(`case ${c.reference} is ${c.status.toLowerCase()}`);
  const text = proposal.text.trim();
  if (!text) throw new ResolutionError('the proposed resolution is empty');
  const days = deps.config.resolution.autoCloseDays;
  const { messageId } = await replyToCustomer(deps, {
    caseId: c.id,
    from: proposal.by,
    author: proposal.author,
    text: `${text}\n\n${resolutionRequest(c.reference, days)}`,
    waitingOnCustomer: true,
  });
  const now = deps.clock.now();
  const closesAt = new Date(now.getTime() + days * DAY_MS).toISOString();
  await deps.cases.updateCaseFields(
    c.id,
    { resolutionProposedAt: now.toISOString(), resolutionClosesAt: closesAt },
    [
      {
        at: now.toISOString(),
        type: 'resolution.proposed',
        summary: `${proposal.by} proposed a resolution; without the customer's answer the case closes ${formatLocal(new Date(closesAt))}`,
        actor: proposal.by,
        data: { messageId, closesAt },
      },
    ]
  );
  await refreshCaseClock(deps, c.id);
  return { messageId, closesAt };
}

/**
 * The customer answered while a resolution waits for confirmation (their mail is already on the
 * case and reopened work). A confirmation closes the case; anything else a person wrote leaves it
 * open and withdraws the proposal.
 */
export async function answerResolutionProposal(
  deps: Deps,
  caseId: string,
  answer: {
    from: string;
    text: string;
    at: string;
    automatic: boolean;
    /** SES verdicts: a confirmation they do not prove never closes a case. */
    verdicts: SenderVerdicts;
  }
): Promise<void> {
  const c = await deps.cases.getCase(caseId);
  if (!c?.resolutionProposedAt) return;
  // An out-of-office answer is no answer: the proposal and its closing time stand.
  if (answer.automatic) return;
  const reading = readConfirmation(answer.text);
  const unproven = unprovenSender(answer.verdicts);
  const cleared = { resolutionProposedAt: null, resolutionClosesAt: null };
  if (reading !== 'confirmed' || unproven) {
    await deps.cases.updateCaseFields(c.id, cleared, [
      {
        at: answer.at,
        type: 'resolution.rejected',
        summary:
          reading === 'confirmed'
            ? `a confirmation SES does not prove (${unproven}) does not close the case: work goes on`
            : reading === 'rejected'
              ? 'the customer says the problem is not solved: work goes on'
              : 'the customer replied without confirming the resolution: work goes on',
        actor: answer.from,
      },
    ]);
    return;
  }
  await deps.cases.updateCaseFields(c.id, cleared, [
    {
      at: answer.at,
      type: 'resolution.confirmed',
      summary: 'the customer confirmed the resolution',
      actor: answer.from,
    },
  ]);
  await resolveCase(deps, c.id, answer.from, { summary: `closed: ${answer.from} confirmed the resolution` });
}

/**
 * The case clock's wake-up at the end of the confirmation period: the case closes and the
 * customer is told, each once (a retried step finishes what a crash left undone). A case that
 * staff resolved meanwhile just drops the lapsed proposal. Returns whether the case closed (or had
 * closed) this way.
 */
export async function closeUnansweredResolution(deps: Deps, caseId: string): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  const c = await deps.cases.getCase(caseId);
  if (!c?.resolutionClosesAt || c.resolutionClosesAt > now) return false;
  const days = deps.config.resolution.autoCloseDays;
  const closing = `resolution:auto-close:${c.resolutionClosesAt}`;
  const cleared = { resolutionProposedAt: null, resolutionClosesAt: null };
  if (isActive(c.status)) {
    await deps.slaClocks.recordSlaEvent(c.id, closing, now);
    const closed = await resolveCase(deps, c.id, 'caseflow', {
      summary: `closed: no answer to the proposed resolution within ${days} days`,
    });
    // Staff resolved it at the same moment: theirs stands, and the customer hears nothing from us.
    if (!closed && (await deps.cases.getCase(c.id))?.status !== 'CLOSED') {
      await deps.cases.updateCaseFields(c.id, cleared, []);
      return false;
    }
  } else if (!c.sla?.ledger[closing]) {
    await deps.cases.updateCaseFields(c.id, cleared, []);
    return false;
  }
  if (await deps.slaClocks.recordSlaEvent(c.id, `resolution:closed-notice:${c.resolutionClosesAt}`, now)) {
    const subject = caseSubject(c.reference, c.subject);
    const text = autoClosedNotice(c.reference, days);
    const { messageId } = await noticeToCustomer(
      deps,
      c,
      { subject, text, headers: { ...AUTO_HEADERS } },
      now
    );
    await deps.cases.appendTimeline(c.id, [
      {
        at: now,
        type: 'notice.sent',
        summary: 'customer told the case closed without an answer to the proposed resolution',
        actor: 'caseflow',
        data: { messageId },
      },
    ]);
  }
  await deps.cases.updateCaseFields(c.id, cleared, []);
  return true;
}
