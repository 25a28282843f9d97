import type { CaseRecord } from './case';
import type { Language } from './mail-text';
import type { SlaFact } from './sla';

/**
 * Merging a duplicate case into another (docs/triage.md, "Merging a duplicate"): the rules for
 * which merges are allowed, how the two cases' SLA facts combine, and the one mail the customer
 * gets. Pure.
 */

export type MergeRefusal = { kind: 'invalid' | 'conflict'; error: string };

type MergeView = Pick<
  CaseRecord,
  'id' | 'reference' | 'status' | 'customerId' | 'requester' | 'severity' | 'mergedInto'
>;

const isOpen = (c: MergeView) => c.status === 'OPEN' || c.status === 'WAITING_ON_CUSTOMER';

/** Why `duplicate` may not be merged into `target`; null when it may. */
export function mergeRefusal(duplicate: MergeView, target: MergeView): MergeRefusal | null {
  if (duplicate.mergedInto)
    return {
      kind: 'conflict',
      error: `${duplicate.reference} was already merged into ${duplicate.mergedInto.reference}`,
    };
  if (duplicate.id === target.id)
    return { kind: 'invalid', error: `${duplicate.reference} cannot be merged into itself` };
  if (target.mergedInto)
    return {
      kind: 'invalid',
      error: `${target.reference} was merged into ${target.mergedInto.reference}: merge into that case`,
    };
  const sameCustomer = duplicate.customerId
    ? duplicate.customerId === target.customerId
    : !target.customerId && duplicate.requester.email === target.requester.email;
  if (!sameCustomer)
    return {
      kind: 'invalid',
      error: `${duplicate.reference} and ${target.reference} belong to different customers`,
    };
  if (!isOpen(duplicate))
    return { kind: 'conflict', error: `${duplicate.reference} is ${duplicate.status.toLowerCase()}` };
  if (!isOpen(target))
    return {
      kind: 'invalid',
      error: `${target.reference} is ${target.status.toLowerCase()}: reopen it or merge the other way`,
    };
  if (duplicate.severity === 'SEV1' && target.severity !== 'SEV1')
    return {
      kind: 'invalid',
      error: `${duplicate.reference} is Sev-1 and ${target.reference} is not: raise ${target.reference} first, or merge the other way`,
    };
  return null;
}

/**
 * The duplicate's SLA facts to add to the target's, so the target keeps the earliest obligation:
 * the duplicate's receipt and customer messages are customer mail the target owes an answer to
 * (an earlier receipt becomes the target's receipt, which the resolution target and the first
 * response run from), its replies count as answers. Its acknowledgement counts only with its
 * receipt; its own end (resolved, reopened) belongs to it alone.
 */
export function factsFromDuplicate(duplicate: readonly SlaFact[], target: readonly SlaFact[]): SlaFact[] {
  const receivedAt = (facts: readonly SlaFact[]) =>
    facts
      .filter((f) => f.kind === 'received')
      .map((f) => f.at)
      .sort()[0];
  const ownReceipt = receivedAt(duplicate);
  const targetReceipt = receivedAt(target);
  const earlier = !!ownReceipt && (!targetReceipt || ownReceipt < targetReceipt);
  return duplicate.flatMap((f): SlaFact[] => {
    switch (f.kind) {
      case 'received':
        return [earlier ? f : { at: f.at, kind: 'customer-message' }];
      case 'customer-message':
      case 'agent-reply':
        return [f];
      case 'acknowledged':
      case 'acknowledgement-withheld':
        return earlier ? [f] : [];
      default:
        // 'resolved', 'reopened': the duplicate's own end.
        return [];
    }
  });
}

/** The one mail that tells the customer two of their cases are now one, in their language. */
export function mergedNotice(
  duplicate: Pick<CaseRecord, 'reference' | 'subject'>,
  target: Pick<CaseRecord, 'reference' | 'subject'>,
  language: Language
): { subject: string; text: string } {
  const text =
    language === 'pl'
      ? [
          'Dzień dobry,',
          '',
          `Państwa zgłoszenie ${duplicate.reference} („${duplicate.subject}”) dotyczy tej samej sprawy co ${target.reference}, więc połączyliśmy je w jedno zgłoszenie: ${target.reference}.`,
          `Prowadzimy je dalej pod numerem ${target.reference}; wszystkie Państwa wiadomości są w nim. Na odpowiedzi w obu wątkach odpowiemy tutaj.`,
          '',
          'Z poważaniem,',
          'Zespół wsparcia',
        ]
      : [
          'Hello,',
          '',
          `Your case ${duplicate.reference} ("${duplicate.subject}") is about the same matter as ${target.reference}, so we have merged them into one case: ${target.reference}.`,
          `We carry on under ${target.reference}; all your messages are in it. Replies in either thread reach us there.`,
          '',
          'Kind regards,',
          'Support',
        ];
  return { subject: target.subject, text: text.join('\n') };
}
