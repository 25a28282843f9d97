import type { WorkEntry, WorkInput } from '../../domain/billing';
import type { CaseRecord } from '../../domain/case';
import type { Services } from '../deps';

type Deps = Pick<Services, 'workLog' | 'cases' | 'clock' | 'ids' | 'events'>;

/** Records work done on a case (R-SLA-6) under its customer and month, and on its timeline. */
export async function logWork(
  deps: Deps,
  c: CaseRecord & { customerId: string },
  input: WorkInput,
  by: string
): Promise<WorkEntry> {
  const now = deps.clock.now().toISOString();
  const entry: WorkEntry = {
    id: deps.ids.newId(),
    caseId: c.id,
    reference: c.reference,
    customerId: c.customerId,
    kind: input.kind,
    minutes: input.minutes,
    performedAt: new Date(input.performedAt ?? now).toISOString(),
    ...(input.note ? { note: input.note } : {}),
    loggedBy: by,
    loggedAt: now,
  };
  await deps.workLog.logWork(entry);
  await deps.cases.appendTimeline(c.id, [
    {
      at: now,
      type: 'work.logged',
      summary: `${entry.minutes} min ${entry.kind} work logged by ${by}`,
      actor: by,
      data: { kind: entry.kind, minutes: entry.minutes, performedAt: entry.performedAt },
    },
  ]);
  await deps.events.publish({
    type: 'work.logged',
    caseId: entry.caseId,
    customerId: entry.customerId,
    entryId: entry.id,
    kind: entry.kind,
    minutes: entry.minutes,
    performedAt: entry.performedAt,
    by,
    at: now,
  });
  return entry;
}
