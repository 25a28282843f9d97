import type { CaseRecord, Page, Sev1Update } from '../../domain/case';
import type { CaseIndexLayout } from '../case-index-layout';
import { tableKeyOf } from '../index-reads';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { PagingStore, WaitKind } from './paging-store';

/** Pages and tokens are kept 30 days after their link expires, then TTL removes them. */
const PAGE_RETENTION_SECONDS = 30 * 24 * 3600;
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class DynamoPagingStore implements PagingStore {
  constructor(
    private readonly table: SingleTable,
    private readonly layout: CaseIndexLayout
  ) {}

  async listOpenSev1Cases(): Promise<CaseRecord[]> {
    // Every shard at once; the index is eventually consistent, so each case is re-read (consistently).
    const entries = (
      await Promise.all(
        this.layout.openSev1Partitions().map((partition) =>
          this.table.queryAll({
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :p',
            ExpressionAttributeValues: { ':p': partition },
          })
        )
      )
    ).flat();
    const cases = (await this.table.getMany(entries.map(tableKeyOf), true)).map((i) => strip<CaseRecord>(i));
    return cases.filter((c) => c.status === 'OPEN' && !c.sev1?.calledBackAt);
  }

  setWaitToken(caseId: string, kind: WaitKind, token: string, at: string): Promise<void> {
    return this.table.put({
      ...keys.waitToken(caseId, kind),
      entity: 'wait-token',
      token,
      at,
      ttl: epochSeconds(at) + PAGE_RETENTION_SECONDS,
    });
  }

  async getWaitToken(caseId: string, kind: WaitKind): Promise<string | undefined> {
    return (await this.table.get(keys.waitToken(caseId, kind)))?.token as string | undefined;
  }

  reservePage(page: Page): Promise<boolean> {
    return this.table.transact([
      this.table.item.putIfAbsent({
        ...keys.page(page.pageId),
        entity: 'page',
        ...page,
        ttl: epochSeconds(page.expiresAt) + PAGE_RETENTION_SECONDS,
      }),
      this.table.item.update({
        Key: keys.case(page.caseId),
        UpdateExpression: 'SET sev1.pages.#level = :page',
        ConditionExpression: 'attribute_exists(sev1) AND attribute_not_exists(sev1.pages.#level)',
        ExpressionAttributeNames: { '#level': page.slot ?? String(page.level) },
        ExpressionAttributeValues: {
          ':page': { pageId: page.pageId, recipient: page.recipient, createdAt: page.createdAt },
        },
      }),
    ]);
  }

  markPageSent(page: Page, sentAt: string): Promise<void> {
    return this.table.writeTogether([
      this.table.item.update({
        Key: keys.page(page.pageId),
        UpdateExpression: 'SET sentAt = :at',
        ExpressionAttributeValues: { ':at': sentAt },
      }),
      this.table.item.update({
        Key: keys.case(page.caseId),
        UpdateExpression: 'SET sev1.pages.#level.sentAt = :at',
        ExpressionAttributeNames: { '#level': page.slot ?? String(page.level) },
        ExpressionAttributeValues: { ':at': sentAt },
      }),
    ]);
  }

  getPage(pageId: string): Promise<Page | undefined> {
    return this.table.getRecord<Page>(keys.page(pageId));
  }

  indexPageMessage(messageId: string, pageId: string): Promise<void> {
    return this.table.put({ ...keys.pageMessage(messageId), entity: 'page-message', pageId });
  }

  async findPageIdByMessages(messageIds: string[]): Promise<string | undefined> {
    const found = new Map(
      (
        await this.table.getMany(
          messageIds.map((id) => keys.pageMessage(id)),
          true
        )
      ).map((i) => [i.pk, i.pageId])
    );
    for (const id of messageIds) {
      const pageId = found.get(keys.pageMessage(id).pk);
      if (typeof pageId === 'string') return pageId;
    }
    return undefined;
  }

  async findPageIdByMessage(messageId: string): Promise<string | undefined> {
    return (await this.table.get(keys.pageMessage(messageId)))?.pageId as string | undefined;
  }

  recordPageAcknowledged(caseId: string, by: string, at: string): Promise<boolean> {
    return this.table.conditional({
      Key: keys.case(caseId),
      UpdateExpression: 'SET sev1.acknowledgedAt = :at, sev1.acknowledgedBy = :by',
      ConditionExpression: 'attribute_exists(sev1) AND attribute_not_exists(sev1.acknowledgedAt)',
      ExpressionAttributeValues: { ':at': at, ':by': by },
    });
  }

  takeOverAcknowledgement(caseId: string, by: string, previous: string, at: string): Promise<boolean> {
    return this.table.conditional({
      Key: keys.case(caseId),
      UpdateExpression: 'SET sev1.acknowledgedBy = :by, sev1.takenOverAt = :at',
      ConditionExpression: 'sev1.acknowledgedBy = :previous AND attribute_not_exists(sev1.calledBackAt)',
      ExpressionAttributeValues: { ':at': at, ':by': by, ':previous': previous },
    });
  }

  recordCallback(caseId: string, by: string, at: string, nextUpdateDueAt?: string): Promise<boolean> {
    return this.table.conditional({
      Key: keys.case(caseId),
      // Called back: the case leaves the watchdog's index of cases that need a live timer.
      UpdateExpression: `SET sev1.calledBackAt = :at, sev1.calledBackBy = :by${
        nextUpdateDueAt ? ', sev1.nextUpdateDueAt = :next' : ''
      } REMOVE gsi2pk, gsi2sk`,
      ConditionExpression:
        'attribute_exists(sev1.acknowledgedAt) AND attribute_not_exists(sev1.calledBackAt)',
      ExpressionAttributeValues: {
        ':at': at,
        ':by': by,
        ...(nextUpdateDueAt ? { ':next': nextUpdateDueAt } : {}),
      },
    });
  }

  recordBreach(caseId: string, at: string): Promise<boolean> {
    return this.table.conditional({
      Key: keys.case(caseId),
      UpdateExpression: 'SET sev1.breachedAt = :at',
      ConditionExpression: 'attribute_exists(sev1) AND attribute_not_exists(sev1.breachedAt)',
      ExpressionAttributeValues: { ':at': at },
    });
  }

  async setSev1Attempt(caseId: string, attempt: number): Promise<void> {
    await this.table.update({
      Key: keys.case(caseId),
      UpdateExpression: 'SET sev1.attempt = :n',
      ExpressionAttributeValues: { ':n': attempt },
    });
  }

  async scheduleSev1Update(caseId: string, nextUpdateDueAt: string, update?: Sev1Update): Promise<void> {
    await this.table.update({
      Key: keys.case(caseId),
      UpdateExpression: update
        ? 'SET sev1.nextUpdateDueAt = :due, sev1.updates = list_append(if_not_exists(sev1.updates, :none), :update)'
        : 'SET sev1.nextUpdateDueAt = :due',
      ConditionExpression: 'attribute_exists(sev1)',
      ExpressionAttributeValues: {
        ':due': nextUpdateDueAt,
        ...(update ? { ':none': [] as unknown[], ':update': [update] } : {}),
      },
    });
  }
}
