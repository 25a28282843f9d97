import { monthBounds } from '../../domain/availability';
import type { SingleTable } from '../single-table';
import { indexKeys } from '../table-keys';
import type { CaseCounts, MonthlyCaseCounts } from './monthly-case-counts';

/** Counts from the listing of every case by day of creation (gsi1, keys only), then each case's status. */
export class DynamoMonthlyCaseCounts implements MonthlyCaseCounts {
  constructor(private readonly table: SingleTable) {}

  async countsFor(month: string): Promise<Map<string, CaseCounts>> {
    const { start, end } = monthBounds(month);
    const days: string[] = [];
    for (let at = start.getTime(); at < end.getTime(); at += 86_400_000)
      days.push(new Date(at).toISOString().slice(0, 10));
    const entries = (
      await Promise.all(
        days.map((day) =>
          this.table.queryAll({
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': indexKeys.casesOn(day) },
          })
        )
      )
    ).flat();
    const cases = await this.table.getMany(entries.map((e) => ({ pk: String(e.pk), sk: String(e.sk) })));
    const counts = new Map<string, CaseCounts>();
    for (const c of cases) {
      if (typeof c.customerId !== 'string') continue;
      const row = counts.get(c.customerId) ?? { opened: 0, resolved: 0 };
      row.opened++;
      if (c.status === 'RESOLVED' || c.status === 'CLOSED') row.resolved++;
      counts.set(c.customerId, row);
    }
    return counts;
  }
}
