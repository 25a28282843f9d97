import type { SupportAddress } from '../config/schema';
import { acknowledgementFor } from '../domain/acknowledgement';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../domain/case';
import { formatReference } from '../domain/case';
import { identifySender } from '../domain/directory';
import { newSev1State } from '../domain/sev1';
import { triage } from '../domain/triage';
import { AUTO_HEADERS, type Services } from './deps';

/** An inbound mail as SES hands it over: the raw MIME is already stored under `rawKey`. */
export interface InboundMail {
  sesMessageId: string;
  rawKey: string;
  /** Envelope recipients (RCPT TO). */
  recipients: string[];
  /** Envelope sender (MAIL FROM). */
  source: string;
  receivedAt: string;
  verdicts: { spam: string; virus: string; spf: string; dkim: string; dmarc: string };
}

export interface OpenCaseResult {
  caseId: string;
  reference: string;
  created: boolean;
}

type Deps = Pick<
  Services,
  'config' | 'clock' | 'store' | 'mailer' | 'codec' | 'bucket' | 'workflows' | 'events' | 'ids' | 'log'
>;

/** Claims older than this are taken over: the claimer died before sending. */
const ACK_CLAIM_STALE_MS = 2 * 60_000;

export class IntakeError extends Error {}

/**
 * Opens a case from an inbound mail (R-IN-1, R-IN-2, R-TRI-2/3, R-SEV1-2).
 *
 * Primary course:
 * 1. If this SES message (or this sender's Message-ID) already made a case, resume that case's
 *    unfinished steps and stop.
 * 2. Read the raw MIME from the bucket and parse it.
 * 3. Identify the sender (designated contact, other, unknown) and triage the mail.
 * 4. Store case + message + timeline in one transaction, guarded by the SES message id.
 * 5. Acknowledge in the customer's thread, start the Sev-1 callback workflow if it pages, emit case.opened.
 * Steps 5's parts are each idempotent, so a duplicate delivery finishes what a crash left undone
 * and never sends a second acknowledgement or starts a second page chain.
 */
export async function openCaseFromEmail(deps: Deps, mail: InboundMail): Promise<OpenCaseResult> {
  const { store, config } = deps;
  const existingId = await store.findCaseIdByInbound(mail.sesMessageId);
  if (existingId) return resume(deps, existingId, false);

  const parsed = await deps.codec.parse(await deps.bucket.get(mail.rawKey));
  const channel = findChannel(config.supportAddresses, mail.recipients);
  const fromAddress = (parsed.from?.address || mail.source).toLowerCase();
  // The same message delivered again (a client resending, a second SMTP delivery) opens nothing new.
  const sameMessage = parsed.messageId
    ? await store.findCaseIdByMessageId(fromAddress, parsed.messageId)
    : undefined;
  if (sameMessage) {
    deps.log.info('duplicate delivery of a known message', { caseId: sameMessage });
    return resume(deps, sameMessage, false);
  }
  const sender = identifySender(config, fromAddress);
  const decision = triage({
    channel,
    sender,
    verdicts: mail.verdicts,
    subject: parsed.subject,
    text: parsed.text,
    outageKeywords: config.outageKeywords,
  });

  const now = deps.clock.now().toISOString();
  const caseId = deps.ids.newId();
  const reference = formatReference(await store.nextCaseNumber());
  const subject = parsed.subject.trim() || '(no subject)';
  const c: CaseRecord = {
    id: caseId,
    reference,
    subject,
    status: 'OPEN',
    severity: decision.severity,
    team: decision.team,
    triage: decision,
    plan: sender.plan?.name ?? null,
    customerId: sender.customer?.id ?? null,
    customerName: sender.customer?.name ?? null,
    contactStatus: sender.status,
    requester: {
      email: fromAddress,
      name: sender.contact?.name ?? parsed.from?.name ?? null,
      phone: sender.contact?.phone ?? null,
    },
    channel: { address: channel.address, purpose: channel.purpose },
    receivedAt: mail.receivedAt,
    createdAt: now,
    originMessageId: parsed.messageId,
    originReferences: parsed.references,
    deadlines: {},
  };
  if (decision.pagesOnCall && sender.plan?.sev1Callback) {
    c.sev1 = newSev1State(mail.receivedAt, sender.plan.sev1Callback.callbackMinutes);
    c.deadlines.callbackDueAt = c.sev1.callbackDueAt;
  }
  const message: MessageRecord = {
    id: deps.ids.newId(),
    caseId,
    direction: 'INBOUND',
    messageId: parsed.messageId,
    from: fromAddress,
    to: parsed.to.map((t) => t.address),
    subject,
    text: parsed.text,
    at: mail.receivedAt,
    rawKey: mail.rawKey,
    kind: 'customer',
  };
  const timeline: TimelineEntry[] = [
    {
      at: mail.receivedAt,
      type: 'mail.received',
      summary: `mail received on ${channel.address}`,
      actor: fromAddress,
      data: {
        sesMessageId: mail.sesMessageId,
        spf: mail.verdicts.spf,
        dkim: mail.verdicts.dkim,
        dmarc: mail.verdicts.dmarc,
      },
    },
    {
      at: now,
      type: 'case.opened',
      summary: `case ${reference} opened for ${c.customerName ?? 'an unknown sender'} (${c.contactStatus})`,
      actor: 'caseflow',
    },
    {
      at: now,
      type: 'triage.decided',
      summary: `${decision.severity} for team ${decision.team}: ${decision.reasons.join('; ')}`,
      actor: 'caseflow',
      data: { severity: decision.severity, team: decision.team, pagesOnCall: decision.pagesOnCall },
    },
  ];
  if (c.sev1) {
    timeline.push({
      at: now,
      type: 'triage.decided',
      summary: `Sev-1 callback due by ${c.sev1.callbackDueAt}`,
      actor: 'caseflow',
      data: { callbackDueAt: c.sev1.callbackDueAt },
    });
  }

  const outcome = await store.createCase({
    case: c,
    message,
    timeline,
    inboundId: mail.sesMessageId,
    ackClaimedAt: now,
  });
  if (outcome === 'duplicate') {
    const winner =
      (await store.findCaseIdByInbound(mail.sesMessageId)) ??
      (parsed.messageId ? await store.findCaseIdByMessageId(fromAddress, parsed.messageId) : undefined);
    if (!winner) throw new IntakeError(`duplicate inbound ${mail.sesMessageId} but no case found`);
    return resume(deps, winner, false);
  }
  deps.log.info('case opened', { caseId, reference, severity: c.severity, team: c.team });
  await deps.events.publish({
    type: 'case.opened',
    caseId,
    reference,
    severity: c.severity,
    team: c.team,
    plan: c.plan,
    customerId: c.customerId,
    contactStatus: c.contactStatus,
    at: now,
  });
  return resume(deps, caseId, true, c);
}

