import pLimit from 'p-limit';
import { aggregate } from '../../domain/reports/aggregate';
import type { ReportFact } from '../../domain/reports/facts';
import { daysBetween, lastDayOf, reportDay } from '../../domain/reports/report-day';
import type { AggregatorDeps } from './aggregate-event';
import { caseFacts } from './case-facts';

const REBUILD_READS_AT_ONCE = 8;

export interface RebuildResult {
  from: string;
  to: string;
  cases: number;
  facts: number;
  items: number;
}

/**
 * Recomputes the aggregates of whole months from the records (`caseflow reports rebuild`): every
 * case opened from the first day of `from`'s month to the last of `to`'s, its facts as the
 * aggregator derives them, summed in memory and written over the months' items. Facts of these
 * cases that fall after the range are left to the months they belong to.
 */
export async function rebuildReports(deps: AggregatorDeps, from: string, to: string): Promise<RebuildResult> {
  const first = `${from.slice(0, 7)}-01`;
  const last = lastDayOf(to.slice(0, 7));
  const days = daysBetween(first, last);
  const months = [...new Set(days.map((d) => d.slice(0, 7)))];

  const facts: ReportFact[] = [];
  let cases = 0;
  let cursor: string | undefined;
  // Pages come newest first: a page opened wholly before the range ends the walk.
  do {
    const page = await deps.cases.pageCases(100, cursor);
    const wanted = page.items.filter((c) => {
      const day = reportDay(c.createdAt);
      return day >= first && day <= last;
    });
    cases += wanted.length;
    // A few cases at once: each is two reads, and a month holds thousands of cases.
    const limit = pLimit(REBUILD_READS_AT_ONCE);
    const found = await Promise.all(wanted.map((c) => limit(() => caseFacts(deps, c.id))));
    for (const f of found) facts.push(...f);
    const older = page.items.every((c) => reportDay(c.createdAt) < first);
    cursor = older ? undefined : (page.cursor ?? undefined);
  } while (cursor);

  const inRange = facts.filter((f) => f.day >= first && f.day <= last);
  const items = [...aggregate(inRange).values()];
  await deps.reports.replace(
    { days, months },
    items,
    inRange.map((f) => f.id)
  );
  deps.log.info('reports rebuilt', {
    from: first,
    to: last,
    cases,
    facts: inRange.length,
    items: items.length,
  });
  return { from: first, to: last, cases, facts: inRange.length, items: items.length };
}
