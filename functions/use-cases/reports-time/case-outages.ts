import type { CaseOutages } from '../../data/outages/outage-store';
import type { ConfirmedInterval } from '../../domain/availability';
import type { CaseRecord } from '../../domain/case';
import type { Services } from '../deps';

type Deps = Pick<Services, 'outages' | 'cases' | 'clock'>;

/**
 * Most intervals one case confirms: each, for both services and the two months it may touch, is
 * four month items, written and the old ones deleted in one transaction (DynamoDB's limit: 100).
 */
export const MAX_CASE_INTERVALS = 10;

/** Why a case cannot carry confirmed unavailability, or null when it can. */
export function outagesRefusal(c: CaseRecord): string | null {
  if (c.severity !== 'SEV1')
    return `case ${c.reference} is not critical: unavailability is confirmed on Sev-1 cases`;
  if (!c.customerId) return `case ${c.reference} has no customer`;
  return null;
}

export type ConfirmOutcome = { saved: CaseOutages } | { conflict: true };

/**
 * Confirms (first time, at resolution) or corrects (later) the unavailable intervals of a critical
 * case: a new version replaces the current one, every version is kept, and the timeline says so.
 */
export async function confirmCaseOutages(
  deps: Deps,
  c: CaseRecord,
  intervals: ConfirmedInterval[],
  by: string
): Promise<ConfirmOutcome> {
  const previous = await deps.outages.getCaseOutages(c.id);
  const at = deps.clock.now().toISOString();
  const normalised = intervals.map((i) => ({
    start: new Date(i.start).toISOString(),
    end: new Date(i.end).toISOString(),
    services: [...new Set(i.services)].sort(),
  }));
  const next: CaseOutages = {
    caseId: c.id,
    reference: c.reference,
    customerId: c.customerId ?? '',
    intervals: normalised,
    revision: (previous?.revision ?? 0) + 1,
    updatedAt: at,
    updatedBy: by,
  };
  if (!(await deps.outages.saveCaseOutages(next, previous))) return { conflict: true };
  const text = normalised.map((i) => `${i.start}–${i.end} (${i.services.join(', ')})`).join('; ');
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'outages.confirmed',
      summary: `${previous ? 'unavailability corrected' : 'unavailability confirmed'} by ${by}: ${text || 'none'}`,
      actor: by,
      data: { revision: next.revision },
    },
  ]);
  return { saved: next };
}
