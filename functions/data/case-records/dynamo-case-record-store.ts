import type { CaseRecord, CaseStatus, MessageRecord, TimelineEntry } from '../../domain/case';
import type { Team } from '../../domain/team';
import type { CaseIndexLayout } from '../case-index-layout';
import { copyUpdates, readCaseCopies } from '../case-search/search-copies';
import { tableKeyOf } from '../index-reads';
import type { Page } from '../page';
import { type SingleTable, strip } from '../single-table';
import { KEY_ATTRIBUTES, keys } from '../table-keys';
import { caseItems, timelineOf } from './case-items';
import type { CaseDetail, CaseRecordStore } from './case-record-store';

/** The case counter's value before the first case: references start at CF-1001. */
const CASE_NUMBER_START = 1000;

export class DynamoCaseRecordStore implements CaseRecordStore {
  constructor(
    private readonly table: SingleTable,
    private readonly layout: CaseIndexLayout
  ) {}

  async nextCaseNumber(): Promise<number> {
    const attributes = await this.table.update({
      Key: keys.caseCounter(),
      // References start at 1001 so they never look like a count of cases.
      UpdateExpression: 'SET #v = if_not_exists(#v, :start) + :one',
      ExpressionAttributeNames: { '#v': 'value' },
      ExpressionAttributeValues: { ':start': CASE_NUMBER_START, ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    });
    return Number(attributes?.value);
  }

  getCase(caseId: string): Promise<CaseRecord | undefined> {
    return this.table.getRecord<CaseRecord>(keys.case(caseId));
  }

  async getCases(caseIds: string[]): Promise<CaseRecord[]> {
    const items = await this.table.getMany(caseIds.map((id) => keys.case(id)));
    const byId = new Map(items.map((i) => [String(i.id), strip<CaseRecord>(i)]));
    return caseIds.flatMap((id) => byId.get(id) ?? []);
  }

  async getCaseDetail(caseId: string): Promise<CaseDetail | undefined> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.casePartition(caseId) },
      ConsistentRead: true,
    });
    const caseItem = items.find((i) => i.sk === 'CASE');
    if (!caseItem) return undefined;
    return {
      case: strip<CaseRecord>(caseItem),
      messages: items.filter((i) => String(i.sk).startsWith('MSG#')).map((i) => strip<MessageRecord>(i)),
      timeline: timelineOf(items.filter((i) => String(i.sk).startsWith('TL#'))),
    };
  }

  async listCases(limit: number): Promise<CaseRecord[]> {
    return (await this.pageCases(limit)).items;
  }

  async pageCases(limit: number, cursor?: string): Promise<Page<CaseRecord>> {
    const page = await this.layout.allCases.page(limit, cursor);
    const items = await this.table.getMany(page.items.map(tableKeyOf));
    return { items: items.map((i) => strip<CaseRecord>(i)), cursor: page.cursor };
  }

  async countCases(): Promise<number> {
    // The case numbers drawn (from 1001): every case holds one. No count item is written with each
    // case: all creations would then contend on one item inside their transactions.
    const value = Number((await this.table.get(keys.caseCounter(), false))?.value ?? CASE_NUMBER_START);
    return Math.max(0, value - CASE_NUMBER_START);
  }

  findCaseIdByReference(reference: string): Promise<string | undefined> {
    return this.table.caseIdAt(keys.reference(reference), false);
  }

  findCaseIdByMessageRef(messageId: string): Promise<string | undefined> {
    return this.table.caseIdAt(keys.messageRef(messageId));
  }

  async findCaseIdsByMessageRefs(messageIds: string[]): Promise<Map<string, string>> {
    const byKey = new Map(messageIds.map((id) => [keys.messageRef(id).pk, id]));
    const items = await this.table.getMany(
      messageIds.map((id) => keys.messageRef(id)),
      true
    );
    return new Map(
      items.flatMap((i) => {
        const id = byKey.get(i.pk as string);
        return id && typeof i.caseId === 'string' ? [[id, i.caseId] as const] : [];
      })
    );
  }

  findCaseIdByKey(key: string): Promise<string | undefined> {
    return this.table.caseIdAt(keys.caseOpenedFor(key));
  }

  indexMessageRef(caseId: string, messageId: string): Promise<void> {
    return this.table.put(caseItems.messageRef(caseId, messageId));
  }

  addMessage(message: MessageRecord): Promise<void> {
    return this.table.put(caseItems.message(message));
  }

  async appendTimeline(caseId: string, entries: TimelineEntry[]): Promise<void> {
    for (const entry of entries) await this.table.put(caseItems.timelineEntry(caseId, entry));
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
          this.table.item.update({
            Key: keys.case(caseId),
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
            ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])),
          }),
        ]
      : [];
    const puts = entries.map((entry) => this.table.item.put(caseItems.timelineEntry(caseId, entry)));
    if (update.length + puts.length === 0) return;
    // A team or status set here is copied onto the case's search entries in the same transaction.
    const copied = { team: fields.team as Team | undefined, status: fields.status as CaseStatus | undefined };
    const copies = copied.team || copied.status ? await readCaseCopies(this.table, caseId) : undefined;
    const copyWrites = copies
      ? copyUpdates(caseId, copies.openedAt, copies.wordKeys, copied).map((u) => this.table.item.update(u))
      : [];
    await this.table.writeTogether([...update, ...puts, ...copyWrites]);
  }

  async escalateTeam(
    caseId: string,
    escalation: { at: string; from: Team; to: Team; reason: string }
  ): Promise<void> {
    const teamChange = {
      Key: keys.case(caseId),
      UpdateExpression: 'SET team = :to, escalations = list_append(if_not_exists(escalations, :none), :e)',
      ExpressionAttributeValues: { ':to': escalation.to, ':e': [escalation], ':none': [] },
    };
    // The word entries that carry the case's team change with it, at once (search filters on them).
    // Their keys are fixed when the case opens, so reading them first cannot miss one.
    const copies = await readCaseCopies(this.table, caseId);
    if (!copies?.wordKeys.length) {
      await this.table.update(teamChange);
      return;
    }
    await this.table.writeTogether([
      this.table.item.update(teamChange),
      ...copyUpdates(caseId, copies.openedAt, copies.wordKeys, { team: escalation.to }).map((u) =>
        this.table.item.update(u)
      ),
    ]);
  }
}
