import type { ReportAggregateStore } from '../../data/report-aggregates/report-aggregate-store';
import type { DomainEvent } from '../../domain/events';
import type { Services } from '../deps';
import { type CaseFactsDeps, caseFacts, reportedCaseOf } from './case-facts';

export type AggregatorDeps = CaseFactsDeps & Pick<Services, 'log'> & { reports: ReportAggregateStore };

/**
 * The aggregator (docs/reports.md): on an event about a case, the case's facts so far are read
 * from its records and each one not yet counted is added to its day items. An event delivered
 * twice, or two events of one case, find the same facts already counted: each counts once.
 */
export async function aggregateEvent(
  deps: AggregatorDeps,
  event: DomainEvent
): Promise<{ caseId: string | null; counted: number }> {
  const caseId = reportedCaseOf(event);
  if (!caseId) return { caseId: null, counted: 0 };
  const facts = await deps.reports.uncounted(await caseFacts(deps, caseId));
  // The batch read may miss a marker written a moment ago: the count's own condition still holds.
  const counted = facts.length ? await deps.reports.countAll(facts) : 0;
  return { caseId, counted };
}
