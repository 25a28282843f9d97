import type {
  CaseRecord,
  CaseStatus,
  MessageRecord,
  Sev1State,
  Severity,
  TimelineEntry,
  TriageDecision,
} from '../../domain/case';
import { type SearchEntries, searchEntries } from '../../domain/search-text';
import type { SlaFact, SlaTerms, TargetInstance } from '../../domain/sla';
import type { CaseIndexLayout } from '../case-index-layout';
import { caseItems } from '../case-records/case-items';
import {
  copyUpdates,
  readCaseCopies,
  type StatusAttempt,
  statusAttempts,
} from '../case-search/search-copies';
import {
  SEARCH_ENTRIES_IN_TRANSACTION,
  searchEntryUpdates,
  TRANSACTION_ITEMS,
  writeSearchEntries,
} from '../case-search/search-items';
import { allowanceUpdate } from '../intake-guards/dynamo-intake-guard-store';
import { filedCaseItem } from '../labels/dynamo-case-filing-store';
import type { SingleTable } from '../single-table';
import type { StoredClockView } from '../sla-clock/sla-clock-store';
import { keys } from '../table-keys';
import type { CaseTransactions, CreateCaseOutcome, NewCase } from './case-transactions';

export class DynamoCaseTransactions implements CaseTransactions {
  constructor(
    private readonly table: SingleTable,
    private readonly layout: CaseIndexLayout
  ) {}

  async createCase({
    case: c,
    message,
    timeline,
    inboundId,
    ackClaimedAt,
    queue,
    acknowledgement,
  }: NewCase): Promise<CreateCaseOutcome> {
    const { item } = this.table;
    const caseItem: Record<string, unknown> = {
      ...caseItems.case(c),
      // A case saved with its acknowledgement has no claim left to hold.
      ...(acknowledgement ? {} : { ackClaimedAt }),
      ...(queue ? { gsi3pk: this.layout.queueKey(queue.team, c.id), gsi3sk: queue.sortKey } : {}),
      ...(c.sev1 ? { gsi2pk: this.layout.openSev1Key(c.id), gsi2sk: c.id } : {}),
    };
    await this.layout.allCases.register(c.createdAt);
    const guards = [
      item.putGuard(caseItems.inbound(inboundId, c.id, c.createdAt)),
      ...(message.messageId
        ? [item.putGuard(caseItems.senderMessageId(message.from, message.messageId, c.id))]
        : []),
      item.putIfAbsent(caseItem),
      item.putIfAbsent(caseItems.reference(c)),
    ];
    const ack = acknowledgement?.message;
    const allowances = (acknowledgement?.allowances ?? []).map((a) => item.update(allowanceUpdate(a)));
    // Its words ride in the same transaction (no request of their own); a long mail's rest follow.
    const entries = searchEntries({
      texts: [c.subject, message.text],
      customer: [c.customerId, c.customerName],
      sender: [message.from, c.requester?.name],
    });
    // The entries in the transaction carry the case's team, status and customer; the case lists
    // their keys, so a change of team or status rewrites them with it. A long mail's rest (and later words) go without:
    // search reads those fields of such a case from the case.
    const copied = [...entries].slice(0, SEARCH_ENTRIES_IN_TRANSACTION);
    const customer = [...new Set([...entries.values()].flatMap((fields) => fields.customer))];
    const inTransaction = searchEntryUpdates(c.id, c.createdAt, new Map(copied), {
      team: c.team,
      status: c.status,
      customer,
    });
    const rest = searchEntryUpdates(c.id, c.createdAt, new Map([...entries].slice(copied.length)));
    if (copied.length) caseItem.searchCopyKeys = new Set(copied.map(([wordKey]) => wordKey));
    const items = [
      ...guards,
      item.put(caseItems.message(message)),
      ...inTransaction.map((u) => item.update(u)),
      ...(message.messageId ? [item.put(caseItems.messageRef(c.id, message.messageId))] : []),
      ...(timeline.length ? [item.put(caseItems.timelineEntries(c.id, timeline))] : []),
      ...(ack ? [item.put(caseItems.message(ack))] : []),
      ...(ack?.messageId ? [item.put(caseItems.messageRef(c.id, ack.messageId))] : []),
      // The folder and labels the message rules set, listed with the label's or folder's cases.
      ...(c.folder ? [item.put(filedCaseItem('folder', c.folder, c))] : []),
      ...(c.labels ?? []).map((label) => item.put(filedCaseItem('label', label, c))),
      // Last, so that their positions say which limit was reached.
      ...allowances,
    ];
    const failed = await this.table.transactOrFailed(items);
    if (!failed) {
      await writeSearchEntries(this.table, rest);
      return 'created';
    }
    // Another delivery's case wins over a reached limit: this mail's case exists already.
    const firstAllowance = items.length - allowances.length;
    const reached = failed.filter((i) => i >= firstAllowance);
    if (reached.length && reached.length === failed.length)
      return { reached: Math.min(...reached) - firstAllowance };
    return 'duplicate';
  }

