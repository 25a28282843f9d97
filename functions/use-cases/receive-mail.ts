import type { IntakeFirstLook } from '../data/intake-reads/intake-reads';
import { identifySender } from '../domain/directory';
import {
  describeError,
  type HeldFolder,
  type HeldMail,
  heldExpiry,
  heldFolderFor,
  type IntakeFailure,
} from '../domain/held-mail';
import type { ParsedMail } from '../domain/parsed-mail';
import type { Services } from './deps';
import { type InboundMail, type OpenCaseResult, UnusableSenderError } from './inbound-mail';
import { usageMonth } from './intake/sla-terms';
import { configWithMailSettings } from './mail-settings';
import { openCaseFromEmail } from './open-case-from-email';

type Deps = Parameters<typeof openCaseFromEmail>[0] & Pick<Services, 'held' | 'intakeReads'>;

/** What intake made of a mail: a case (new or existing), or a held mail in a folder. */
export type IntakeResult = OpenCaseResult | HeldResult;
export interface HeldResult {
  held: HeldFolder;
  heldId: string;
  created: boolean;
}

export const isHeld = (result: IntakeResult): result is HeldResult => 'held' in result;

/**
 * The intake entry (R-IN-1, R-BOX-10, never lose mail). The raw MIME is already stored under
 * `mail.rawKey`.
 *
 * 1. A spam or virus verdict holds the mail in its folder: no case, no acknowledgement, no page.
 * 2. Anything else goes to `openCaseFromEmail`.
 * 3. Any exception is recorded as an intake failure (visible, replayable) and thrown again, so
 *    Lambda retries and, after its retries, hands the event to the on-failure destination.
 * 4. A success after earlier failures (a retry, a replay) resolves the recorded failure.
 */
export async function receiveMail(deps: Deps, mail: InboundMail): Promise<IntakeResult> {
  let result: IntakeResult;
  let look: IntakeFirstLook | undefined;
  try {
    look = await firstLook(deps, mail);
    // The rules and support addresses in force for this mail: the admins' when saved (read with the first look).
    const withSettings = { ...deps, config: configWithMailSettings(deps.config, look.mailSettings) };
    const folder = heldFolderFor(mail.verdicts);
    result = folder
      ? await holdMail(withSettings, mail, folder)
      : await openCaseFromEmail(withSettings, mail, look);
  } catch (error) {
    // A From that parsers and composers would read differently: kept, never answered, no case.
    if (error instanceof UnusableSenderError)
      return holdMail(deps, mail, 'spam', `${error.message}: held, never answered`);
    const at = deps.clock.now().toISOString();
    deps.log.error('intake failed; recorded for replay', { sesMessageId: mail.sesMessageId });
    await deps.held
      .recordIntakeFailure({ mail: failedMail(mail), error: describeError(error), at })
      .catch((recordError: Error) =>
        // The on-failure destination still gets the event; the raw mail stays stored.
        deps.log.error('could not record the intake failure', {
          sesMessageId: mail.sesMessageId,
          error: recordError.name,
        })
      );
    throw error;
  }
  const outcome = isHeld(result)
    ? { folder: result.held }
    : { caseId: result.caseId, reference: result.reference };
  // Read with the first look: almost every mail has no earlier failure, and a read costs a fifth
  // of the conditional write that would find that out.
  const earlier = look.failure;
  if (
    earlier?.status === 'failed' &&
    (await deps.held.resolveIntakeFailure(mail.sesMessageId, deps.clock.now().toISOString(), outcome))
  )
    deps.log.info('earlier intake failure resolved', { sesMessageId: mail.sesMessageId });
  return result;
}

/**
 * Intake's reads before it starts, in one request: whether this mail made its case already, an
 * earlier failure, and the guaranteed-time usage of the customer the envelope sender belongs to
 * (the From, read later, is nearly always the same; when not, the terms read their own).
 */
function firstLook(
  deps: Pick<Services, 'config' | 'intakeReads'>,
  mail: InboundMail
): Promise<IntakeFirstLook> {
  const likely = identifySender(deps.config, mail.source);
  const limited = likely.customer && likely.plan && likely.plan.monthlyGuaranteedMinutes !== null;
  return deps.intakeReads.firstLook(
    mail.sesMessageId,
    limited && likely.customer
      ? { customerId: likely.customer.id, month: usageMonth(mail.receivedAt) }
      : undefined
  );
}

export class ReplayError extends Error {}

/**
 * Runs intake again for a recorded failure (`caseflow mail replay <id>`). Intake is idempotent on
 * the SES message id, so replaying a mail that meanwhile made its case (or was held) changes
 * nothing and returns what it made.
 */
export async function replayIntakeFailure(deps: Deps, id: string): Promise<IntakeResult> {
  const failure = await deps.held.getIntakeFailure(id);
  if (!failure) throw new ReplayError(`no intake failure ${id}`);
  deps.log.info('replaying intake', { sesMessageId: id, attempts: failure.attempts });
  return receiveMail(deps, failure.mail);
}

function failedMail(mail: InboundMail): IntakeFailure['mail'] {
  return {
    sesMessageId: mail.sesMessageId,
    rawKey: mail.rawKey,
    recipients: mail.recipients,
    source: mail.source,
    receivedAt: mail.receivedAt,
    verdicts: mail.verdicts,
  };
}

/**
 * Holds a spam or virus mail: metadata only (the text is never copied out), the raw object tagged
 * with its folder so S3 expires spam after 90 days. A mail too broken to parse is still held, by
 * its envelope.
 */
async function holdMail(
  deps: Deps,
  mail: InboundMail,
  folder: HeldFolder,
  why?: string
): Promise<HeldResult> {
  const raw = await deps.bucket.get(mail.rawKey);
  let parsed: ParsedMail | undefined;
  try {
    parsed = await deps.codec.parse(raw);
  } catch {
    parsed = undefined;
  }
  const held: HeldMail = {
    id: mail.sesMessageId,
    folder,
    receivedAt: mail.receivedAt,
    heldAt: deps.clock.now().toISOString(),
    from: (parsed?.from?.address || mail.source).toLowerCase(),
    envelopeFrom: mail.source.toLowerCase(),
    recipients: mail.recipients.map((r) => r.toLowerCase()),
    subject: parsed?.subject.trim() || '(no subject)',
    messageId: parsed?.messageId ?? null,
    verdicts: mail.verdicts,
    rawKey: mail.rawKey,
    sizeBytes: raw.byteLength,
    attachmentCount: parsed?.attachments.length ?? 0,
    reason:
      why ??
      (folder === 'quarantine'
        ? `SES virus verdict ${mail.verdicts.virus}: quarantined, never shown as a message`
        : `SES spam verdict ${mail.verdicts.spam}: no acknowledgement, no case, deleted after 90 days`),
    expiresAt: heldExpiry(folder, mail.receivedAt),
  };
  // Tagged before it is listed: a held mail in a folder always has its expiry tag on the raw object.
  // Tagging again on a redelivery is harmless, and a crash between the two is finished by it.
  await deps.bucket.tagFolder(mail.rawKey, folder);
  const outcome = await deps.held.hold(held);
  if (outcome === 'held') deps.log.info('mail held', { sesMessageId: mail.sesMessageId, folder });
  return { held: folder, heldId: mail.sesMessageId, created: outcome === 'held' };
}
