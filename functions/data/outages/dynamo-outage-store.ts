import { monthsTouched, type OutageInterval } from '../../domain/availability';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { CaseOutages, IngestOutcome, MonitoringInterval, OutageStore } from './outage-store';

/** The month items of one source: per month it touches, one per (interval, service). */
function monthItems(source: string, intervals: OutageInterval[]) {
  const perMonth = new Map<string, number>();
  return intervals.flatMap((interval) =>
    monthsTouched(interval.start, interval.end).map((month) => {
      const n = perMonth.get(month) ?? 0;
      perMonth.set(month, n + 1);
      return { ...keys.outageInMonth(month, source, n), entity: 'outage-interval', ...interval };
    })
  );
}

function caseIntervals(outages: CaseOutages): OutageInterval[] {
  return outages.intervals.flatMap((i) =>
    i.services.map((service) => ({
      service,
      customerId: outages.customerId,
      start: i.start,
      end: i.end,
      source: { kind: 'case' as const, caseId: outages.caseId, reference: outages.reference },
    }))
  );
}

const sameInterval = (a: Record<string, unknown>, b: MonitoringInterval) =>
  a.service === b.service &&
  (a.customerId ?? null) === b.customerId &&
  Date.parse(String(a.start)) === Date.parse(b.start) &&
  Date.parse(String(a.end)) === Date.parse(b.end);

export class DynamoOutageStore implements OutageStore {
  constructor(private readonly table: SingleTable) {}

  async recordMonitoring(interval: MonitoringInterval): Promise<IngestOutcome> {
    const record = { ...keys.monitoringOutage(interval.id), entity: 'monitoring-outage', ...interval };
    const items = monthItems(`MON#${interval.id}`, [
      {
        service: interval.service,
        customerId: interval.customerId,
        start: interval.start,
        end: interval.end,
        source: { kind: 'monitoring', id: interval.id },
      },
    ]);
    const written = await this.table.transact([
      this.table.item.putIfAbsent(record),
      ...items.map((i) => this.table.item.put(i)),
    ]);
    if (written) return 'recorded';
    const existing = await this.table.get(keys.monitoringOutage(interval.id));
    return existing && sameInterval(existing, interval) ? 'repeated' : 'conflict';
  }

  async getCaseOutages(caseId: string): Promise<CaseOutages | undefined> {
    const item = await this.table.get(keys.caseOutages(caseId));
    return item ? strip<CaseOutages>(item) : undefined;
  }

  async listCaseOutageHistory(caseId: string): Promise<CaseOutages[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p and begins_with(sk, :r)',
      ExpressionAttributeValues: {
        ':p': keys.caseOutagesPartition(caseId),
        ':r': keys.caseOutageRevisionPrefix,
      },
      ConsistentRead: true,
    });
    return items.map((i) => strip<CaseOutages>(i));
  }

  async saveCaseOutages(next: CaseOutages, previous: CaseOutages | undefined): Promise<boolean> {
    const source = `CASE#${next.caseId}`;
    const current = { ...keys.caseOutages(next.caseId), entity: 'case-outages', ...next };
    const guard = previous
      ? {
          Put: {
            TableName: this.table.name,
            Item: current,
            ConditionExpression: 'revision = :r',
            ExpressionAttributeValues: { ':r': previous.revision },
          },
        }
      : this.table.item.putIfAbsent(current);
    const stale = previous ? monthItems(source, caseIntervals(previous)) : [];
    const fresh = monthItems(source, caseIntervals(next));
    const freshKeys = new Set(fresh.map((i) => `${i.pk}|${i.sk}`));
    return this.table.transact([
      guard,
      this.table.item.putIfAbsent({
        ...keys.caseOutageRevision(next.caseId, next.revision),
        entity: 'case-outages-revision',
        ...next,
      }),
      // Old month items the new version does not overwrite go; the rest are replaced in place.
      ...stale
        .filter((i) => !freshKeys.has(`${i.pk}|${i.sk}`))
        .map((i) => ({ Delete: { TableName: this.table.name, Key: { pk: i.pk, sk: i.sk } } })),
      ...fresh.map((i) => this.table.item.put(i)),
    ]);
  }

  async listMonth(month: string): Promise<OutageInterval[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.outageMonthPartition(month) },
    });
    return items.map((i) => strip<OutageInterval>(i));
  }
}
