import { recogniseBounceCodes } from '../../deliverability/domain/providers';
import { type CaseRecord, isActive, type MessageRecord } from '../../domain/case';
import { acknowledgementAllowed, notifySenderTrust } from '../acknowledgement-gate';
import { refreshCaseClock } from '../case-clock';
import type { Services } from '../deps';
import { IntakeError, type OpenCaseResult } from '../inbound-mail';
import { acknowledge, sendPendingAcknowledgement } from './acknowledge';
import type { NewCaseDraft } from './build-case';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'caseTransactions'
  | 'intakeGuards'
  | 'paging'
  | 'incidents'
  | 'slaClocks'
  | 'mailer'
  | 'workflows'
  | 'events'
  | 'ids'
  | 'log'
>;

/**
 * Tells the world about a saved case: the case an unproven mail named, its incident membership,
 * incident.opened, case.opened.
 */
export async function announceNewCase(
  deps: Pick<Services, 'incidents' | 'events' | 'cases'>,
  { case: c, incidentOpened, message }: NewCaseDraft
): Promise<void> {
  // The case an unproven mail named learns of it: staff there see the attempt and where it went.
  if (c.unprovenThread)
    await deps.cases.appendTimeline(c.unprovenThread.caseId, [
      {
        at: c.createdAt,
        type: 'mail.unproven-names-case',
        summary: `a mail from ${c.requester.email} named this case but its sender is not proven: opened as ${c.reference}`,
        actor: 'caseflow',
        data: { caseId: c.id, reference: c.reference },
      },
    ]);
  if (c.incident) {
    await deps.incidents.addIncidentMember(c.incident.leaderCaseId, c.id);
    if (incidentOpened)
      await deps.events.publish({
        type: 'incident.opened',
        incidentId: c.incident.id,
        leaderCaseId: c.incident.leaderCaseId,
        symptom: c.incident.symptom,
        at: c.createdAt,
      });
  }
  await deps.events.publish({
    type: 'case.opened',
    caseId: c.id,
    reference: c.reference,
    severity: c.severity,
    team: c.team,
    plan: c.plan,
    customerId: c.customerId,
    contactStatus: c.contactStatus,
    // Said here, so the desk's scan runs (and reads the case) only for the few that do.
    quotesBounceCodes: recogniseBounceCodes(`${c.subject}\n${message.text}`).length > 0,
    at: c.createdAt,
  });
}

/**
 * Finishes what a new case needs: acknowledgement and, for a paging Sev-1, its workflow; the SLA
 * clock; the account told about a doubtful sender. The creator passes the case it just wrote; a
 * redelivery re-reads it. Each part is idempotent, so a redelivery finishes what a crash left
 * undone — including an acknowledgement recorded but not yet sent.
 */
export async function finishCase(
  deps: Deps,
  caseId: string,
  createdCase?: CaseRecord,
  /** The acknowledgement the creator recorded with the case (sent from here, not read back). */
  recordedAcknowledgement?: MessageRecord
): Promise<OpenCaseResult> {
  const c = createdCase ?? (await deps.cases.getCase(caseId));
  if (!c) throw new IntakeError(`case ${caseId} vanished`);
  // The clock's first wake-up, when the case's stored view already says it (a new case, or one
  // whose acknowledgement wrote it); otherwise the clock evaluates at once.
  let firstWake = createdCase?.sla?.clockWakeAt ?? undefined;
  let rateLimited = false;
  if (!c.acknowledgement && !c.acknowledgementWithheld) {
    // Concurrent deliveries of one mail may both get here: the record admits one acknowledgement.
    if (await acknowledgementAllowed(deps, c)) firstWake = await acknowledge(deps, c);
    else {
      rateLimited = true;
      firstWake = undefined;
    }
  } else if (c.acknowledgement?.pending) await sendPendingAcknowledgement(deps, c, recordedAcknowledgement);
  if (c.sev1 && isActive(c.status)) await deps.workflows.startSev1Callback(c.id, c.sev1.attempt);
  if (c.sla && isActive(c.status))
    await deps.workflows.startCaseClock(c.id, c.sla.clockGeneration, firstWake);
  if (c.senderTrust?.notify && !c.senderTrust.notifiedAt) await notifySenderTrust(deps, c);
  // The withheld acknowledgement's target is gone: the stored deadlines and queue place follow.
  if (rateLimited) await refreshCaseClock(deps, c.id);
  return { caseId: c.id, reference: c.reference, created: createdCase !== undefined };
}