  async createKeyedCase(input: {
    case: CaseRecord;
    timeline: TimelineEntry[];
    key: string;
    replacing?: string;
  }): Promise<'created' | 'duplicate'> {
    const c = input.case;
    const { item } = this.table;
    await this.layout.allCases.register(c.createdAt);
    const created = await this.table.transact([
      {
        Put: {
          TableName: this.table.name,
          Item: { ...keys.caseOpenedFor(input.key), entity: 'case-key', caseId: c.id, at: c.createdAt },
          ConditionExpression: input.replacing ? 'caseId = :old' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: input.replacing ? { ':old': input.replacing } : undefined,
        },
      },
      item.putIfAbsent(caseItems.case(c)),
      item.putIfAbsent(caseItems.reference(c)),
      ...input.timeline.map((entry) => item.put(caseItems.timelineEntry(c.id, entry))),
    ]);
    return created ? 'created' : 'duplicate';
  }

  async addInboundMessage(input: {
    caseId: string;
    inboundId: string;
    message: MessageRecord;
    facts: SlaFact[];
    /** The case's status from now on; absent: it stays as it is. */
    status?: CaseStatus;
    openedAt?: string;
  }): Promise<'added' | 'duplicate'> {
    const { caseId, inboundId, message, facts, status, openedAt } = input;
    const { item } = this.table;
    const entries = openedAt
      ? searchEntries({ texts: [message.text], sender: [message.from] })
      : (new Map() as SearchEntries);
    const guards = [
      item.putGuard(caseItems.inbound(inboundId, caseId, message.at)),
      ...(message.messageId
        ? [item.putGuard(caseItems.senderMessageId(message.from, message.messageId, caseId))]
        : []),
      item.put(caseItems.message(message)),
    ];
    const caseUpdate = (attempt: StatusAttempt | null) =>
      item.update({
        Key: keys.case(caseId),
        UpdateExpression: `SET sla.facts = list_append(sla.facts, :f)${status ? ', #s = :s' : ''}`,
        ConditionExpression: `attribute_exists(sla)${attempt?.condition ? ` AND ${attempt.condition}` : ''}`,
        ExpressionAttributeNames: status ? { '#s': 'status' } : undefined,
        ExpressionAttributeValues: { ':f': facts, ...(status ? { ':s': status } : {}), ...attempt?.values },
      });
    const attempts = status ? statusAttempts(this.table, caseId, status) : once(null);
    for await (const attempt of attempts) {
      // The copies a status change rewrites ride with this mail's own words at the same keys.
      const rewrite = new Set(attempt?.rewrite);
      const at = attempt?.openedAt ?? openedAt ?? '';
      const copies = [
        ...searchEntryUpdates(caseId, at, pick(entries, rewrite, true), { status }),
        ...copyUpdates(
          caseId,
          at,
          [...rewrite].filter((k) => !entries.has(k)),
          { status }
        ),
      ];
      const words = searchEntryUpdates(caseId, at, pick(entries, rewrite, false));
      const room = TRANSACTION_ITEMS - guards.length - 1 - copies.length;
      const inTransaction = words.slice(0, Math.min(SEARCH_ENTRIES_IN_TRANSACTION, room));
      const items = [
        ...guards,
        caseUpdate(attempt),
        ...[...copies, ...inTransaction].map((u) => item.update(u)),
      ];
      const failed = await this.table.transactOrFailed(items);
      if (!failed) {
        await writeSearchEntries(this.table, words.slice(inTransaction.length));
        return 'added';
      }
      // Only the case's status moved under this attempt: the next one reads it.
      if (!(failed.length === 1 && failed[0] === guards.length && attempt?.condition)) return 'duplicate';
    }
    return 'duplicate';
  }

