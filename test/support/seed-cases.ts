import type { CaseRecord, MessageRecord, TimelineEntry } from '../../functions/domain/case';
import type { Team } from '../../functions/domain/team';
import type { LocalCaseflow } from '../../local/runtime';
import { caseRecord } from './case-record';

/** What an open case is seeded with: its customer's first mail, in its team's queue. */
export interface SeededCase {
  id: string;
  reference: string;
  subject: string;
  text: string;
  team: Team;
  customer: { id: string; name: string; person: string };
  createdAt: string;
  nextDueAt: string;
}

/**
 * Opens a case through the same transaction intake uses (case, first message, timeline, queue
 * place, word entries), without the mail around it: for benches and tests that need many cases.
 * DynamoDB Local (unlike DynamoDB) times out waiting for its locks when many such transactions
 * crowd it; a retry then finds its own case if the first try went through ('duplicate').
 */
export async function seedOpenCase(services: LocalCaseflow['services'], seed: SeededCase): Promise<void> {
  const { id, customer, createdAt } = seed;
  const c: CaseRecord = caseRecord({
    id,
    reference: seed.reference,
    subject: seed.subject,
    team: seed.team,
    customerId: customer.id,
    customerName: customer.name,
    requester: { email: `${customer.person}@${customer.id}.example`, name: customer.person, phone: null },
    createdAt,
    receivedAt: createdAt,
    deadlines: { nextDueAt: seed.nextDueAt },
  });
  const message = {
    id: `${id}-0`,
    caseId: id,
    direction: 'INBOUND',
    messageId: `<${id}@acme.example>`,
    from: `${customer.person}@${customer.id}.example`,
    to: [],
    subject: c.subject,
    text: seed.text,
    at: createdAt,
    kind: 'customer',
  } as unknown as MessageRecord;
  const entry = { at: createdAt, type: 'case.opened', summary: 'opened', actor: 'caseflow' } as TimelineEntry;
  for (let attempt = 1; ; attempt++) {
    try {
      await services.caseTransactions.createCase({
        case: c,
        message,
        timeline: [entry],
        inboundId: `ses-${id}`,
        ackClaimedAt: createdAt,
        queue: { team: seed.team, sortKey: `${seed.nextDueAt}#${id}` },
      });
      return;
    } catch (error) {
      if (attempt === 5 || (error as { name?: string }).name !== 'InternalServerError') throw error;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** Runs `work` on every item, `concurrency` at a time. */
export async function inPool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    })
  );
}
