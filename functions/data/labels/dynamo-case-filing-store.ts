import type { CaseRecord, TimelineEntry } from '../../domain/case';
import type { CaseFiling } from '../../domain/case-filing';
import type { SlaFact } from '../../domain/sla';
import { caseItems } from '../case-records/case-items';
import { copyUpdates, readCaseCopies } from '../case-search/search-copies';
import { decodeCursor, encodeCursor, type Page } from '../page';
import type { SingleTable } from '../single-table';
import { keys } from '../table-keys';
import type { CaseFilingStore, FiledCase, FiledKind } from './case-filing-store';

/** The membership item of a case in a label's or folder's partition. */
export const filedCaseItem = (kind: FiledKind, id: string, c: Pick<CaseRecord, 'id' | 'createdAt'>) => ({
  ...keys.filedCase(kind, id, c.createdAt, c.id),
  entity: `filed-${kind}`,
  caseId: c.id,
});

export class DynamoCaseFilingStore implements CaseFilingStore {
  constructor(private readonly table: SingleTable) {}

  setLabels(c: FiledCase, labels: string[], entries: TimelineEntry[]): Promise<boolean> {
    const { item } = this.table;
    const before = c.labels ?? [];
    const added = labels.filter((l) => !before.includes(l));
    const removed = before.filter((l) => !labels.includes(l));
    return this.table.transact([
      item.update({
        Key: keys.case(c.id),
        UpdateExpression: 'SET labels = :l',
        // Two agents labelling at once: the second one reads again rather than undo the first.
        ConditionExpression: before.length
          ? 'attribute_exists(pk) AND labels = :before'
          : 'attribute_exists(pk) AND (attribute_not_exists(labels) OR size(labels) = :zero)',
        ExpressionAttributeValues: {
          ':l': labels,
          ...(before.length ? { ':before': before } : { ':zero': 0 }),
        },
      }),
      ...added.map((id) => item.put(filedCaseItem('label', id, c))),
      ...removed.map((id) => item.delete(keys.filedCase('label', id, c.createdAt, c.id))),
      ...entries.map((entry) => item.put(caseItems.timelineEntry(c.id, entry))),
    ]);
  }

  async setFolder(
    c: FiledCase,
    folder: string | null,
    entries: TimelineEntry[],
    change: { fields?: Partial<CaseFiling>; fact?: SlaFact; status?: CaseRecord['status'] } = {}
  ): Promise<boolean> {
    const { item } = this.table;
    const from = c.folder ?? null;
    const fields: Record<string, unknown> = { folder, ...change.fields };
    const names = Object.keys(fields);
    const sets = names.map((_, i) => `#f${i} = :f${i}`);
    const values: Record<string, unknown> = Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]]));
    if (change.status) {
      sets.push('#status = :status');
      values[':status'] = change.status;
      values[':was'] = c.status;
    }
    if (change.fact) {
      sets.push('sla.facts = list_append(sla.facts, :fact)');
      values[':fact'] = [change.fact];
    }
    if (from) values[':from'] = from;
    const conditions = [
      'attribute_exists(pk)',
      from ? '#folder = :from' : '(attribute_not_exists(#folder) OR attribute_type(#folder, :null))',
      ...(change.status ? ['#status = :was'] : []),
      ...(change.fact ? ['attribute_exists(sla)'] : []),
    ];
    if (!from) values[':null'] = 'NULL';
    // A status change rewrites the case's search copies with it (search-copies.ts); the condition
    // on the status it had makes this a change.
    const copies =
      change.status && change.status !== c.status ? await readCaseCopies(this.table, c.id) : undefined;
    return this.table.transact([
      item.update({
        Key: keys.case(c.id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
          '#folder': 'folder',
          ...(change.status ? { '#status': 'status' } : {}),
        },
        ExpressionAttributeValues: values,
      }),
      ...(from && from !== folder ? [item.delete(keys.filedCase('folder', from, c.createdAt, c.id))] : []),
      ...(folder && folder !== from ? [item.put(filedCaseItem('folder', folder, c))] : []),
      ...entries.map((entry) => item.put(caseItems.timelineEntry(c.id, entry))),
      ...(copies
        ? copyUpdates(c.id, copies.openedAt, copies.wordKeys, { status: change.status }).map((u) =>
            item.update(u)
          )
        : []),
    ]);
  }

  async pageFiled(kind: FiledKind, id: string, limit: number, cursor?: string): Promise<Page<string>> {
    const after = cursor ? decodeCursor(cursor, ['before'] as const).before : undefined;
    const items = await this.table.queryUpTo(
      {
        KeyConditionExpression: `pk = :p${after ? ' AND sk < :before' : ''}`,
        ExpressionAttributeValues: {
          ':p': keys.filedCasesPartition(kind, id),
          ...(after ? { ':before': after } : {}),
        },
        ScanIndexForward: false,
      },
      limit
    );
    const last = items.at(-1);
    return {
      items: items.map((i) => String(i.caseId)),
      cursor: last && items.length === limit ? encodeCursor({ before: String(last.sk) }) : null,
    };
  }

  countFiled(kind: FiledKind, id: string): Promise<number> {
    return this.table.count({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.filedCasesPartition(kind, id) },
    });
  }
}