  async recordAcknowledgement(
    caseId: string,
    ack: { sentAt: string; messageId: string; pending: true },
    message: MessageRecord,
    entry: TimelineEntry,
    fact?: SlaFact,
    view?: StoredClockView
  ): Promise<'recorded-with-view' | 'recorded' | 'taken'> {
    const parts = (withView: StoredClockView | undefined) => {
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
      const { item } = this.table;
      return [
        item.update({
          Key: keys.case(caseId),
          UpdateExpression: `SET ${set.join(', ')} REMOVE ackClaimedAt`,
          // Once per case; the wake time belongs to the clock's current generation (as in setClockWake).
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(acknowledgement)${withView ? ' AND sla.clockGeneration = :g' : ''}`,
          ExpressionAttributeValues: values,
        }),
        item.put(caseItems.message(message)),
        item.put(caseItems.timelineEntry(caseId, entry)),
        item.put(caseItems.messageRef(caseId, ack.messageId)),
      ];
    };
    if (view && (await this.table.transact(parts(view)))) return 'recorded-with-view';
    // No view, a newer clock generation armed meanwhile, or another delivery recorded it first.
    return (await this.table.transact(parts(undefined))) ? 'recorded' : 'taken';
  }

  async settleCase(caseId: string, fact: SlaFact, status: 'RESOLVED' | 'CLOSED'): Promise<boolean> {
    const settle = {
      Key: keys.case(caseId),
      UpdateExpression: 'SET sla.facts = list_append(sla.facts, :f), #s = :s',
      ConditionExpression: 'attribute_exists(sla) AND #s IN (:open, :waiting)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':f': [fact],
        ':s': status,
        ':open': 'OPEN' satisfies CaseStatus,
        ':waiting': 'WAITING_ON_CUSTOMER' satisfies CaseStatus,
      },
    };
    const copies = await this.statusCopies(caseId, status);
    if (!copies.length) return this.table.conditional(settle);
    return this.table.transact([this.table.item.update(settle), ...copies]);
  }

  raiseToSev1(
    caseId: string,
    change: { triage: TriageDecision; sev1: Sev1State; slaTerms?: SlaTerms },
    entries: TimelineEntry[]
  ): Promise<boolean> {
    const { item } = this.table;
    return this.table.transact([
      item.update({
        Key: keys.case(caseId),
        UpdateExpression: `SET severity = :sev, triage = :triage, sev1 = :sev1, deadlines.callbackDueAt = :due, gsi2pk = :g2, gsi2sk = :id${change.slaTerms ? ', sla.terms = :terms' : ''}`,
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(sev1)${change.slaTerms ? ' AND attribute_exists(sla)' : ''}`,
        ExpressionAttributeValues: {
          ':sev': 'SEV1',
          ':triage': change.triage,
          ':sev1': change.sev1,
          ':due': change.sev1.callbackDueAt,
          ':g2': this.layout.openSev1Key(caseId),
          ':id': caseId,
          ...(change.slaTerms ? { ':terms': change.slaTerms } : {}),
        },
      }),
      ...entries.map((entry) => item.put(caseItems.timelineEntry(caseId, entry))),
    ]);
  }

