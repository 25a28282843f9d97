import type { ParsedMail } from '../domain/parsed-mail';
import { maySeeTeam } from '../domain/staff';
import { findStaff, parseStaffCommand, stripQuotedHistory, unprovenSender } from '../domain/staff-mail';
import { addNote, NoteError } from './add-note';
import type { Services } from './deps';
import type { InboundMail } from './inbound-mail';
import { recordAction } from './record-action';
import type { AddressedCase } from './reply-address';
import { ReplyError, replyToCustomer } from './reply-to-customer';
import { proposeResolution, ResolutionError } from './resolution';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'intakeGuards'
  | 'slaClocks'
  | 'caseTransactions'
  | 'paging'
  | 'incidents'
  | 'mailer'
  | 'workflows'
  | 'events'
  | 'ids'
  | 'log'
  | 'attachments'
  | 'staff'
  | 'audit'
  | 'search'
  | 'publicBaseUrl'
>;

/**
 * Staff working a case by mail (docs/staff-mail.md). A mail to a case's signed address from
 * staff, proven by SES (DMARC not failed, SPF or DKIM passed, no spam or virus verdict):
 * - to the reply address: its new part (quoted history cut off) goes to the customer as a reply,
 *   from the support address, in their thread, with the staff member's signature; it counts as a
 *   response (R-SLA-2). A first line `#resolve` proposes a resolution instead (R-SEV1-5);
 * - to the note address: an internal note (R-BOX-2).
 * Anything else to the note address, and a staff address SES cannot prove, is refused: written
 * on the case's timeline, never sent on. Returns undefined for a customer's mail to the reply
 * address, which the intake threads as usual.
 *
 * Each SES message is claimed once before anything is sent, so a redelivery sends nothing twice
 * (at most once: a crash between the claim and the send leaves the timeline entry without a reply).
 */
export async function handleAddressedMail(
  deps: Deps,
  target: AddressedCase,
  mail: InboundMail,
  parsed: ParsedMail,
  from: string
): Promise<{ caseId: string; reference: string; created: false } | undefined> {
  const c = target.case;
  const result = { caseId: c.id, reference: c.reference, created: false as const };
  // A staff user (the table) by their address, else a person the config names; a disabled user is
  // no one's staff, and an agent acts only on cases of their teams (docs/access.md).
  const user = await deps.staff.findUserByEmail(from);
  const staff = user
    ? { email: user.email, name: user.displayName, signature: user.signature ?? null }
    : findStaff(deps.config, from);
  if (!staff && target.kind === 'reply') return undefined;
  const at = mail.receivedAt;
  const refuse = async (reason: string) => {
    if (!(await deps.intakeGuards.claimInbound(mail.sesMessageId, c.id, at))) return result;
    await deps.cases.appendTimeline(c.id, [
      {
        at,
        type: 'staff-mail.refused',
        summary: `mail to the case's ${target.kind} address not acted on: ${reason}`,
        actor: 'caseflow',
        data: { sesMessageId: mail.sesMessageId, rawKey: mail.rawKey, claimedSender: from },
      },
    ]);
    deps.log.warn('staff mail refused', { caseId: c.id, kind: target.kind });
    return result;
  };
  if (!staff) return refuse(`${from} is not staff`);
  if (user && !user.enabled) return refuse(`${from} is a disabled staff user`);
  if (user && !maySeeTeam({ kind: 'staff', user }, c.team))
    return refuse(`${from} does not work on team ${c.team}`);
  const unproven = unprovenSender(mail.verdicts);
  if (unproven) return refuse(`${unproven}: the sender is not proven to be staff`);
  if (!(await deps.intakeGuards.claimInbound(mail.sesMessageId, c.id, at))) return result;
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'staff-mail.received',
      summary: `${staff.email} wrote to the case's ${target.kind} address`,
      actor: staff.email,
      data: { sesMessageId: mail.sesMessageId, rawKey: mail.rawKey },
    },
  ]);
  const fresh = stripQuotedHistory(parsed.text);
  const author = { name: staff.name ?? staff.email, signature: staff.signature ?? undefined };
  const audited = (action: string) =>
    recordAction(deps, { actor: staff.email, action, target: c.id, caseId: c.id, source: 'mail' });
  try {
    if (target.kind === 'note') {
      await addNote(deps, { caseId: c.id, by: staff.email, text: fresh, via: 'mail' });
      await audited('case.note');
      return result;
    }
    const command = parseStaffCommand(fresh);
    if (command.resolve) {
      await proposeResolution(deps, { caseId: c.id, by: staff.email, author, text: command.text });
      await audited('case.propose-resolution');
    } else {
      await replyToCustomer(deps, { caseId: c.id, from: staff.email, author, text: command.text });
      await audited('case.reply');
    }
  } catch (error) {
    if (!(error instanceof ReplyError || error instanceof ResolutionError || error instanceof NoteError))
      throw error;
    await deps.cases.appendTimeline(c.id, [
      {
        at,
        type: 'staff-mail.refused',
        summary: `mail from ${staff.email} not sent on: ${error.message}`,
        actor: 'caseflow',
        data: { sesMessageId: mail.sesMessageId },
      },
    ]);
  }
  return result;
}
