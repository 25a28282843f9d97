import type { DomainEvent } from '../../domain/events';
import { caseReportFacts, type ReportFact } from '../../domain/reports/facts';
import { wallClock } from '../../domain/sla-policy';
import type { AuditRecord } from '../../domain/staff';
import { computeSla } from '../case-clock';
import type { Services } from '../deps';

export type CaseFactsDeps = Pick<Services, 'config' | 'cases' | 'audit' | 'clock'>;

/** The audit action the case API records when a staff member opens a case. */
export const CASE_READ_ACTION = 'case.read';

async function staffReads(deps: CaseFactsDeps, caseId: string): Promise<AuditRecord[]> {
  const reads: AuditRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.audit.list({ caseId, limit: 200, cursor, now: deps.clock.now() });
    reads.push(...page.items.filter((r) => r.action === CASE_READ_ACTION && r.outcome === 'ok'));
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return reads;
}

/**
 * Every report fact of a case so far, from its records: the case, its messages and timeline, the
 * staff opens in the audit log, and its targets computed by the SLA clock's own `computeSla`.
 */
export async function caseFacts(deps: CaseFactsDeps, caseId: string): Promise<ReportFact[]> {
  // Both reads at once: an aggregator invocation waits on them before anything else.
  const [detail, reads] = await Promise.all([deps.cases.getCaseDetail(caseId), staffReads(deps, caseId)]);
  if (!detail) return [];
  const sla = computeSla(deps, detail.case);
  return caseReportFacts({
    case: detail.case,
    timeline: detail.timeline,
    inbound: detail.messages.filter((m) => m.direction === 'INBOUND').map((m) => ({ id: m.id, at: m.at })),
    reads: reads.map((r) => ({ actor: r.actor, at: r.at })),
    targets: sla?.targets ?? [],
    calendar: sla?.policy.calendar ?? null,
    wallClock: wallClock(),
  });
}

/** The case a domain event is about, when a report could count something from it. */
export function reportedCaseOf(event: DomainEvent): string | null {
  switch (event.type) {
    case 'case.opened':
    case 'sla.breached':
    case 'page.acknowledged':
    case 'callback.completed':
      return event.caseId;
    case 'staff.acted':
      return event.outcome === 'ok' && event.caseId ? event.caseId : null;
    default:
      return null;
  }
}
