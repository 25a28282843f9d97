import type { CaseRecord } from './case';

/** The moments on-call is paged for a Sev-1, each with its own subject tag (R-SEV1-2, R-SEV1-4). */
export type PageKind = 'page' | 'callback-overdue' | 'update-late';

const TAGS: Record<PageKind, string> = {
  page: '[SEV1 PAGE]',
  'callback-overdue': '[SEV1 CALLBACK OVERDUE]',
  'update-late': '[SEV1 UPDATE LATE]',
};

/**
 * A page's subject tag, the line saying where the Sev-1 stands, and what to do on the page, in
 * words that fit the moment: a late update never asks for a callback that already happened.
 */
export function pageWords(
  kind: PageKind,
  c: Pick<CaseRecord, 'customerName' | 'plan' | 'sev1' | 'receivedAt'>,
  format: (iso: string) => string
): { tag: string; situation: string; after: string[] } {
  const who = `${c.customerName ?? 'a customer'} (plan ${c.plan ?? 'none'})`;
  const dueAt = c.sev1?.callbackDueAt ?? c.receivedAt;
  if (kind === 'update-late') {
    const called = c.sev1?.calledBackAt
      ? `called back by ${c.sev1.calledBackBy ?? 'the owner'} at ${format(c.sev1.calledBackAt)}`
      : 'called back';
    return {
      tag: TAGS[kind],
      situation: `Sev-1 for ${who}: ${called}; the customer is waiting for the next update.`,
      after: ['Acknowledge on the page; the update itself is a reply to the customer on the case.'],
    };
  }
  const after = [
    'After you have reached the customer, confirm the callback on the same page.',
    'Only mail? Reply to this page with "ack" (or "ack 20": you will call within 20 minutes).',
  ];
  if (kind === 'callback-overdue')
    return {
      tag: TAGS[kind],
      situation: `Sev-1 for ${who}: the callback was due by ${format(dueAt)} and is overdue.`,
      after,
    };
  return {
    tag: TAGS[kind],
    situation: `Sev-1 for ${who}: the customer must be called back by ${format(dueAt)}.`,
    after,
  };
}
