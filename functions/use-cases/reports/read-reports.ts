import type { Config } from '../../config/schema';
import type { ReportAggregateStore } from '../../data/report-aggregates/report-aggregate-store';
import { type AgentReport, agentRows, daySeries } from '../../domain/reports/agent-report';
import { type AggregateItem, ALL, BACKLOG_DIMENSIONS, sumCounters } from '../../domain/reports/aggregate';
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

/**
 * SLA compliance for a month (R-REP-3): the month sums of customers and plans, two queries. With
 * `customer`, that customer's row alone and no plan rows (they sum other customers' cases).
 */
export async function slaReport(deps: ReportReadDeps, month: string, customer?: string): Promise<SlaReport> {
  const [allCustomerItems, planItems] = await Promise.all([
    deps.reports.monthItems('customer', month),
    customer ? Promise.resolve([]) : deps.reports.monthItems('plan', month),
  ]);
  const customerItems = customer ? allCustomerItems.filter((i) => i.value === customer) : allCustomerItems;
  const grouped = byValue(customerItems);
  // A customer asked for by id gets its row, zeros included, when nothing was counted.
  if (customer && !grouped.has(customer)) grouped.set(customer, []);
  const customersById = new Map(deps.config.customers.map((c) => [c.id, c]));
  const customers: SlaRow[] = [...grouped].map(([id, items]) => {
    const found = customersById.get(id);
    const plan = found?.plan ?? null;
    const counters = sumCounters(items);
    return {
      kind: 'customer',
      id,
      name: found?.name ?? id,
      plan,
      targets: targetFigures(counters),
      guaranteed: guaranteedTime(counters, planLimit(deps.config, plan), month),
    };
  });
  const plans: SlaRow[] = [...byValue(planItems)].map(([id, items]) => ({
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
