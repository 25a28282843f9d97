import type { MessageRecord } from '../domain/case';
import type { ParsedMail } from '../domain/parsed-mail';
import { storedSubject, storedText } from '../domain/stored-text';
import type { Services } from './deps';
import type { InboundMail } from './inbound-mail';

/**
 * The message record of an inbound mail on a case: text and subject cut to what an item can hold
 * (the raw MIME keeps everything), the raw key kept for replay and download.
 */
export function inboundMessage(
  deps: Pick<Services, 'ids'>,
  caseId: string,
  mail: InboundMail,
  parsed: ParsedMail,
  from: string,
  extra: Pick<MessageRecord, 'kind'> &
    Partial<Pick<MessageRecord, 'attachments' | 'attachmentsInRawMailOnly' | 'delivery'>>
): MessageRecord {
  return {
    id: deps.ids.newId(),
    caseId,
    direction: 'INBOUND',
    messageId: parsed.messageId,
    from,
    to: parsed.to.map((t) => t.address),
    subject: storedSubject(parsed.subject.trim() || '(no subject)'),
    text: storedText(parsed.text),
    at: mail.receivedAt,
    rawKey: mail.rawKey,
    verdicts: mail.verdicts,
    ...extra,
  };
}
