import type { CaseRecord } from '../domain/case';
import type { ParsedMail } from '../domain/parsed-mail';
import { liveLock } from '../domain/presence';
import { maySeeTeam } from '../domain/staff';
import { findStaff, parseStaffCommand, stripQuotedHistory, unprovenSender } from '../domain/staff-mail';
import { addNote, NoteError } from './add-note';
import { AUTO_GENERATED_HEADERS, type Services } from './deps';
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
  | 'presence'
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
    const held = await replyHeldBack(deps, c, staff.email, user?.id ?? null, parsed);
    if (held) {
      await deps.cases.appendTimeline(c.id, [
        {
          at,
          type: 'staff-mail.refused',
          summary: `mail from ${staff.email} not sent on: ${held}`,
          actor: 'caseflow',
          data: { sesMessageId: mail.sesMessageId, rawKey: mail.rawKey },
        },
      ]);
      await tellHeldBack(deps, c, staff.email, held);
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

/**
 * The console's checks for a reply by mail (R-BOX-3): held back while a colleague holds the
 * case's reply lock, and when the case got a customer message, reply or note by someone else
 * after the newest case message the mail answers (its In-Reply-To and References say which the
 * staff member saw). A mail that names no message of the case cannot say what was seen: only the
 * lock is checked then.
 */
async function replyHeldBack(
  deps: Pick<Deps, 'presence' | 'cases' | 'clock'>,
  c: CaseRecord,
  staffEmail: string,
  userId: string | null,
  parsed: ParsedMail
): Promise<string | null> {
  const lock = liveLock(await deps.presence.replyLock(c.team, c.id), deps.clock.now());
  if (lock && lock.userId !== userId) return `${lock.name} is already replying in the console`;
  const quoted = new Set([...parsed.references, ...(parsed.inReplyTo ? [parsed.inReplyTo] : [])]);
  const messages = (await deps.cases.getCaseDetail(c.id))?.messages ?? [];
  const seen = messages.filter((m) => m.messageId && quoted.has(m.messageId)).map((m) => m.at);
  if (!seen.length) return null;
  const seenAt = seen.sort().at(-1) as string;
  const newer = messages.filter(
    (m) =>
      m.at > seenAt &&
      m.from.toLowerCase() !== staffEmail &&
      ['customer', 'reply', 'note', 'automated'].includes(m.kind)
  );
  if (!newer.length) return null;
  return `the case changed after the message you answered: ${newer
    .map((m) => `${m.kind === 'note' ? 'internal note' : m.kind} from ${m.from} at ${m.at}`)
    .join('; ')}; read it in the console, then send again`;
}

/** The staff member hears why their mail was not sent on: by mail, with a link to the case. */
async function tellHeldBack(
  deps: Pick<Deps, 'mailer' | 'config' | 'publicBaseUrl' | 'log'>,
  c: CaseRecord,
  staffEmail: string,
  why: string
): Promise<void> {
  const link = `${deps.publicBaseUrl.replace(/\/$/, '')}/cases/${encodeURIComponent(c.reference)}`;
  try {
    await deps.mailer.send({
      from: { address: `caseflow@${deps.config.domain}`, name: 'caseflow' },
      to: [staffEmail],
      subject: `Not sent: your reply on ${c.reference}`,
      text: [
        `Your reply by mail on ${c.reference} "${c.subject}" was not sent to the customer: ${why}.`,
        '',
        `Open the case: ${link}`,
      ].join('\n'),
      headers: { ...AUTO_GENERATED_HEADERS },
    });
  } catch (error) {
    deps.log.warn('held-back notice failed', { caseId: c.id, error: (error as Error).name });
  }
}
