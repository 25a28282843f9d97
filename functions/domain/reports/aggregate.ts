import type { ReportFact } from './facts';

/**
 * How facts add up (R-REP-1…3): each fact adds counters to the day item of every dimension it
 * belongs to (team, agent, customer, plan, severity and the whole service), and opened / resolved
 * cases add to the month's net change of the backlog. Counters only ever add, so the order of
 * facts does not matter; the aggregator counts each fact id once.
 *
 * Counter names are plain attribute names: `opened`, `resolved`, `reopened`, `paused`, `replies`,
 * `read`, `guaranteed` (minutes), `t_<target>_met` / `t_<target>_missed`, and the minutes
 * histogram `h_<target>_<minutes>` (how many targets took exactly that many whole minutes), which
 * keeps median and p90 exact over any run of days at a few dozen attributes per item.
 */
export const DIMENSIONS = ['all', 'team', 'severity', 'customer', 'plan', 'agent'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** The dimensions whose month net change is kept, for the backlog. */
export const BACKLOG_DIMENSIONS = ['all', 'team', 'severity'] as const satisfies readonly Dimension[];

export type Counters = Record<string, number>;

/**
 * The month sums, for the SLA report: one item per customer and plan a case counted under (value
 * `<customer>#<plan>`, either part empty when the case had none), in the customer dimension's
 * month partition. Customer rows and plan rows are both sums of them: one query reads the month.
 */
export const MONTH_SUM_DIMENSIONS = ['customer'] as const satisfies readonly Dimension[];

export const monthSumValue = (customerId: string | null, plan: string | null) =>
  `${customerId ?? ''}#${plan ?? ''}`;

/** The customer and the plan of a month sum's value (null: the cases had none). */
export function monthSumParts(value: string): { customerId: string | null; plan: string | null } {
  const cut = value.indexOf('#');
  return { customerId: value.slice(0, cut) || null, plan: value.slice(cut + 1) || null };
}

/**
 * `day`: a day item ("2026-11-03"); `month`: a month's backlog change ("2026-11"); `sum`: a
 * month's sum of the day items ("2026-11"), whose guaranteed minutes are also kept per day of the
 * month (`g_03`), so the day the limit was reached needs no day items.
 */
export type AggregateScope = 'day' | 'month' | 'sum';

export interface Contribution {
  scope: AggregateScope;
  dim: Dimension;
  value: string;
  period: string;
  counters: Counters;
}

/** The aggregate items, in memory: the rebuild's result and the tests' oracle. */
export interface AggregateItem {
  scope: AggregateScope;
  dim: Dimension;
  value: string;
  period: string;
  counters: Counters;
}

export const ALL = 'all';

function caseDims(f: ReportFact, withAgent: boolean): [Dimension, string][] {
  const dims: [Dimension, string][] = [
    ['all', ALL],
    ['team', f.team],
    ['severity', f.severity],
  ];
  if (f.customerId) dims.push(['customer', f.customerId]);
  if (f.plan) dims.push(['plan', f.plan]);
  if (withAgent && 'agent' in f && f.agent) dims.push(['agent', f.agent]);
  return dims;
}

function countersOf(f: ReportFact): Counters {
  switch (f.kind) {
    case 'opened':
    case 'resolved':
    case 'reopened':
    case 'paused':
      return { [f.kind]: 1 };
    case 'target':
      return { [`t_${f.target}_${f.met ? 'met' : 'missed'}`]: 1, [`h_${f.target}_${f.minutes}`]: 1 };
    case 'reply':
      return f.guaranteedMinutes ? { replies: 1, guaranteed: f.guaranteedMinutes } : { replies: 1 };
    case 'read':
      return { read: 1 };
  }
}

/** What one fact adds, item by item. */
export function contributions(f: ReportFact): Contribution[] {
  const counters = countersOf(f);
  const dims: [Dimension, string][] =
    f.kind === 'read'
      ? [
          ['all', ALL],
          ['team', f.team],
          ['agent', f.agent],
        ]
      : caseDims(f, f.kind !== 'opened' && f.kind !== 'paused' && f.kind !== 'reopened');
  const out: Contribution[] = dims.map(([dim, value]) => ({
    scope: 'day',
    dim,
    value,
    period: f.day,
    counters,
  }));
  const sums =
    f.kind === 'reply' && f.guaranteedMinutes
      ? { ...counters, [`g_${f.day.slice(8)}`]: f.guaranteedMinutes }
      : counters;
  if (f.kind !== 'read' && (f.customerId || f.plan))
    out.push({
      scope: 'sum',
      dim: 'customer',
      value: monthSumValue(f.customerId, f.plan),
      period: f.day.slice(0, 7),
      counters: sums,
    });
  const net = f.kind === 'opened' || f.kind === 'reopened' ? 1 : f.kind === 'resolved' ? -1 : 0;
  if (net)
    for (const [dim, value] of dims)
      if ((BACKLOG_DIMENSIONS as readonly string[]).includes(dim))
        out.push({ scope: 'month', dim, value, period: f.day.slice(0, 7), counters: { net } });
  return out;
}

export const itemId = (i: Pick<AggregateItem, 'scope' | 'dim' | 'value' | 'period'>) =>
  `${i.scope}|${i.dim}|${i.value}|${i.period}`;

/** Adds facts to items in memory (each id once), as the store does on the table. */
export function aggregate(facts: Iterable<ReportFact>, into = new Map<string, AggregateItem>()) {
  const seen = new Set<string>();
  for (const f of facts) {
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    for (const c of contributions(f)) {
      const id = itemId(c);
      const item = into.get(id) ?? {
        scope: c.scope,
        dim: c.dim,
        value: c.value,
        period: c.period,
        counters: {},
      };
      for (const [name, n] of Object.entries(c.counters))
        item.counters[name] = (item.counters[name] ?? 0) + n;
      into.set(id, item);
    }
  }
  return into;
}

/** Adds the counters of many items (a month's days) together. */
export function sumCounters(items: Iterable<Pick<AggregateItem, 'counters'>>): Counters {
  const sum: Counters = {};
  for (const { counters } of items)
    for (const k in counters) sum[k] = (sum[k] ?? 0) + (counters[k] as number);
  return sum;
}
