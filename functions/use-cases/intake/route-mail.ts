import type { SupportAddress } from '../../config/schema';
import type { CaseRecord } from '../../domain/case';
import { REFERENCE_PATTERN } from '../../domain/case';
import { parseDeliveryReport } from '../../domain/delivery-status';
import { identifySender, type SenderIdentity } from '../../domain/directory';
import { type ForwardedMessage, forwardedSubject } from '../../domain/forwarded-mail';
import { isPlainMailbox, type ParsedMail } from '../../domain/parsed-mail';
import { matchSupportAddress } from '../../domain/reply-address';
import { staffForward, unprovenSender } from '../../domain/staff-mail';
import type { Services } from '../deps';
import { type InboundMail, IntakeError, type OpenCaseResult, UnusableSenderError } from '../inbound-mail';
import { liveCaseOf } from '../merged-case';
import { handlePageReply } from '../page-reply';
import { recordBounce } from '../record-bounce';
import { findAddressedCase } from '../reply-address';
import { type Screening, screenInboundMail } from '../screen-inbound-mail';
import { handleAddressedMail } from '../staff-mail';
import { leaseMail } from './mail-lease';

type Deps = Pick<
  Services,
  | 'config'
  | 'publicBaseUrl'
  | 'presence'
  | 'clock'
  | 'codec'
  | 'bucket'
  | 'cases'
  | 'caseTransactions'
  | 'intakeGuards'
  | 'paging'
  | 'incidents'
  | 'slaClocks'
  | 'signer'
  | 'mailer'
  | 'workflows'
  | 'events'
  | 'ids'
  | 'log'
  | 'attachments'
  | 'staff'
  | 'audit'
  | 'search'
>;

/** A customer's mail as intake reads it once routed: who wrote, on which channel, how it screened. */
export interface CustomerMail {
  parsed: ParsedMail;
  /** The customer's address (for a staff forward, the forwarded customer's). */
  from: string;
  channel: SupportAddress;
  sender: SenderIdentity;
  screening: Screening;
  forwardedBy?: CaseRecord['forwardedBy'];
  /** The case this mail names but may not join: its sender is not proven (it opens a case, linked). */
  unprovenThread?: CaseRecord['unprovenThread'];
  /** This delivery holds the lease on the key the new case is saved under (mail-lease.ts). */
  leased: boolean;
}

/** Where an inbound mail goes. */
export type Route =
  /** A bounce, a staff reply to a page, staff mail to a case's signed address: dealt with. */
  | { kind: 'handled'; result: OpenCaseResult }
  /** The same message delivered again: its case's follow-ups are finished, nothing new opens. */
  | { kind: 'known'; caseId: string }
  /** A reply in one of the customer's threads (R-IN-3). */
  | { kind: 'reply'; case: CaseRecord; mail: CustomerMail }
  | { kind: 'new'; mail: CustomerMail };

/**
 * Reads the raw mail and decides where it goes: a delivery report goes on the case of the mail
 * that bounced; a redelivery of a known message opens nothing; a staff reply to a page
 * acknowledges it; staff mail to a case's signed address is a staff reply or note; a staff forward
 * becomes the customer's mail; a reply joins its thread; anything else opens a case.
 */
