import type { AuditRecord } from '../../domain/staff';
import { decodeCursor, encodeCursor, type Page } from '../page';
import { type SingleTable, strip } from '../single-table';
import { dayOf, keys } from '../table-keys';
import type { AuditLog, AuditQuery } from './audit-log';

/** How far back "everything" reads, a day partition at a time. */
const ALL_ACTIONS_DAYS = 31;

/**
 * Each record is written once, in one transaction, under the actor, under the case it touched
 * (if any) and under its day, so each question the API asks is one query. Nothing updates or
 * deletes these items.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(private readonly table: SingleTable) {}

  async append(record: AuditRecord): Promise<void> {
    const sk = `${record.at}#${record.id}`;
    const partitions = [
      keys.auditByActor(record.actor),
      keys.auditByDay(dayOf(record.at)),
      ...(record.caseId ? [keys.auditByCase(record.caseId)] : []),
    ];
    await this.table.writeTogether(
      partitions.map((pk) => this.table.item.putIfAbsent({ pk, sk, entity: 'audit', ...record }))
    );
  }

  async list(query: AuditQuery): Promise<Page<AuditRecord>> {
    const position = query.cursor ? decodeCursor(query.cursor, ['pk', 'sk'] as const) : undefined;
    const partitions = partitionsOf(query);
    const start = position ? partitions.indexOf(position.pk) : 0;
    const items: AuditRecord[] = [];
    let cursor: string | null = null;
    let lastPk = '';
    for (const pk of partitions.slice(Math.max(0, start))) {
      const after = position?.pk === pk ? position.sk : undefined;
      const found = await this.table.queryUpTo(
        {
          KeyConditionExpression: after ? 'pk = :pk AND sk < :after' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(after ? { ':after': after } : {}) },
          ScanIndexForward: false,
        },
        query.limit - items.length + 1
      );
      for (const item of found) {
        const record = strip<AuditRecord>(item);
        // Both filters at once: read by case, keep the actor's.
        if (query.actor && record.actor !== query.actor) continue;
        if (items.length === query.limit) {
          const last = items[items.length - 1] as AuditRecord;
          cursor = encodeCursor({ pk, sk: `${last.at}#${last.id}` });
          break;
        }
        items.push(record);
        lastPk = pk;
      }
      if (cursor || items.length === query.limit) break;
    }
    const last = items[items.length - 1];
    // A full page may be followed by more in a later partition: the next page tells.
    if (!cursor && last && items.length === query.limit)
      cursor = encodeCursor({ pk: lastPk, sk: `${last.at}#${last.id}` });
    return { items, cursor };
  }

  async count(query: Omit<AuditQuery, 'limit' | 'cursor'>): Promise<number> {
    // By case and actor at once: the case's partition, counting the actor's records only.
    const byActor = query.caseId && query.actor;
    const counts = await Promise.all(
      partitionsOf(query).map((pk) =>
        this.table.count({
          KeyConditionExpression: 'pk = :pk',
          ...(byActor ? { FilterExpression: 'actor = :actor' } : {}),
          ExpressionAttributeValues: { ':pk': pk, ...(byActor ? { ':actor': query.actor } : {}) },
        })
      )
    );
    return counts.reduce((a, b) => a + b, 0);
  }
}

/** The partitions a question reads, newest first: the case's, the actor's, or the last days'. */
function partitionsOf(query: Pick<AuditQuery, 'actor' | 'caseId' | 'now'>): string[] {
  if (query.caseId) return [keys.auditByCase(query.caseId)];
  if (query.actor) return [keys.auditByActor(query.actor)];
  return Array.from({ length: ALL_ACTIONS_DAYS }, (_, i) =>
    keys.auditByDay(dayOf(new Date(query.now.getTime() - i * 86_400_000).toISOString()))
  );
}
