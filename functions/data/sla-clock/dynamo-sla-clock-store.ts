import type { CaseRecord, CaseStatus, PendingNotice } from '../../domain/case';
import type { SlaFact, TargetInstance } from '../../domain/sla';
import type { Team } from '../../domain/team';
import type { CaseIndexLayout } from '../case-index-layout';
import { copyUpdates, type StatusAttempt, statusAttempts } from '../case-search/search-copies';
import { countShardsUpTo, mergeShards, tableKeyOf } from '../index-reads';
import { decodeCursor, type Page } from '../page';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { QueuePlace, SlaClockStore } from './sla-clock-store';

export class DynamoSlaClockStore implements SlaClockStore {
  constructor(
    private readonly table: SingleTable,
    private readonly layout: CaseIndexLayout
  ) {}

  async appendSlaFacts(caseId: string, facts: SlaFact[], status?: CaseStatus): Promise<void> {
    const append = (attempt?: StatusAttempt) => ({
      Key: keys.case(caseId),
      UpdateExpression: `SET sla.facts = list_append(sla.facts, :f)${status ? ', #s = :s' : ''}`,
      ConditionExpression: `attribute_exists(sla)${attempt?.condition ? ` AND ${attempt.condition}` : ''}`,
      ExpressionAttributeNames: status ? { '#s': 'status' } : undefined,
      ExpressionAttributeValues: { ':f': facts, ...(status ? { ':s': status } : {}), ...attempt?.values },
    });
    if (!status) {
      await this.table.update(append());
      return;
    }
    // A status change rewrites the case's search copies in the same transaction (search-copies.ts).
    for await (const attempt of statusAttempts(this.table, caseId, status)) {
      const { item } = this.table;
      const copies = attempt.openedAt
        ? copyUpdates(caseId, attempt.openedAt, attempt.rewrite, { status }).map((u) => item.update(u))
        : [];
      if (!attempt.condition) {
        await this.table.update(append(attempt));
        return;
      }
      const written = copies.length
        ? await this.table.transact([item.update(append(attempt)), ...copies])
        : await this.table.conditional(append(attempt));
      if (written) return;
    }
    throw new Error(`case ${caseId} has no SLA clock, or its status kept changing while it was set`);
  }

  recordSlaEvent(caseId: string, key: string, at: string): Promise<boolean> {
    return this.table.conditional({
      Key: keys.case(caseId),
      UpdateExpression: 'SET sla.ledger.#k = :at',
      ConditionExpression: 'attribute_exists(sla) AND attribute_not_exists(sla.ledger.#k)',
      ExpressionAttributeNames: { '#k': key },
      ExpressionAttributeValues: { ':at': at },
    });
  }

  async saveSlaView(
    caseId: string,
    view: { targets: TargetInstance[]; nextDueAt: string | null; planFingerprint: string; queue: QueuePlace }
  ): Promise<void> {
    const queue = view.queue
      ? {
          set: ', gsi3pk = :qp, gsi3sk = :qs',
          remove: '',
          values: { ':qp': this.layout.queueKey(view.queue.team, caseId), ':qs': view.queue.sortKey },
        }
      : { set: '', remove: ' REMOVE gsi3pk, gsi3sk', values: {} };
    await this.table.update({
      Key: keys.case(caseId),
      UpdateExpression: `SET sla.targets = :t, sla.planFingerprint = :f, deadlines.nextDueAt = :n${queue.set}${queue.remove}`,
      ConditionExpression: 'attribute_exists(sla)',
      ExpressionAttributeValues: {
        ':t': view.targets,
        ':f': view.planFingerprint,
        ':n': view.nextDueAt,
        ...queue.values,
      },
    });
  }

  async nextClockGeneration(caseId: string): Promise<number> {
    const attributes = await this.table.update({
      Key: keys.case(caseId),
      UpdateExpression: 'SET sla.clockGeneration = sla.clockGeneration + :one',
      ConditionExpression: 'attribute_exists(sla)',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    });
    return Number((attributes?.sla as { clockGeneration?: number } | undefined)?.clockGeneration);
  }

  async setClockWake(caseId: string, generation: number, wakeAt: string | null): Promise<void> {
    // Only the current generation may move the wake time; an old execution's write is dropped.
    await this.table.conditional({
      Key: keys.case(caseId),
      UpdateExpression: 'SET sla.clockWakeAt = :w',
      ConditionExpression: 'sla.clockGeneration = :g',
      ExpressionAttributeValues: { ':w': wakeAt, ':g': generation },
    });
  }

  async addNotices(caseId: string, notices: PendingNotice[]): Promise<void> {
    if (!notices.length) return;
    await this.table.update({
      Key: keys.case(caseId),
      UpdateExpression: 'SET sla.notices = list_append(sla.notices, :n)',
      ExpressionAttributeValues: { ':n': notices },
    });
  }

  async listQueue(team: Team, limit: number): Promise<CaseRecord[]> {
    return (await this.pageQueue(team, limit)).items;
  }

  async pageQueue(team: Team, limit: number, cursor?: string): Promise<Page<CaseRecord>> {
    const page = await mergeShards(this.table, {
      index: 'gsi3',
      partitions: this.layout.queuePartitions(team),
      limit,
      after: cursor ? decodeCursor(cursor, ['after'] as const).after : undefined,
    });
    const items = await this.table.getMany(page.items.map(tableKeyOf));
    return { items: items.map((i) => strip<CaseRecord>(i)), cursor: page.cursor };
  }

  countQueue(team: Team, upTo: number): Promise<{ count: number; exact: boolean }> {
    return countShardsUpTo(this.table, {
      index: 'gsi3',
      partitions: this.layout.queuePartitions(team),
      upTo,
    });
  }

  async getGuaranteedMinutes(customerId: string, month: string): Promise<number> {
    return Number((await this.table.get(keys.guaranteedUsage(customerId, month)))?.minutes ?? 0);
  }

  async addGuaranteedMinutes(customerId: string, month: string, minutes: number): Promise<void> {
    await this.table.update({
      Key: keys.guaranteedUsage(customerId, month),
      UpdateExpression: 'SET entity = :e ADD minutes :m',
      ExpressionAttributeValues: { ':e': 'usage', ':m': minutes },
    });
  }
}