export async function routeMail(deps: Deps, mail: InboundMail): Promise<Route> {
  let parsed = await deps.codec.parse(await deps.bucket.get(mail.rawKey));
  const channel = findChannel(deps.config.supportAddresses, mail.recipients);
  let from = (parsed.from?.address || mail.source).toLowerCase();
  const deliveryReport = parseDeliveryReport(parsed, mail.source);
  if (deliveryReport)
    return { kind: 'handled', result: await recordBounce(deps, mail, parsed, deliveryReport, from) };
  if (!isPlainMailbox(from))
    throw new UnusableSenderError(
      `the From address ${JSON.stringify(from.slice(0, 200))} is not a plain mailbox address`
    );
  // The lease on the mail's Message-ID is also the check for a second delivery of it (mail-lease.ts).
  const lease = parsed.messageId ? await leaseMail(deps, mail, from, parsed.messageId) : null;
  if (lease?.kind === 'handled') {
    deps.log.info('duplicate delivery of a known message', { caseId: lease.caseId });
    return { kind: 'known', caseId: lease.caseId };
  }
  const leasedFrom = lease ? from : null;
  const pageReply = await handlePageReply(deps, parsed, from, mail.verdicts);
  if (pageReply) return { kind: 'handled', result: { ...pageReply, created: false } };
  const addressed = await findAddressedCase(deps, mail.recipients);
  const staffMail = addressed && (await handleAddressedMail(deps, addressed, mail, parsed, from));
  if (staffMail) return { kind: 'handled', result: staffMail };
  // Staff forwarding a customer's mail: from here on it is the customer's mail (staff-mail.md).
  const forward = staffForward(deps.config, from, mail.verdicts, parsed.text);
  if (forward) {
    parsed = onBehalfOfCustomer(parsed, forward.forwarded);
    from = forward.forwarded.from.address;
  }
  const forwardedBy = forward
    ? { email: forward.by.email, at: mail.receivedAt, note: forward.forwarded.note }
    : undefined;
  const sender = identifySender(deps.config, from);
  // Automated mail, sender trust (lookalikes, DMARC) and message rules (screen-inbound-mail.ts).
  const screening = screenInboundMail(deps.config, mail, parsed, from, sender);
  const customerMail: CustomerMail = {
    parsed,
    from,
    channel,
    sender,
    screening,
    forwardedBy,
    // A staff forward is the customer's mail now: its case is keyed by the customer's address.
    leased: leasedFrom === from,
  };
  const thread = await findThread(deps, parsed, from, sender, addressed?.case);
  if (!thread) return { kind: 'new', mail: customerMail };
  // Only a proven sender (or proven staff forwarding) joins a case: a forged "Re: [CF-1001]" must
  // not speak in the customer's thread or restart its clock. It opens a case of its own, linked.
  const unproven = forward ? null : unprovenSender(mail.verdicts);
  if (unproven)
    return {
      kind: 'new',
      mail: {
        ...customerMail,
        unprovenThread: { caseId: thread.id, reference: thread.reference, reason: unproven },
      },
    };
  return { kind: 'reply', case: thread, mail: customerMail };
}

/** The support address a mail came in on; its plus-addressed forms (reply addresses) count. */
function findChannel(addresses: readonly SupportAddress[], recipients: readonly string[]): SupportAddress {
  const wanted = recipients.map((r) => r.toLowerCase());
  const channel =
    addresses.find((a) => wanted.includes(a.address)) ??
    wanted.map((r) => matchSupportAddress(addresses, r)?.channel).find((a) => a !== undefined);
  if (!channel)
    throw new IntakeError(`none of the recipients (${wanted.join(', ')}) is a configured support address`);
  return channel;
}

/**
 * The case this mail replies to, if it belongs to the same customer (never another customer's
 * case): the case whose signed reply address it was sent to, else by its thread headers, else by
 * the reference in its subject.
 */
async function findThread(
  deps: Pick<Services, 'cases'>,
  parsed: ParsedMail,
  from: string,
  sender: SenderIdentity,
  addressed?: CaseRecord
): Promise<CaseRecord | undefined> {
  const belongs = (c: CaseRecord | undefined): c is CaseRecord =>
    !!c && (c.requester.email === from || (!!sender.customer && c.customerId === sender.customer.id));
  // A case merged into another lives on there: its thread, reply address and reference lead to it.
  if (belongs(addressed)) return liveCaseOf(deps, addressed);
  // Nearest first; every thread header looked up in one batch read.
  const refs = [parsed.inReplyTo, ...[...parsed.references].reverse()].filter((r): r is string => !!r);
  const threaded = refs.length ? await deps.cases.findCaseIdsByMessageRefs(refs) : new Map<string, string>();
  for (const ref of refs) {
    const caseId = threaded.get(ref);
    const c = caseId ? await deps.cases.getCase(caseId) : undefined;
    if (belongs(c)) return liveCaseOf(deps, c);
  }
  const reference = REFERENCE_PATTERN.exec(parsed.subject)?.[0];
  const caseId = reference ? await deps.cases.findCaseIdByReference(reference) : undefined;
  const c = caseId ? await deps.cases.getCase(caseId) : undefined;
  return belongs(c) ? liveCaseOf(deps, c) : undefined;
}

/** The customer's mail inside a staff forward, as if the customer had sent it to support. */
function onBehalfOfCustomer(parsed: ParsedMail, forwarded: ForwardedMessage): ParsedMail {
  return {
    ...parsed,
    from: { address: forwarded.from.address, name: forwarded.from.name ?? '' },
    replyTo: [],
    subject: forwardedSubject(forwarded, parsed.subject),
    text: forwarded.text,
    // The HTML is the forwarder's whole mail, their words included: the text stands for it.
    html: null,
    // The forwarder's thread is not the customer's.
    inReplyTo: null,
    references: [],
  };
}
