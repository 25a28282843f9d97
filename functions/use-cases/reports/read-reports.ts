import type { Config } from '../../config/schema';
import type { ReportAggregateStore } from '../../data/report-aggregates/report-aggregate-store';
import { type AgentReport, agentRows, daySeries } from '../../domain/reports/agent-report';
import {
  type AggregateItem,
  ALL,
  BACKLOG_DIMENSIONS,
  monthSumParts,
  monthSumValue,
  sumCounters,
} from '../../domain/reports/aggregate';
import { daysOfMonth, lastDayOf, reportDay } from '../../domain/reports/report-day';
import { guaranteedTime, type SlaReport, type SlaRow, targetFigures } from '../../domain/reports/sla-report';
import type { Services } from '../deps';

export type ReportReadDeps = Pick<Services, 'config' | 'clock'> & { reports: ReportAggregateStore };

const byValue = (items: readonly AggregateItem[]) => {
  const out = new Map<string, AggregateItem[]>();
  for (const i of items) out.set(i.value, [...(out.get(i.value) ?? []), i]);
  return out;
};

const planLimit = (config: Config, plan: string | null) =>
  plan ? (config.plans[plan]?.monthlyGuaranteedMinutes ?? null) : null;

/** Groups items under a key; items without one are left out. */
function groupBy(items: readonly AggregateItem[], keyOf: (i: AggregateItem) => string | null) {
  const out = new Map<string, AggregateItem[]>();
  for (const i of items) {
    const key = keyOf(i);
    if (key === null) continue;
    const group = out.get(key);
    if (group) group.push(i);
    else out.set(key, [i]);
  }
  return out;
}

/**
 * SLA compliance for a month (R-REP-3): one query of the month's sums per customer and plan; the
 * customer rows and the plan rows both add them up. With `customer`, that customer's sums alone
 * and no plan rows (they sum other customers' cases).
 */
export async function slaReport(deps: ReportReadDeps, month: string, customer?: string): Promise<SlaReport> {
  const items = await deps.reports.monthItems(
    'customer',
    month,
    customer ? monthSumValue(customer, null) : undefined
  );
  const grouped = groupBy(items, (i) => monthSumParts(i.value).customerId);
  // A customer asked for by id gets its row, zeros included, when nothing was counted.
  if (customer && !grouped.has(customer)) grouped.set(customer, []);
  const customersById = new Map(deps.config.customers.map((c) => [c.id, c]));
  const customers: SlaRow[] = [...grouped].map(([id, items]) => {
    const found = customersById.get(id);
    const plan = found?.plan ?? null;
    // Most customers kept one plan all month: their one item's counters are the sum.
    const counters = items.length === 1 ? (items[0] as AggregateItem).counters : sumCounters(items);
    return {
      kind: 'customer',
      id,
      name: found?.name ?? id,
      plan,
      targets: targetFigures(counters),
      guaranteed: guaranteedTime(counters, planLimit(deps.config, plan), month),
    };
  });
  const plans: SlaRow[] = customer
    ? []
    : [...groupBy(items, (i) => monthSumParts(i.value).plan)].map(([id, items]) => ({
        kind: 'plan',
        id,
        name: id,
        plan: id,
        targets: targetFigures(sumCounters(items)),
      }));
  customers.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  plans.sort((a, b) => a.id.localeCompare(b.id));
  return { month, customers, plans };
}

/** Agent and team statistics for a month (R-REP-1, R-REP-2, R-BOX-9). */
export async function agentReport(deps: ReportReadDeps, month: string): Promise<AgentReport> {
  const days = daysOfMonth(month);
  const today = reportDay(deps.clock.now().toISOString());
  const end = lastDayOf(month);
  const asOf = today < end ? today : end;
  const [agentItems, ...series] = await Promise.all([
    deps.reports.dayItems('agent', days),
    ...BACKLOG_DIMENSIONS.map(async (dim) => {
      const [items, before] = await Promise.all([
        deps.reports.dayItems(dim, days),
        deps.reports.backlogBefore(dim, month),
      ]);
      const values = new Set([...byValue(items).keys(), ...before.keys()]);
      if (dim === 'all') values.add(ALL);
      return [...values].sort().map((value) =>
        daySeries(
          dim,
          value,
          items.filter((i) => i.value === value),
          before.get(value) ?? 0,
          month,
          asOf
        )
      );
    }),
  ]);
  return { month, asOf, agents: agentRows(agentItems), series: series.flat() };
}