  changeSeverity(
    caseId: string,
    change: {
      from: Severity;
      triage: TriageDecision;
      slaTerms?: SlaTerms;
      settled?: TargetInstance[];
      startSev1?: Sev1State;
      stopSev1?: { at: string; by: string };
    },
    entries: TimelineEntry[]
  ): Promise<boolean> {
    const { item } = this.table;
    const set = ['severity = :sev', 'triage = :triage'];
    const remove: string[] = [];
    const conditions = [
      'attribute_exists(pk)',
      'severity = :from',
      '#s IN (:open, :waiting)',
      'attribute_not_exists(mergedInto)',
    ];
    const values: Record<string, unknown> = {
      ':sev': change.triage.severity,
      ':triage': change.triage,
      ':from': change.from,
      ':open': 'OPEN' satisfies CaseStatus,
      ':waiting': 'WAITING_ON_CUSTOMER' satisfies CaseStatus,
    };
    if (change.slaTerms) {
      set.push('sla.terms = :terms', 'sla.settled = :settled');
      conditions.push('attribute_exists(sla)');
      values[':terms'] = change.slaTerms;
      values[':settled'] = change.settled ?? [];
    }
    if (change.startSev1) {
      set.push('sev1 = :sev1', 'deadlines.callbackDueAt = :due', 'gsi2pk = :g2', 'gsi2sk = :id');
      // A case lowered before keeps its stopped chain on record until raised again.
      conditions.push('(attribute_not_exists(sev1) OR attribute_exists(sev1.stoppedAt))');
      values[':sev1'] = change.startSev1;
      values[':due'] = change.startSev1.callbackDueAt;
      values[':g2'] = this.layout.openSev1Key(caseId);
      values[':id'] = caseId;
    }
    if (change.stopSev1) {
      set.push('sev1.stoppedAt = :stoppedAt', 'sev1.stoppedBy = :stoppedBy');
      remove.push('gsi2pk', 'gsi2sk', 'deadlines.callbackDueAt');
      conditions.push('attribute_exists(sev1) AND attribute_not_exists(sev1.stoppedAt)');
      values[':stoppedAt'] = change.stopSev1.at;
      values[':stoppedBy'] = change.stopSev1.by;
    }
    return this.table.transact([
      item.update({
        Key: keys.case(caseId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: values,
      }),
      ...entries.map((entry) => item.put(caseItems.timelineEntry(caseId, entry))),
    ]);
  }

  async closeAsMerged(
    caseId: string,
    mergedInto: NonNullable<CaseRecord['mergedInto']>,
    fact: SlaFact,
    entries: TimelineEntry[]
  ): Promise<boolean> {
    const { item } = this.table;
    return this.table.transact([
      item.update({
        Key: keys.case(caseId),
        UpdateExpression: 'SET sla.facts = list_append(sla.facts, :f), #s = :closed, mergedInto = :into',
        ConditionExpression:
          'attribute_exists(sla) AND #s IN (:open, :waiting) AND attribute_not_exists(mergedInto)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':f': [fact],
          ':closed': 'CLOSED' satisfies CaseStatus,
          ':into': mergedInto,
          ':open': 'OPEN' satisfies CaseStatus,
          ':waiting': 'WAITING_ON_CUSTOMER' satisfies CaseStatus,
        },
      }),
      ...entries.map((entry) => item.put(caseItems.timelineEntry(caseId, entry))),
      ...(await this.statusCopies(caseId, 'CLOSED')),
    ]);
  }

  /**
   * The case's search copies rewritten with a status it is changing to, for a write whose own
   * condition makes it a change (from an active status to a settled one): their keys never change.
   */
  private async statusCopies(caseId: string, status: CaseStatus) {
    const copies = await readCaseCopies(this.table, caseId);
    if (!copies) return [];
    return copyUpdates(caseId, copies.openedAt, copies.wordKeys, { status }).map((u) =>
      this.table.item.update(u)
    );
  }
}

/** The entries whose word key is (or is not) one of `wordKeys`. */
function pick(entries: SearchEntries, wordKeys: Set<string>, among: boolean): SearchEntries {
  return new Map([...entries].filter(([wordKey]) => wordKeys.has(wordKey) === among));
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}
