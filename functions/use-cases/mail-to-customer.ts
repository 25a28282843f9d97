import type { CaseRecord, MessageRecord } from '../domain/case';
import type { OutboundAttachment } from '../ports';
import type { Services } from './deps';

type Deps = Pick<Services, 'config' | 'mailer' | 'cases'>;

/**
 * Sends a mail to the case's customer in their own thread: from the support address they wrote
 * to, In-Reply-To and References set from their first mail, Reply-To the case's signed reply
 * address. The Message-ID it went out with (SES's) is indexed, so their reply to it finds the
 * case; so is the one we composed it with, when SES replaced it.
 */
export async function mailToCustomer(
  deps: Deps,
  c: CaseRecord,
  mail: {
    subject: string;
    text: string;
    headers: Record<string, string>;
    attachments?: OutboundAttachment[];
    /** A fixed Message-ID (an acknowledgement sent from its record). */
    messageId?: string;
  },
  /** False when the caller writes the index itself, in one transaction with the rest. */
  index = true
): Promise<{ messageId: string }> {
  const channel = deps.config.supportAddresses.find((a) => a.address === c.channel.address);
  const { messageId, composedMessageId } = await deps.mailer.send({
    from: { address: c.channel.address, name: channel?.displayName },
    to: [c.requester.email],
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    inReplyTo: c.originMessageId ?? undefined,
    references: [...c.originReferences, ...(c.originMessageId ? [c.originMessageId] : [])],
    replyTo: c.replyAddress,
    headers: mail.headers,
    attachments: mail.attachments,
  });
  if (index) await deps.cases.indexMessageRef(c.id, messageId);
  if (composedMessageId && composedMessageId !== messageId)
    await deps.cases.indexMessageRef(c.id, composedMessageId);
  return { messageId };
}

/**
 * A notice to the customer (not a reply by a person): sent in their thread and kept on the case as
 * an outbound message of kind `notice`.
 */
export async function noticeToCustomer(
  deps: Deps & Pick<Services, 'ids'>,
  c: CaseRecord,
  notice: { subject: string; text: string; headers: Record<string, string> },
  at: string
): Promise<{ messageId: string }> {
  const { messageId } = await mailToCustomer(deps, c, notice);
  await deps.cases.addMessage(outboundMessage(deps, c, { messageId, ...notice, at, kind: 'notice' }));
  return { messageId };
}

/** The record of a mail caseflow sends the case's requester from the case's support address. */
export function outboundMessage(
  deps: Pick<Services, 'ids'>,
  c: CaseRecord,
  mail: { messageId: string; subject: string; text: string; at: string; kind: MessageRecord['kind'] }
): MessageRecord {
  return {
    id: deps.ids.newId(),
    caseId: c.id,
    direction: 'OUTBOUND',
    messageId: mail.messageId,
    from: c.channel.address,
    to: [c.requester.email],
    subject: mail.subject,
    text: mail.text,
    at: mail.at,
    kind: mail.kind,
  };
}
