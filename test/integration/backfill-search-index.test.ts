import { beforeAll, describe, expect, it } from 'vitest';
import { caseItems } from '../../functions/data/case-records/case-items';
import { DynamoCaseSearchStore } from '../../functions/data/case-search/dynamo-case-search-store';
import { backfillSearchIndex } from '../../functions/data/migrations/backfill-search-index';
import { SingleTable } from '../../functions/data/single-table';
import type { MessageRecord } from '../../functions/domain/case';
import { queryWords } from '../../functions/domain/search-text';
import { caseRecord } from '../support/case-record';
import { freshTable } from '../support/harness';

/**
 * A table written before case search: cases and messages without word entries. The backfill files
 * them in pages (an interrupted run resumes), and runs again without changing what it found.
 */
const CASES = 9;
let table: SingleTable;
let search: DynamoCaseSearchStore;

const message = (caseId: string, i: number, patch: Partial<MessageRecord>): MessageRecord =>
  ({
    id: `${caseId}-m${i}`,
    caseId,
    direction: 'INBOUND',
    messageId: null,
    from: 'anna.nowak@acme.example',
    to: [],
    subject: '',
    text: '',
    at: `2026-10-0${i + 1}T10:00:00.000Z`,
    kind: 'customer',
    ...patch,
  }) as MessageRecord;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  table = new SingleTable(client, tableName);
  search = new DynamoCaseSearchStore(table);
  for (let i = 0; i < CASES; i++) {
    const id = `old-${i}`;
    const createdAt = `2026-10-01T0${i}:00:00.000Z`;
    await table.put(
      caseItems.case(caseRecord({ id, reference: `CF-${3000 + i}`, subject: `Zgłoszenie ${i}`, createdAt }))
    );
    await table.put(
      caseItems.message(message(id, 0, { text: i === 4 ? 'Błędna fakturą kwota' : 'Pytanie' }))
    );
    if (i === 7) {
      await table.put(
        caseItems.message(
          message(id, 1, {
            direction: 'OUTBOUND',
            kind: 'reply',
            from: 'ala@support.example.com',
            text: 'Zrestartowaliśmy zaporę.\n\n-- \nAla Kowalska\nwsparcie',
          })
        )
      );
      await table.put(
        caseItems.message(message(id, 2, { direction: 'INTERNAL', kind: 'note', text: 'Notatka o kangurze' }))
      );
      // An acknowledgement is our own words in every case: not searched.
      await table.put(
        caseItems.message(
          message(id, 3, { direction: 'OUTBOUND', kind: 'acknowledgement', text: 'Potwierdzamy zamówienie' })
        )
      );
    }
  }
});

const found = async (q: string) =>
  (
    await search.findCases(
      queryWords(q).map((word) => ({ field: 'words' as const, word })),
      {}
    )
  ).map((h) => h.caseId);

describe('backfilling the search index', () => {
  it('finds nothing before, everything after, resuming where an interrupted run stopped', async () => {
    expect(await found('faktura')).toEqual([]);
    const first = await backfillSearchIndex(table, { pageSize: 5, maxPages: 1 });
    expect(first.done).toBe(false);
    const rest = await backfillSearchIndex(table, { pageSize: 5 });
    expect(rest.done).toBe(true);
    expect(rest.cases).toBe(CASES);

    expect(await found('faktura')).toEqual(['old-4']);
    expect(await found('zapore')).toEqual(['old-7']);
    expect(await found('kangurze')).toEqual(['old-7']);
    // Not the acknowledgement, not the signature below "-- ".
    expect(await found('zamowienie')).toEqual([]);
    expect(await found('wsparcie')).toEqual([]);
    // Newest first: every case has "zgłoszenie" in its subject.
    expect(await found('zgloszenie')).toEqual([...Array(CASES).keys()].reverse().map((i) => `old-${i}`));
    expect((await search.findCases([{ field: 'customer', word: 'acme' }], {})).length).toBe(CASES);
  });

  it('runs again from the start without changing what it filed', async () => {
    const before = await found('zgloszenie');
    const again = await backfillSearchIndex(table, { restart: true });
    expect(again.done).toBe(true);
    expect(await found('zgloszenie')).toEqual(before);
    expect(await found('faktura')).toEqual(['old-4']);
  });
});
