import type { IntakeFirstLook } from '../data/intake-reads/intake-reads';
import type { Services } from './deps';
import type { InboundMail, OpenCaseResult } from './inbound-mail';
import { addToThread } from './intake/add-to-thread';
import { buildNewCase } from './intake/build-case';
import { announceNewCase, finishCase } from './intake/follow-ups';
import { leaseMail } from './intake/mail-lease';
import { routeMail } from './intake/route-mail';
import { saveNewCase } from './intake/save-case';

type Deps = Parameters<typeof routeMail>[0] &
  Parameters<typeof addToThread>[0] &
  Parameters<typeof buildNewCase>[0] &
  Parameters<typeof saveNewCase>[0] &
  Parameters<typeof finishCase>[0] &
  Pick<Services, 'intakeGuards'>;

/**
 * Opens a case from an inbound mail (R-IN-1, R-IN-2, R-IN-3, R-TRI-2/3, R-SEV1-2).
 *
 * Primary course:
 * 1. A mail this intake already handled (its SES message id made a case) only finishes that
 *    case's follow-ups.
 * 2. Route the mail (intake/route-mail.ts): a bounce, a staff reply to a page and staff mail to a
 *    case's signed address are dealt with there; the same message delivered again finishes its
 *    case's follow-ups; a reply in one of the customer's threads joins that case
 *    (intake/add-to-thread.ts).
 * 3. Hold the lease on the mail (intake/mail-lease.ts; routing takes it for mail with a
 *    Message-ID): of deliveries of the same mail racing each other, one draws a case number; the
 *    others wait and finish its case.
 * 4. Build the new case (intake/build-case.ts): triage with the screening applied, the pure
 *    `newCaseRecord()`, its first SLA view from `computeSla`, a storm incident for a Sev-1, the
 *    first message and the opening timeline.
 * 5. Save it in one transaction guarded by the SES message id, its acknowledgement recorded and
 *    counted with it (intake/save-case.ts); when another delivery of the same mail won (after a
 *    lease ran out), finish the winner's follow-ups instead.
 * 6. Follow-ups (intake/follow-ups.ts): announce the case (incident membership, events), then
 *    send the recorded acknowledgement in the customer's thread,
 *    start the Sev-1 callback workflow if it pages and the SLA clock, and tell the account about a
 *    doubtful sender. Each is idempotent, so a redelivery finishes what a crash left undone and
 *    never sends a second acknowledgement or starts a second page chain.
 */
export async function openCaseFromEmail(
  deps: Deps,
  mail: InboundMail,
  /** What receiveMail already read (intake-reads.ts); without it, the guard is read here. */
  look?: IntakeFirstLook
): Promise<OpenCaseResult> {
  // 1. Already handled.
  const handled = look ? look.caseId : await deps.intakeGuards.findCaseIdByInbound(mail.sesMessageId);
  if (handled) return finishCase(deps, handled);
  // 2. Route.
  const route = await routeMail(deps, mail);
  if (route.kind === 'handled') return route.result;
  if (route.kind === 'known') return finishCase(deps, route.caseId);
  if (route.kind === 'reply') return addToThread(deps, route.case, mail, route.mail);
  // 3. Lease (routing took it already for mail with a Message-ID).
  if (!route.mail.leased) {
    const lease = await leaseMail(deps, mail, route.mail.from, route.mail.parsed.messageId);
    if (lease.kind === 'handled') return finishCase(deps, lease.caseId);
  }
  // 4. Build.
  const draft = await buildNewCase(deps, mail, route.mail, look?.guaranteedMinutes);
  // 5. Save.
  const saved = await saveNewCase(deps, draft, mail);
  if (!saved.saved) return finishCase(deps, saved.winner);
  // 6. Follow-ups.
  await announceNewCase(deps, saved.draft);
  return finishCase(deps, saved.draft.case.id, saved.draft.case, saved.draft.acknowledgement?.message);
}
