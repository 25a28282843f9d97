import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Team } from '../../config/schema';
import type {
  CaseRecord,
  CaseStatus,
  MessageRecord,
  Page,
  PendingNotice,
  Sev1State,
  Sev1Update,
  TimelineEntry,
  TriageDecision,
} from '../../domain/case';
import type { SlaFact, SlaTerms, TargetInstance } from '../../domain/sla';
import type {
  CaseDetail,
  CaseStore,
  NewCase,
  StoredClockView,
  StoredRosterOverride,
  UnattributedBounce,
  WaitKind,
} from '../../ports';
import { isConditionFailure, queryAll, stripAttributes, uniqueSuffix } from './dynamo-helpers';

/**
 * CaseStore on one DynamoDB table (key layout in docs/data-model.md). Serves AWS and, through
 * DynamoDB Local, the embedded default and the tests: there is no other implementation.
 */
const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
const pageKey = (id: string) => ({ pk: `PAGE#${id}`, sk: 'PAGE' });
/** Message-IDs can be long and hold anything: key on a hash of sender + Message-ID. */
const messageIdKey = (from: string, messageId: string) => ({
  pk: `MSGID#${createHash('sha256').update(`${from.toLowerCase()}\n${messageId}`).digest('base64url')}`,
  sk: 'MSGID',
});
const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'ttl',
  'entity',
  'ackClaimedAt',
] as const;
const hashKey = (value: string) => createHash('sha256').update(value).digest('base64url');
/** Pages and tokens are kept 30 days after their link expires, then TTL removes them. */
const PAGE_RETENTION_SECONDS = 30 * 24 * 3600;
/** Roster overrides live in one partition, sorted by end: `OVERRIDE#<to>#<id>`. */
const ROSTER_PK = 'ROSTER';

const strip = <T>(item: Record<string, unknown>): T => stripAttributes<T>(item, KEY_ATTRIBUTES);

