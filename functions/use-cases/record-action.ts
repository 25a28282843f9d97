import type { ActionSource, AuditRecord } from '../domain/staff';
import type { Services } from './deps';

export interface StaffAction {
  actor: string;
  action: string;
  target?: string;
  caseId?: string;
  source: ActionSource;
  outcome?: AuditRecord['outcome'];
  detail?: string;
}

/** Appends a staff action or sign-in to the audit log and tells the bus (`staff.acted`). */
export async function recordAction(
  deps: Pick<Services, 'audit' | 'events' | 'clock' | 'ids'>,
  action: StaffAction
): Promise<AuditRecord> {
  const record: AuditRecord = {
    id: deps.ids.newId(),
    at: deps.clock.now().toISOString(),
    outcome: 'ok',
    ...action,
  };
  await deps.audit.append(record);
  await deps.events.publish({
    type: 'staff.acted',
    auditId: record.id,
    actor: record.actor,
    action: record.action,
    target: record.target,
    caseId: record.caseId,
    source: record.source,
    outcome: record.outcome,
    at: record.at,
  });
  return record;
}
