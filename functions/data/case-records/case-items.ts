import { uniqueSuffix } from '../../adapters/aws/dynamo-helpers';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../../domain/case';
import { strip } from '../single-table';
import { dayOf, indexKeys, keys } from '../table-keys';

/** The items of a case and its lookups, as every store that writes them builds them. */
export const caseItems = {
  /** The case, listed among all cases (gsi1, in the bucket of the day it was created). */
  case: (c: CaseRecord): Record<string, unknown> => ({
    ...keys.case(c.id),
    entity: 'case',
    gsi1pk: indexKeys.casesOn(dayOf(c.createdAt)),
    gsi1sk: indexKeys.allCasesSort(c.createdAt, c.id),
    ...c,
  }),
  message: (m: MessageRecord): Record<string, unknown> => ({
    ...keys.message(m.caseId, m.at, m.id),
    entity: 'message',
    ...m,
  }),
  timelineEntry: (caseId: string, entry: TimelineEntry): Record<string, unknown> => ({
    ...keys.timelineEntry(caseId, entry.at, uniqueSuffix()),
    entity: 'timeline',
    ...entry,
  }),
  /**
   * Several entries written at once (a new case's opening timeline) as one item, filed under the
   * first entry's time: one write instead of one per entry. Read back in place (timelineOf).
   */
  timelineEntries: (caseId: string, entries: TimelineEntry[]): Record<string, unknown> => ({
    ...keys.timelineEntry(caseId, entries.map((e) => e.at).sort()[0] ?? '', uniqueSuffix()),
    entity: 'timeline-entries',
    entries,
  }),
  reference: (c: CaseRecord): Record<string, unknown> => ({
    ...keys.reference(c.reference),
    entity: 'reference',
    caseId: c.id,
  }),
  /** Threading: a Message-ID we sent (or received) → its case. */
  messageRef: (caseId: string, messageId: string): Record<string, unknown> => ({
    ...keys.messageRef(messageId),
    entity: 'message-ref',
    caseId,
  }),
  /** Idempotency: an SES message id that was handled for a case. */
  inbound: (sesMessageId: string, caseId: string, at: string): Record<string, unknown> => ({
    ...keys.inbound(sesMessageId),
    entity: 'inbound',
    caseId,
    at,
  }),
  /** Idempotency: a sender's Message-ID that was handled for a case. */
  senderMessageId: (from: string, messageId: string, caseId: string): Record<string, unknown> => ({
    ...keys.senderMessageId(from, messageId),
    entity: 'message-id',
    caseId,
  }),
};

/** A case's timeline from its `TL#` items in key order: single entries and groups, by time. */
export function timelineOf(items: Record<string, unknown>[]): TimelineEntry[] {
  const entries = items.flatMap((i) =>
    i.entity === 'timeline-entries' ? (i.entries as TimelineEntry[]) : [strip<TimelineEntry>(i)]
  );
  // Stable: entries of one moment keep the order they were written in.
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