export class DynamoCaseStore implements CaseStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async nextCaseNumber(): Promise<number> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: 'COUNTER#case', sk: 'COUNTER' },
        // References start at 1001 so they never look like a count of cases.
        UpdateExpression: 'SET #v = if_not_exists(#v, :start) + :one',
        ExpressionAttributeNames: { '#v': 'value' },
        ExpressionAttributeValues: { ':start': 1000, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      })
    );
    return Number(out.Attributes?.value);
  }

  async findCaseIdByInbound(inboundId: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `INBOUND#${inboundId}`, sk: 'INBOUND' },
        ConsistentRead: true,
      })
    );
    return out.Item?.caseId as string | undefined;
  }

  async findCaseIdByMessageId(from: string, messageId: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: messageIdKey(from, messageId), ConsistentRead: true })
    );
    return out.Item?.caseId as string | undefined;
  }

  async createCase({
    case: c,
    message,
    timeline,
    inboundId,
    ackClaimedAt,
    queue,
  }: NewCase): Promise<'created' | 'duplicate'> {
    const messageIdGuard = message.messageId
      ? [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...messageIdKey(message.from, message.messageId), entity: 'message-id', caseId: c.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]
      : [];
    const caseItem: Record<string, unknown> = {
      ...caseKey(c.id),
      entity: 'case',
      gsi1pk: 'CASES',
      gsi1sk: `${c.createdAt}#${c.id}`,
      ...c,
      ackClaimedAt,
      ...(queue ? { gsi3pk: `QUEUE#${queue.team}`, gsi3sk: queue.sortKey } : {}),
    };
    if (c.sev1) Object.assign(caseItem, { gsi2pk: 'SEV1#OPEN', gsi2sk: c.id });
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `INBOUND#${inboundId}`,
                  sk: 'INBOUND',
                  entity: 'inbound',
                  caseId: c.id,
                  at: c.createdAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...messageIdGuard,
            {
              Put: {
                TableName: this.tableName,
                Item: caseItem,
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: `REF#${c.reference}`, sk: 'REF', entity: 'reference', caseId: c.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: this.messageItem(message) } },
            ...(message.messageId
              ? [{ Put: { TableName: this.tableName, Item: this.messageRefItem(c.id, message.messageId) } }]
              : []),
            ...timeline.map((entry) => ({
              Put: { TableName: this.tableName, Item: this.timelineItem(c.id, entry) },
            })),
          ],
        })
      );
      return 'created';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: caseKey(caseId), ConsistentRead: true })
    );
    return out.Item ? strip<CaseRecord>(out.Item) : undefined;
  }

  async findCaseIdByReference(reference: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `REF#${reference}`, sk: 'REF' } })
    );
    return out.Item?.caseId as string | undefined;
  }

  async getCaseDetail(caseId: string): Promise<CaseDetail | undefined> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
      ConsistentRead: true,
    });
    const caseItem = items.find((i) => i.sk === 'CASE');
    if (!caseItem) return undefined;
    return {
      case: strip<CaseRecord>(caseItem),
      messages: items.filter((i) => String(i.sk).startsWith('MSG#')).map((i) => strip<MessageRecord>(i)),
      timeline: items.filter((i) => String(i.sk).startsWith('TL#')).map((i) => strip<TimelineEntry>(i)),
    };
  }

  async listCases(limit: number): Promise<CaseRecord[]> {
    const cases: CaseRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': 'CASES' },
          ScanIndexForward: false,
          Limit: limit - cases.length,
          ExclusiveStartKey: start,
        })
      );
      cases.push(...(out.Items ?? []).map((i) => strip<CaseRecord>(i)));
      start = out.LastEvaluatedKey;
    } while (start && cases.length < limit);
    return cases;
  }

  async listOpenSev1Cases(): Promise<CaseRecord[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': 'SEV1#OPEN' },
    });
    // The index is eventually consistent: re-read each case before acting on it.
    const cases = await Promise.all(items.map((i) => this.getCase(String(i.id))));
    return cases.filter(
      (c): c is CaseRecord => c !== undefined && c.status === 'OPEN' && !c.sev1?.calledBackAt
    );
  }

  async appendTimeline(caseId: string, entries: TimelineEntry[]): Promise<void> {
    for (const entry of entries) {
      await this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: this.timelineItem(caseId, entry) })
      );
    }
  }

  async addMessage(message: MessageRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.messageItem(message) }));
  }

  async claimAcknowledgement(caseId: string, at: string, staleBefore: string): Promise<boolean> {
    return this.conditional({
      Key: caseKey(caseId),
      UpdateExpression: 'SET ackClaimedAt = :at',
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(acknowledgement) AND (attribute_not_exists(ackClaimedAt) OR ackClaimedAt < :stale)',
      ExpressionAttributeValues: { ':at': at, ':stale': staleBefore },
    });
  }

  async recordAcknowledgement(
    caseId: string,
    ack: { sentAt: string; messageId: string },
    message: MessageRecord,
    entry: TimelineEntry,
    fact?: SlaFact,
    view?: StoredClockView
  ): Promise<boolean> {
    const write = (withView: StoredClockView | undefined) => {
      const set = ['acknowledgement = :ack'];
      const values: Record<string, unknown> = { ':ack': ack };
      if (fact) {
        set.push('sla.facts = list_append(sla.facts, :f)');
        values[':f'] = [fact];
      }
      if (withView) {
        set.push('sla.targets = :t', 'deadlines.nextDueAt = :n', 'sla.clockWakeAt = :w');
        Object.assign(values, {
          ':t': withView.targets,
          ':n': withView.nextDueAt,
          ':w': withView.wakeAt,
          ':g': withView.generation,
        });
      }
      return this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: caseKey(caseId),
                UpdateExpression: `SET ${set.join(', ')} REMOVE ackClaimedAt`,
                // The wake time belongs to the clock's current generation (as in setClockWake).
                ...(withView ? { ConditionExpression: 'sla.clockGeneration = :g' } : {}),
                ExpressionAttributeValues: values,
              },
            },
            { Put: { TableName: this.tableName, Item: this.messageItem(message) } },
            { Put: { TableName: this.tableName, Item: this.timelineItem(caseId, entry) } },
            { Put: { TableName: this.tableName, Item: this.messageRefItem(caseId, ack.messageId) } },
          ],
        })
      );
    };
    if (!view) {
      await write(undefined);
      return false;
    }
    try {
      await write(view);
      return true;
    } catch (error) {
      // A newer clock generation was armed meanwhile: the acknowledgement is written without the view.
      if (!isConditionFailure(error)) throw error;
      await write(undefined);
      return false;
    }
  }

  async setWaitToken(caseId: string, kind: WaitKind, token: string, at: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `CASE#${caseId}`,
          sk: `TOKEN#${kind}`,
          entity: 'wait-token',
          token,
          at,
          ttl: Math.floor(Date.parse(at) / 1000) + PAGE_RETENTION_SECONDS,
        },
      })
    );
  }

  async getWaitToken(caseId: string, kind: WaitKind): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CASE#${caseId}`, sk: `TOKEN#${kind}` },
        ConsistentRead: true,
      })
    );
    return out.Item?.token as string | undefined;
  }

  async reservePage(page: Page): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...pageKey(page.pageId),
                  entity: 'page',
                  ...page,
                  ttl: Math.floor(Date.parse(page.expiresAt) / 1000) + PAGE_RETENTION_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: caseKey(page.caseId),
                UpdateExpression: 'SET sev1.pages.#level = :page',
                ConditionExpression: 'attribute_exists(sev1) AND attribute_not_exists(sev1.pages.#level)',
                ExpressionAttributeNames: { '#level': page.slot ?? String(page.level) },
                ExpressionAttributeValues: {
                  ':page': { pageId: page.pageId, recipient: page.recipient, createdAt: page.createdAt },
                },
              },
            },
          ],
        })
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markPageSent(page: Page, sentAt: string): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: pageKey(page.pageId),
              UpdateExpression: 'SET sentAt = :at',
              ExpressionAttributeValues: { ':at': sentAt },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: caseKey(page.caseId),
              UpdateExpression: 'SET sev1.pages.#level.sentAt = :at',
              ExpressionAttributeNames: { '#level': page.slot ?? String(page.level) },
              ExpressionAttributeValues: { ':at': sentAt },
            },
          },
        ],
      })
    );
  }

  async getPage(pageId: string): Promise<Page | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: pageKey(pageId), ConsistentRead: true })
    );
    return out.Item ? strip<Page>(out.Item) : undefined;
  }

  recordPageAcknowledged(caseId: string, by: string, at: string): Promise<boolean> {
    return this.conditional({
      Key: caseKey(caseId),
      UpdateExpression: 'SET sev1.acknowledgedAt = :at, sev1.acknowledgedBy = :by',
      ConditionExpression: 'attribute_exists(sev1) AND attribute_not_exists(sev1.acknowledgedAt)',
      ExpressionAttributeValues: { ':at': at, ':by': by },
    });
  }

  takeOverAcknowledgement(caseId: string, by: string, previous: string, at: string): Promise<boolean> {
    return this.conditional({
      Key: caseKey(caseId),
      UpdateExpression: 'SET sev1.acknowledgedBy = :by, sev1.takenOverAt = :at',
      ConditionExpression: 'sev1.acknowledgedBy = :previous AND attribute_not_exists(sev1.calledBackAt)',
      ExpressionAttributeValues: { ':at': at, ':by': by, ':previous': previous },
    });
  }

  // --- storm correlation: `STORM#<symptom>`/`OPEN` (current incident), `INCIDENT#<leader>`/`MEMBER#<case>` ---

  async joinStorm(
    symptom: string,
    caseId: string,
    at: string,
    windowMs: number
  ): Promise<{ leaderCaseId: string; opened: boolean }> {
    const key = { pk: `STORM#${hashKey(symptom)}`, sk: 'OPEN' };
    const cutoff = new Date(Date.parse(at) - windowMs).toISOString();
    for (;;) {
      try {
        const out = await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET lastReportAt = :at, reports = reports + :one',
            ConditionExpression: 'attribute_exists(pk) AND lastReportAt >= :cutoff',
            ExpressionAttributeValues: { ':at': at, ':one': 1, ':cutoff': cutoff },
            ReturnValues: 'ALL_NEW',
          })
        );
        return { leaderCaseId: String(out.Attributes?.leaderCaseId), opened: false };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              entity: 'storm',
              symptom,
              leaderCaseId: caseId,
              openedAt: at,
              lastReportAt: at,
              reports: 1,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR lastReportAt < :cutoff',
            ExpressionAttributeValues: { ':cutoff': cutoff },
          })
        );
        return { leaderCaseId: caseId, opened: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Someone opened or joined meanwhile: join theirs.
      }
    }
  }

  async addIncidentMember(leaderCaseId: string, caseId: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `INCIDENT#${leaderCaseId}`, sk: `MEMBER#${caseId}`, entity: 'incident-member', caseId },
      })
    );
  }

  async listIncidentMembers(leaderCaseId: string): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
      ExpressionAttributeValues: { ':pk': `INCIDENT#${leaderCaseId}`, ':member': 'MEMBER#' },
      ConsistentRead: true,
    });
    return items.map((i) => String(i.caseId));
  }

  // --- page mails: `PAGEMSG#<sha256(Message-ID)>` → page id (staff replies to a page) ---

  async indexPageMessage(messageId: string, pageId: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `PAGEMSG#${hashKey(messageId)}`, sk: 'PAGEMSG', entity: 'page-message', pageId },
      })
    );
  }

  async findPageIdByMessage(messageId: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `PAGEMSG#${hashKey(messageId)}`, sk: 'PAGEMSG' },
        ConsistentRead: true,
      })
    );
    return out.Item?.pageId as string | undefined;
  }

  recordCallback(caseId: string, by: string, at: string): Promise<boolean> {
    return this.conditional({
      Key: caseKey(caseId),
      // Called back: the case leaves the watchdog's index of cases that need a live timer.
      UpdateExpression: 'SET sev1.calledBackAt = :at, sev1.calledBackBy = :by REMOVE gsi2pk, gsi2sk',
      ConditionExpression:
        'attribute_exists(sev1.acknowledgedAt) AND attribute_not_exists(sev1.calledBackAt)',
      ExpressionAttributeValues: { ':at': at, ':by': by },
    });
  }

  recordBreach(caseId: string, at: string): Promise<boolean> {
    return this.conditional({
      Key: caseKey(caseId),
      UpdateExpression: 'SET sev1.breachedAt = :at',
      ConditionExpression: 'attribute_exists(sev1) AND attribute_not_exists(sev1.breachedAt)',
      ExpressionAttributeValues: { ':at': at },
    });
  }

  async scheduleSev1Update(caseId: string, nextUpdateDueAt: string, update?: Sev1Update): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: caseKey(caseId),
        UpdateExpression: update
          ? 'SET sev1.nextUpdateDueAt = :due, sev1.updates = list_append(if_not_exists(sev1.updates, :none), :update)'
          : 'SET sev1.nextUpdateDueAt = :due',
        ConditionExpression: 'attribute_exists(sev1)',
        ExpressionAttributeValues: {
          ':due': nextUpdateDueAt,
          ...(update ? { ':none': [], ':update': [update] } : {}),
        },
      })
    );
  }

  async setSev1Attempt(caseId: string, attempt: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: caseKey(caseId),
        UpdateExpression: 'SET sev1.attempt = :n',
        ExpressionAttributeValues: { ':n': attempt },
      })
    );
  }

  async appendSlaFacts(caseId: string, facts: SlaFact[], status?: CaseStatus): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: caseKey(caseId),
        UpdateExpression: `SET sla.facts = list_append(sla.facts, :f)${status ? ', #s = :s' : ''}`,
        ConditionExpression: 'attribute_exists(sla)',
        ExpressionAttributeNames: status ? { '#s': 'status' } : undefined,
        ExpressionAttributeValues: { ':f': facts, ...(status ? { ':s': status } : {}) },
      })
    );
  }

  settleCase(caseId: string, fact: SlaFact, status: 'RESOLVED' | 'CLOSED'): Promise<boolean> {
    return this.conditional({
      Key: caseKey(caseId),
      UpdateExpression: 'SET sla.facts = list_append(sla.facts, :f), #s = :s',
      ConditionExpression: 'attribute_exists(sla) AND #s IN (:open, :waiting)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':f': [fact],
        ':s': status,
        ':open': 'OPEN' satisfies CaseStatus,
        ':waiting': 'WAITING_ON_CUSTOMER' satisfies CaseStatus,
      },
    });
  }

  recordSlaEvent(caseId: string, key: string, at: string): Promise<boolean> {
    return this.conditional({
      Key: caseKey(caseId),
      UpdateExpression: 'SET sla.ledger.#k = :at',
      ConditionExpression: 'attribute_exists(sla) AND attribute_not_exists(sla.ledger.#k)',
      ExpressionAttributeNames: { '#k': key },
      ExpressionAttributeValues: { ':at': at },
    });
  }

  async saveSlaView(
    caseId: string,
    view: {
      targets: TargetInstance[];
      nextDueAt: string | null;
      planFingerprint: string;
      queue: { team: Team; sortKey: string } | null;
    }
  ): Promise<void> {
    const queue = view.queue
      ? {
          set: ', gsi3pk = :qp, gsi3sk = :qs',
          remove: '',
          values: { ':qp': `QUEUE#${view.queue.team}`, ':qs': view.queue.sortKey },
        }
      : { set: '', remove: ' REMOVE gsi3pk, gsi3sk', values: {} };
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: caseKey(caseId),
        UpdateExpression: `SET sla.targets = :t, sla.planFingerprint = :f, deadlines.nextDueAt = :n${queue.set}${queue.remove}`,
        ConditionExpression: 'attribute_exists(sla)',
        ExpressionAttributeValues: {
          ':t': view.targets,
          ':f': view.planFingerprint,
          ':n': view.nextDueAt,
          ...queue.values,
        },
      })
    );
  }

  async nextClockGeneration(caseId: string): Promise<number> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: caseKey(caseId),
        UpdateExpression: 'SET sla.clockGeneration = sla.clockGeneration + :one',
        ConditionExpression: 'attribute_exists(sla)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      })
    );
    return Number((out.Attributes?.sla as { clockGeneration?: number } | undefined)?.clockGeneration);
  }

  async setClockWake(caseId: string, generation: number, wakeAt: string | null): Promise<void> {
    // Only the current generation may move the wake time; an old execution's write is dropped.
    await this.conditional({
      Key: caseKey(caseId),
      UpdateExpression: 'SET sla.clockWakeAt = :w',
      ConditionExpression: 'sla.clockGeneration = :g',
      ExpressionAttributeValues: { ':w': wakeAt, ':g': generation },
    });
  }

  async addNotices(caseId: string, notices: PendingNotice[]): Promise<void> {
    if (!notices.length) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: caseKey(caseId),
        UpdateExpression: 'SET sla.notices = list_append(sla.notices, :n)',
        ExpressionAttributeValues: { ':n': notices },
      })
    );
  }

  async escalateTeam(
    caseId: string,
    escalation: { at: string; from: Team; to: Team; reason: string }
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: caseKey(caseId),
        UpdateExpression: 'SET team = :to, escalations = list_append(if_not_exists(escalations, :none), :e)',
        ExpressionAttributeValues: { ':to': escalation.to, ':e': [escalation], ':none': [] },
      })
    );
  }

  async listQueue(team: Team, limit: number): Promise<CaseRecord[]> {
    const cases: CaseRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :p',
          ExpressionAttributeValues: { ':p': `QUEUE#${team}` },
          Limit: limit - cases.length,
          ExclusiveStartKey: start,
        })
      );
      cases.push(...(out.Items ?? []).map((i) => strip<CaseRecord>(i)));
      start = out.LastEvaluatedKey;
    } while (start && cases.length < limit);
    return cases;
  }

  async getGuaranteedMinutes(customerId: string, month: string): Promise<number> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `USAGE#${customerId}`, sk: `MONTH#${month}` },
        ConsistentRead: true,
      })
    );
    return Number(out.Item?.minutes ?? 0);
  }

  async addGuaranteedMinutes(customerId: string, month: string, minutes: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `USAGE#${customerId}`, sk: `MONTH#${month}` },
        UpdateExpression: 'SET entity = :e ADD minutes :m',
        ExpressionAttributeValues: { ':e': 'usage', ':m': minutes },
      })
    );
  }

  async addInboundMessage(input: {
    caseId: string;
    inboundId: string;
    message: MessageRecord;
    facts: SlaFact[];
    status: CaseStatus;
  }): Promise<'added' | 'duplicate'> {
    const { caseId, inboundId, message, facts, status } = input;
    const guard = (Item: Record<string, unknown>) => ({
      Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            guard({ pk: `INBOUND#${inboundId}`, sk: 'INBOUND', entity: 'inbound', caseId, at: message.at }),
            ...(message.messageId
              ? [guard({ ...messageIdKey(message.from, message.messageId), entity: 'message-id', caseId })]
              : []),
            { Put: { TableName: this.tableName, Item: this.messageItem(message) } },
            {
              Update: {
                TableName: this.tableName,
                Key: caseKey(caseId),
                UpdateExpression: 'SET sla.facts = list_append(sla.facts, :f), #s = :s',
                ConditionExpression: 'attribute_exists(sla)',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':f': facts, ':s': status },
              },
            },
          ],
        })
      );
      return 'added';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  async claimInbound(inboundId: string, caseId: string, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `INBOUND#${inboundId}`, sk: 'INBOUND', entity: 'inbound', caseId, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        })
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async indexMessageRef(caseId: string, messageId: string): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: this.messageRefItem(caseId, messageId) })
    );
  }

  private messageRefItem(caseId: string, messageId: string): Record<string, unknown> {
    return { pk: `MSGREF#${hashKey(messageId)}`, sk: 'MSGREF', entity: 'message-ref', caseId };
  }

  async findCaseIdByMessageRef(messageId: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `MSGREF#${hashKey(messageId)}`, sk: 'MSGREF' },
        ConsistentRead: true,
      })
    );
    return out.Item?.caseId as string | undefined;
  }

  // --- intake hardening: acknowledgement rate limit, unattributed bounces ---

  async takeAcknowledgementAllowance(
    sender: string,
    windowStart: string,
    windowMs: number,
    limit: number
  ): Promise<boolean> {
    // One counter per sender and window; TTL removes it a day after the window ends.
    return this.conditional({
      Key: { pk: `ACKRATE#${hashKey(sender.toLowerCase())}`, sk: `WINDOW#${windowStart}` },
      UpdateExpression: 'SET entity = :e, #ttl = if_not_exists(#ttl, :ttl) ADD #n :one',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
      ExpressionAttributeNames: { '#n': 'count', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':e': 'ack-rate',
        ':one': 1,
        ':limit': limit,
        ':ttl': Math.floor((Date.parse(windowStart) + windowMs) / 1000) + 24 * 3600,
      },
    });
  }

  async recordUnattributedBounce(bounce: UnattributedBounce): Promise<'recorded' | 'duplicate'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: 'BOUNCE#UNATTRIBUTED',
            sk: `${bounce.receivedAt}#${bounce.sesMessageId}`,
            entity: 'unattributed-bounce',
            ...bounce,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        })
      );
      return 'recorded';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  async listUnattributedBounces(limit: number): Promise<UnattributedBounce[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'BOUNCE#UNATTRIBUTED' },
        ScanIndexForward: false,
        Limit: limit,
      })
    );
    return (out.Items ?? []).map((i) => strip<UnattributedBounce>(i));
  }

  // --- cases opened by monitoring (deliverability desk): key item `CASEKEY#<key>` → case id ---

  async findCaseIdByKey(key: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CASEKEY#${key}`, sk: 'CASEKEY' },
        ConsistentRead: true,
      })
    );
    return out.Item?.caseId as string | undefined;
  }

  async createKeyedCase(input: {
    case: CaseRecord;
    timeline: TimelineEntry[];
    key: string;
    replacing?: string;
  }): Promise<'created' | 'duplicate'> {
    const c = input.case;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `CASEKEY#${input.key}`,
                  sk: 'CASEKEY',
                  entity: 'case-key',
                  caseId: c.id,
                  at: c.createdAt,
                },
                ConditionExpression: input.replacing ? 'caseId = :old' : 'attribute_not_exists(pk)',
                ExpressionAttributeValues: input.replacing ? { ':old': input.replacing } : undefined,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...caseKey(c.id),
                  entity: 'case',
                  gsi1pk: 'CASES',
                  gsi1sk: `${c.createdAt}#${c.id}`,
                  ...c,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: `REF#${c.reference}`, sk: 'REF', entity: 'reference', caseId: c.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...input.timeline.map((entry) => ({
              Put: { TableName: this.tableName, Item: this.timelineItem(c.id, entry) },
            })),
          ],
        })
      );
      return 'created';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  async putRosterOverride(override: StoredRosterOverride): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: ROSTER_PK,
          sk: `OVERRIDE#${override.to}#${override.id}`,
          entity: 'roster-override',
          ...override,
          // Kept a month after it ends, for "who was on call" questions; then DynamoDB drops it.
          ttl: Math.floor(Date.parse(override.to) / 1000) + 30 * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      })
    );
  }

  async listRosterOverrides(at: string): Promise<StoredRosterOverride[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      ExpressionAttributeValues: { ':pk': ROSTER_PK, ':after': `OVERRIDE#${at}` },
      ConsistentRead: true,
    });
    return items.map((item) => strip<StoredRosterOverride>(item));
  }

  async deleteRosterOverride(id: string): Promise<boolean> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'id = :id',
      ExpressionAttributeValues: { ':pk': ROSTER_PK, ':prefix': 'OVERRIDE#', ':id': id },
      ConsistentRead: true,
    });
    const [item] = items;
    if (!item) return false;
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: ROSTER_PK, sk: item.sk } })
    );
    return true;
  }

  async raiseToSev1(
    caseId: string,
    change: { triage: TriageDecision; sev1: Sev1State; slaTerms?: SlaTerms },
    entries: TimelineEntry[]
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: caseKey(caseId),
                UpdateExpression: `SET severity = :sev, triage = :triage, sev1 = :sev1, deadlines.callbackDueAt = :due, gsi2pk = :g2, gsi2sk = :id${change.slaTerms ? ', sla.terms = :terms' : ''}`,
                ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(sev1)${change.slaTerms ? ' AND attribute_exists(sla)' : ''}`,
                ExpressionAttributeValues: {
                  ':sev': 'SEV1',
                  ':triage': change.triage,
                  ':sev1': change.sev1,
                  ':due': change.sev1.callbackDueAt,
                  ':g2': 'SEV1#OPEN',
                  ':id': caseId,
                  ...(change.slaTerms ? { ':terms': change.slaTerms } : {}),
                },
              },
            },
            ...entries.map((entry) => ({
              Put: { TableName: this.tableName, Item: this.timelineItem(caseId, entry) },
            })),
          ],
        })
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async updateCaseFields(
    caseId: string,
    fields: Record<string, unknown>,
    entries: TimelineEntry[]
  ): Promise<void> {
    const names = Object.keys(fields);
    const forbidden = names.filter((n) => (KEY_ATTRIBUTES as readonly string[]).includes(n) || n === 'id');
    if (forbidden.length) throw new Error(`updateCaseFields may not set ${forbidden.join(', ')}`);
    const update = names.length
      ? [
          {
            Update: {
              TableName: this.tableName,
              Key: caseKey(caseId),
              UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
              ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])),
            },
          },
        ]
      : [];
    const puts = entries.map((entry) => ({
      Put: { TableName: this.tableName, Item: this.timelineItem(caseId, entry) },
    }));
    if (update.length + puts.length === 0) return;
    await this.doc.send(new TransactWriteCommand({ TransactItems: [...update, ...puts] }));
  }

  private messageItem(m: MessageRecord): Record<string, unknown> {
    return { pk: `CASE#${m.caseId}`, sk: `MSG#${m.at}#${m.id}`, entity: 'message', ...m };
  }

  private timelineItem(caseId: string, entry: TimelineEntry): Record<string, unknown> {
    return { pk: `CASE#${caseId}`, sk: `TL#${entry.at}#${uniqueSuffix()}`, entity: 'timeline', ...entry };
  }

  private async conditional(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>
  ): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    return queryAll(this.doc, input);
  }
}
