import { type CaseRecord, REFERENCE_PATTERN } from '../domain/case';
import { type DeliveryReport, describeRecipient } from '../domain/delivery-status';
import type { ParsedMail } from '../domain/parsed-mail';
import { storedSubject } from '../domain/stored-text';
import type { Services } from './deps';
import type { InboundMail, OpenCaseResult } from './inbound-mail';
import { inboundMessage } from './inbound-message';

type Deps = Pick<Services, 'clock' | 'cases' | 'caseTransactions' | 'intakeGuards' | 'ids' | 'log'>;

/**
 * The case of the mail that bounced: by the original Message-ID (thread index); else, when the
 * report lost it (an inline returned message), by the [CF-n] reference in its subject — but only
 * if the address that failed is that case's customer, so a made-up report cannot pick a case.
 */
async function bouncedCase(
  deps: Deps,
  parsed: ParsedMail,
  report: DeliveryReport
): Promise<CaseRecord | undefined> {
  const byMessageId = report.originalMessageId
    ? await deps.cases.findCaseIdByMessageRef(report.originalMessageId)
    : undefined;
  if (byMessageId) return deps.cases.getCase(byMessageId);
  const reference = REFERENCE_PATTERN.exec(parsed.subject)?.[0];
  const byReference = reference ? await deps.cases.findCaseIdByReference(reference) : undefined;
  const c = byReference ? await deps.cases.getCase(byReference) : undefined;
  return c && report.recipients.some((r) => r.recipient === c.requester.email) ? c : undefined;
}

/** What intake did with a delivery report: attached to a case, or kept as unattributed. */
export type BounceResult = OpenCaseResult & { bounce: 'attached' | 'unattributed' };

/**
 * A delivery report (bounce) about one of our mails goes on that mail's case as a delivery
 * failure; it opens no case and is never acknowledged. One we cannot tie to a case is kept as an
 * unattributed bounce (GET /api/bounces) — never dropped.
 */
export async function recordBounce(
  deps: Deps,
  mail: InboundMail,
  parsed: ParsedMail,
  report: DeliveryReport,
  from: string
): Promise<BounceResult> {
  const c = await bouncedCase(deps, parsed, report);
  const subject = storedSubject(parsed.subject.trim() || '(no subject)');
  const failed = report.recipients.filter((r) => r.action === 'failed' || r.action === 'delayed');
  const summaryOf = (r: DeliveryReport) =>
    r.recipients.length ? r.recipients.map(describeRecipient).join('; ') : 'no recipient named in the report';

  if (!c) {
    const outcome = await deps.intakeGuards.recordUnattributedBounce({
      id: deps.ids.newId(),
      sesMessageId: mail.sesMessageId,
      receivedAt: mail.receivedAt,
      rawKey: mail.rawKey,
      from,
      subject,
      report,
    });
    deps.log.warn('delivery report for no known case kept as unattributed', {
      sesMessageId: mail.sesMessageId,
      duplicate: outcome === 'duplicate',
    });
    return { caseId: '', reference: '', created: false, bounce: 'unattributed' };
  }

  const added = await deps.caseTransactions.addInboundMessage({
    caseId: c.id,
    inboundId: mail.sesMessageId,
    message: inboundMessage(deps, c.id, mail, parsed, from, { kind: 'bounce', delivery: report }),
    // A bounce is no word from the customer: no clock starts or stops, the status stays.
    facts: [],
  });
  if (added === 'added') {
    await deps.cases.appendTimeline(c.id, [
      {
        at: mail.receivedAt,
        type: 'delivery.failed',
        summary: `delivery ${failed.some((r) => r.action === 'failed') ? 'failed' : failed.length ? 'delayed' : 'report'}: ${summaryOf(report)}`,
        actor: from || 'mailer-daemon',
        data: {
          recipient: report.recipients[0]?.recipient ?? null,
          action: report.recipients[0]?.action ?? null,
          status: report.recipients[0]?.status ?? null,
          diagnostic: report.recipients[0]?.diagnostic ?? null,
          originalMessageId: report.originalMessageId,
          format: report.format,
        },
      },
    ]);
    deps.log.info('delivery report attached to its case', { caseId: c.id });
  }
  return { caseId: c.id, reference: c.reference, created: false, bounce: 'attached' };
}