function findChannel(addresses: readonly SupportAddress[], recipients: readonly string[]): SupportAddress {
  const wanted = recipients.map((r) => r.toLowerCase());
  const channel = addresses.find((a) => wanted.includes(a.address));
  if (!channel)
    throw new IntakeError(`none of the recipients (${wanted.join(', ')}) is a configured support address`);
  return channel;
}

/**
 * Finishes what a new case needs: acknowledgement and, for a paging Sev-1, its workflow. The
 * creator passes the case it just wrote (and holds the acknowledgement claim); a redelivery
 * re-reads the case and must win the claim first.
 */
async function resume(
  deps: Deps,
  caseId: string,
  created: boolean,
  createdCase?: CaseRecord
): Promise<OpenCaseResult> {
  const c = createdCase ?? (await deps.store.getCase(caseId));
  if (!c) throw new IntakeError(`case ${caseId} vanished`);
  if (!c.acknowledgement && (createdCase || (await claimAcknowledgement(deps, c))))
    await acknowledge(deps, c);
  if (c.sev1 && c.status === 'OPEN') await deps.workflows.startSev1Callback(c.id, c.sev1.attempt);
  return { caseId: c.id, reference: c.reference, created };
}

function claimAcknowledgement(deps: Deps, c: CaseRecord): Promise<boolean> {
  const now = deps.clock.now();
  return deps.store.claimAcknowledgement(
    c.id,
    now.toISOString(),
    new Date(now.getTime() - ACK_CLAIM_STALE_MS).toISOString()
  );
}

async function acknowledge(deps: Deps, c: CaseRecord): Promise<void> {
  const channel = deps.config.supportAddresses.find((a) => a.address === c.channel.address);
  const plan = c.plan ? deps.config.plans[c.plan] : undefined;
  const ack = acknowledgementFor(c, plan && c.plan ? { ...plan, name: c.plan } : null);
  const references = [...c.originReferences, ...(c.originMessageId ? [c.originMessageId] : [])];
  const { messageId } = await deps.mailer.send({
    from: { address: c.channel.address, name: channel?.displayName },
    to: [c.requester.email],
    subject: ack.subject,
    text: ack.text,
    inReplyTo: c.originMessageId ?? undefined,
    references,
    headers: { ...AUTO_HEADERS },
  });
  const sentAt = deps.clock.now().toISOString();
  await deps.store.recordAcknowledgement(
    c.id,
    { sentAt, messageId },
    {
      id: deps.ids.newId(),
      caseId: c.id,
      direction: 'OUTBOUND',
      messageId,
      from: c.channel.address,
      to: [c.requester.email],
      subject: ack.subject,
      text: ack.text,
      at: sentAt,
      kind: 'acknowledgement',
    },
    {
      at: sentAt,
      type: 'ack.sent',
      summary: `acknowledgement sent to ${c.requester.email}`,
      actor: 'caseflow',
      data: { messageId },
    }
  );
}
