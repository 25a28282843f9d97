import type { SupportAddress } from '../config/schema';
import { acknowledgementFor } from '../domain/acknowledgement';
import { type AutomatedVerdict, automatedMailReason } from '../domain/automated-mail';
import type { CaseRecord, TimelineEntry } from '../domain/case';
import { formatReference, isActive, REFERENCE_PATTERN } from '../domain/case';
import { parseDeliveryReport } from '../domain/delivery-status';
import { identifySender, type SenderIdentity } from '../domain/directory';
import { type ForwardedMessage, forwardedSubject } from '../domain/forwarded-mail';
import { matchSupportAddress } from '../domain/reply-address';
import { assessReport } from '../domain/report-completeness';
import { newSev1State } from '../domain/sev1';
import { decideClock, formatMinutes, type SlaFact, type SlaTerms } from '../domain/sla';
import { monthOf } from '../domain/sla-policy';
import { staffForward } from '../domain/staff-mail';
import { symptomOf } from '../domain/storm';
import { triage } from '../domain/triage';
import { planConsequences } from '../domain/triage-rule';
import type { ParsedMail } from '../ports';
import { acknowledgementAllowed, notifySenderTrust } from './acknowledgement-gate';
import { computeSla, quietClockView, refreshCaseClock, targetTransitions } from './case-clock';
import { AUTO_HEADERS, type Services } from './deps';
import { inboundMessage } from './inbound-message';
import { earlierCaseLinks } from './link-earlier-cases';
import { mailToCustomer } from './mail-to-customer';
import { handlePageReply } from './page-reply';
import { recordBounce } from './record-bounce';
import { findAddressedCase, signedAddresses } from './reply-address';
import { answerResolutionProposal } from './resolution';
import { retriageReply } from './retriage-reply';
import {
  applyScreening,
  screenInboundMail,
  screeningOnCase,
  termsAfterScreening,
} from './screen-inbound-mail';
import { handleAddressedMail } from './staff-mail';
import { storeAttachments } from './store-attachments';

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
  | 'config'
  | 'clock'
  | 'store'
  | 'mailer'
  | 'codec'
  | 'bucket'
  | 'workflows'
  | 'events'
  | 'ids'
  | 'log'
  | 'signer'
  | 'attachments'
>;

/** Claims older than this are taken over: the claimer died before sending. */
const ACK_CLAIM_STALE_MS = 2 * 60_000;

/**
 * A case younger than the acknowledgement claim's staleness may still be in its intake, which
 * starts its timers last: the watchdog leaves it alone rather than "re-arm" timers not yet armed
 * (and alarm management about it). Should the intake have died, its redelivery or the next
 * watchdog run arms them.
 */
export const isInIntake = (c: Pick<CaseRecord, 'createdAt'>, now: Date): boolean =>
  now.getTime() - Date.parse(c.createdAt) < ACK_CLAIM_STALE_MS;

export class IntakeError extends Error {}

/**
 * Opens a case from an inbound mail (R-IN-1, R-IN-2, R-TRI-2/3, R-SEV1-2).
 *
 * Primary course:
 * 1. If this SES message (or this sender's Message-ID) already made a case, resume that case's
 *    unfinished steps and stop.
 * 2. Read the raw MIME from the bucket and parse it. A delivery report (bounce) goes on the case
 *    of the mail that bounced and stops there (record-bounce.ts).
 * 3. Identify the sender (designated contact, other, unknown), screen the mail (automated mail,
 *    sender trust, message rules: screen-inbound-mail.ts) and triage it.
 * 4. Store case + message + timeline in one transaction, guarded by the SES message id.
 * 5. Acknowledge in the customer's thread (unless automated or over the sender's rate limit), tell the
 *    account about a doubtful sender, start the Sev-1 callback workflow if it pages, emit case.opened.
 * Steps 5's parts are each idempotent, so a duplicate delivery finishes what a crash left undone
 * and never sends a second acknowledgement or starts a second page chain.
 */
export async function openCaseFromEmail(deps: Deps, mail: InboundMail): Promise<OpenCaseResult> {
  const { store, config } = deps;
  const existingId = await store.findCaseIdByInbound(mail.sesMessageId);
  if (existingId) return resume(deps, existingId, false);

  let parsed = await deps.codec.parse(await deps.bucket.get(mail.rawKey));
  const channel = findChannel(config.supportAddresses, mail.recipients);
  let fromAddress = (parsed.from?.address || mail.source).toLowerCase();
  // A delivery report (bounce) goes on the case of the mail that bounced; it never opens a case.
  const deliveryReport = parseDeliveryReport(parsed, mail.source);
  if (deliveryReport) return recordBounce(deps, mail, parsed, deliveryReport, fromAddress);
  // The same message delivered again (a client resending, a second SMTP delivery) opens nothing new.
  const sameMessage = parsed.messageId
    ? await store.findCaseIdByMessageId(fromAddress, parsed.messageId)
    : undefined;
  if (sameMessage) {
    deps.log.info('duplicate delivery of a known message', { caseId: sameMessage });
    return resume(deps, sameMessage, false);
  }
  // A staff reply to a page mail ("ack 20") acknowledges that page; it never opens a case.
  const pageReply = await handlePageReply(deps, parsed, fromAddress, mail.verdicts);
  if (pageReply) return { ...pageReply, created: false };
  // Mail to a case's signed reply or note address: staff replies and notes stop here.
  const addressed = await findAddressedCase(deps, mail.recipients);
  const staffMail = addressed && (await handleAddressedMail(deps, addressed, mail, parsed, fromAddress));
  if (staffMail) return staffMail;
  // Staff forwarding a customer's mail: from here on it is the customer's mail (staff-mail.md).
  const forward = staffForward(config, fromAddress, mail.verdicts, parsed.text);
  if (forward) {
    parsed = onBehalfOfCustomer(parsed, forward.forwarded);
    fromAddress = forward.forwarded.from.address;
  }
  const forwardedBy = forward
    ? { email: forward.by.email, at: mail.receivedAt, note: forward.forwarded.note }
    : undefined;
  const sender = identifySender(config, fromAddress);
  // Automated mail, sender trust (lookalikes, DMARC) and message rules (screen-inbound-mail.ts).
  const screening = screenInboundMail(config, mail, parsed, fromAddress, sender);
  // A reply to one of the customer's cases joins that case (R-IN-3).
  const thread = await findThread(deps, parsed, fromAddress, sender, addressed?.case);
  if (thread) {
    const added = await addToCase(deps, thread, mail, parsed, fromAddress, screening.automated, forwardedBy);
    await answerResolutionProposal(deps, thread.id, {
      from: fromAddress,
      text: parsed.text,
      at: mail.receivedAt,
      automatic: screening.automated !== null,
      verdicts: mail.verdicts,
    });
    return added;
  }
  // Machine-written mail never reads as critical: the screening's verdict (headers, envelope, our
  // own addresses), else an auto-reply subject.
  const automated =
    screening.automated?.reason ?? automatedMailReason(parsed.headers, fromAddress, parsed.subject);
  const decision = applyScreening(
    triage({
      automated,
      channel,
      sender: { ...sender, status: screening.trust.status },
      verdicts: mail.verdicts,
      subject: parsed.subject,
      text: parsed.text,
      outageKeywords: config.outageKeywords,
    }),
    screening
  );
  const report = assessReport({
    subject: parsed.subject,
    text: parsed.text,
    fromName: parsed.from?.name ?? null,
    attachmentCount: parsed.attachments.filter((a) => a.disposition !== 'inline').length,
    category: decision.category ?? 'general',
    automated,
  });

  const now = deps.clock.now().toISOString();
  const screened = screeningOnCase(config, screening, decision.team, now);
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
    contactStatus: screening.trust.status,
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
    language: decision.language,
    category: decision.category,
    report: { present: report.present, missing: report.missing },
    ...screened.fields,
    ...(forwardedBy ? { forwardedBy } : {}),
    ...(await signedAddresses(deps, channel.address, reference)),
  };
  const terms = termsAfterScreening(
    await slaTerms(
      deps,
      sender,
      planConsequences(sender.plan, decision.severity).termsClass === 'critical',
      decision.senderAuthenticated,
      mail.receivedAt
    ),
    screening
  );
  c.sla = {
    terms,
    facts: [
      { at: mail.receivedAt, kind: 'received' },
      ...(c.acknowledgementWithheld ? [{ at: now, kind: 'acknowledgement-withheld' as const }] : []),
    ],
    ledger: {},
    notices: [],
    targets: [],
    planFingerprint: '',
    clockGeneration: 1,
    clockWakeAt: null,
  };
  const sla = computeSla(deps, c);
  const clockDecision = sla ? decideClock(sla.targets, {}, new Date(now)) : null;
  if (sla && clockDecision) {
    Object.assign(c.sla, {
      targets: sla.targets,
      planFingerprint: sla.fingerprint,
      clockWakeAt: clockDecision.wakeAt,
    });
    c.deadlines.nextDueAt = clockDecision.nextDueAt;
  }
  if (decision.pagesOnCall && sender.plan?.sev1Callback) {
    c.sev1 = newSev1State(mail.receivedAt, sender.plan.sev1Callback.callbackMinutes);
    c.deadlines.callbackDueAt = c.sev1.callbackDueAt;
  }
  // Storm correlation: a Sev-1 with the same symptom as a recent one joins its incident (one page chain).
  let storm: { opened: boolean } | undefined;
  if (c.sev1 && config.oncall.storm) {
    const symptom = symptomOf(subject, parsed.text, config.outageKeywords);
    const joined = await store.joinStorm(
      symptom,
      caseId,
      mail.receivedAt,
      config.oncall.storm.windowMinutes * 60_000
    );
    c.incident = { id: joined.leaderCaseId, leaderCaseId: joined.leaderCaseId, symptom };
    storm = { opened: joined.opened };
  }
  const message = inboundMessage(deps, caseId, mail, parsed, fromAddress, {
    kind: screening.automated ? 'automated' : 'customer',
    attachments: await storeAttachments(deps, caseId, parsed.attachments),
  });
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
  if (forwardedBy) timeline.push(forwardEntry(forwardedBy, fromAddress));
  // An RCA request or follow-up names the earlier case: linked when it is this customer's.
  timeline.push(
    ...(await earlierCaseLinks(
      deps,
      parsed,
      (earlier) =>
        earlier.requester.email === fromAddress || (!!c.customerId && earlier.customerId === c.customerId),
      now
    ))
  );
  if (report.bugReport) {
    timeline.push({
      at: now,
      type: 'triage.decided',
      summary: `bug report (R-IN-5): ${report.reasons.join('; ')}`,
      actor: 'caseflow',
      data: { missing: report.missing.join(',') || null },
    });
  }
  timeline.push(...screened.timeline);
  if (c.sev1) {
    timeline.push({
      at: now,
      type: 'triage.decided',
      summary: `Sev-1 callback due by ${c.sev1.callbackDueAt}`,
      actor: 'caseflow',
      data: { callbackDueAt: c.sev1.callbackDueAt },
    });
  }
  if (c.incident) {
    timeline.push({
      at: now,
      type: storm?.opened ? 'incident.opened' : 'incident.joined',
      summary: storm?.opened
        ? `incident opened for symptom "${c.incident.symptom}": later reports of it join this case's page chain`
        : `joined incident ${c.incident.id} (symptom "${c.incident.symptom}"): paged through its chain; this customer's own callback deadline still runs`,
      actor: 'caseflow',
      data: { incidentId: c.incident.id, symptom: c.incident.symptom },
    });
  }
  if (!terms.guaranteed) {
    timeline.push({
      at: now,
      type: 'sla.no-guarantee',
      summary: `no guaranteed response time: ${terms.reason}`,
      actor: 'caseflow',
    });
  }
  timeline.push(
    ...targetTransitions(
      [],
      (sla?.targets ?? []).filter((t) => t.kind !== 'acknowledgement'),
      now
    )
  );

  const outcome = await store.createCase({
    case: c,
    message,
    timeline,
    inboundId: mail.sesMessageId,
    ackClaimedAt: now,
    queue: {
      team: c.team,
      sortKey: c.deadlines.nextDueAt ? `${c.deadlines.nextDueAt}#${c.id}` : `~${c.createdAt}#${c.id}`,
    },
  });
  if (outcome === 'duplicate') {
    const winner =
      (await store.findCaseIdByInbound(mail.sesMessageId)) ??
      (parsed.messageId ? await store.findCaseIdByMessageId(fromAddress, parsed.messageId) : undefined);
    if (!winner) throw new IntakeError(`duplicate inbound ${mail.sesMessageId} but no case found`);
    return resume(deps, winner, false);
  }
  deps.log.info('case opened', { caseId, reference, severity: c.severity, team: c.team });
  if (c.incident) {
    await store.addIncidentMember(c.incident.leaderCaseId, caseId);
    if (storm?.opened)
      await deps.events.publish({
        type: 'incident.opened',
        incidentId: c.incident.id,
        leaderCaseId: c.incident.leaderCaseId,
        symptom: c.incident.symptom,
        at: now,
      });
  }
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
  // The clock's first wake-up, when the case's stored view already says it (a new case, or one
  // whose acknowledgement wrote it); otherwise the clock evaluates at once.
  let firstWake = createdCase?.sla?.clockWakeAt ?? undefined;
  let rateLimited = false;
  if (
    !c.acknowledgement &&
    !c.acknowledgementWithheld &&
    (createdCase || (await claimAcknowledgement(deps, c)))
  ) {
    if (await acknowledgementAllowed(deps, c)) firstWake = await acknowledge(deps, c);
    else {
      rateLimited = true;
      firstWake = undefined;
    }
  }
  if (c.sev1 && isActive(c.status)) await deps.workflows.startSev1Callback(c.id, c.sev1.attempt);
  if (c.sla && isActive(c.status))
    await deps.workflows.startCaseClock(c.id, c.sla.clockGeneration, firstWake);
  if (c.senderTrust?.notify && !c.senderTrust.notifiedAt) await notifySenderTrust(deps, c);
  // The withheld acknowledgement's target is gone: the stored deadlines and queue place follow.
  if (rateLimited) await refreshCaseClock(deps, c.id);
  return { caseId: c.id, reference: c.reference, created };
}

/**
 * Who may use the plan's guarantees (R-IN-4, R-SLA-4, R-SLA-5): a designated, authenticated
 * contact, within the monthly guaranteed-time limit for matters other than defects. Mail intake is
 * the only channel the guarantee covers, and the only channel there is today.
 */
async function slaTerms(
  deps: Deps,
  sender: SenderIdentity,
  critical: boolean,
  authenticated: boolean,
  receivedAt: string
): Promise<SlaTerms> {
  const plan = sender.plan?.name ?? 'none';
  const cls = critical ? 'critical' : 'nonCritical';
  const no = (reason: string): SlaTerms => ({ plan, class: cls, guaranteed: false, reason });
  if (!sender.plan || !sender.customer) return no('the sender is not a customer with a support plan');
  if (sender.status !== 'DESIGNATED')
    return no(
      `${sender.status === 'UNVERIFIED' ? 'the sender is not a designated contact' : 'unknown sender'} of ${sender.customer.name}`
    );
  if (!authenticated)
    return no('the mail could not be proven to come from the designated contact (SES verdicts)');
  const limit = sender.plan.monthlyGuaranteedMinutes;
  if (!critical && limit !== null) {
    const month = monthOf(new Date(receivedAt));
    const used = await deps.store.getGuaranteedMinutes(sender.customer.id, month);
    if (used >= limit) {
      return no(
        `the monthly guaranteed-time limit of ${formatMinutes(limit, 'wall')} is used up for ${month} (${formatMinutes(used, 'wall')} recorded)`
      );
    }
  }
  return { plan, class: cls, guaranteed: true };
}

/**
 * The case this mail replies to, if it belongs to the same customer (never another customer's
 * case): the case whose signed reply address it was sent to, else by its thread headers, else by
 * the reference in its subject.
 */
async function findThread(
  deps: Deps,
  parsed: ParsedMail,
  from: string,
  sender: SenderIdentity,
  addressed?: CaseRecord
): Promise<CaseRecord | undefined> {
  const belongs = (c: CaseRecord | undefined): c is CaseRecord =>
    !!c && (c.requester.email === from || (!!sender.customer && c.customerId === sender.customer.id));
  if (belongs(addressed)) return addressed;
  for (const ref of [parsed.inReplyTo, ...[...parsed.references].reverse()]) {
    if (!ref) continue;
    const caseId = await deps.store.findCaseIdByMessageRef(ref);
    const c = caseId ? await deps.store.getCase(caseId) : undefined;
    if (belongs(c)) return c;
  }
  const reference = REFERENCE_PATTERN.exec(parsed.subject)?.[0];
  const caseId = reference ? await deps.store.findCaseIdByReference(reference) : undefined;
  const c = caseId ? await deps.store.getCase(caseId) : undefined;
  return belongs(c) ? c : undefined;
}

/**
 * A customer's reply: stored on its case; the response clock starts again and paused clocks resume.
 * An automatic one (an out-of-office answering our mail) is only stored: no clock or status changes.
 */
async function addToCase(
  deps: Deps,
  c: CaseRecord,
  mail: InboundMail,
  parsed: ParsedMail,
  from: string,
  automated: AutomatedVerdict | null,
  forwardedBy?: CaseRecord['forwardedBy']
): Promise<OpenCaseResult> {
  const at = mail.receivedAt;
  if (automated) return addAutomatedToCase(deps, c, mail, parsed, from, automated);
  const before = computeSla(deps, c)?.targets ?? [];
  const wasWaiting = c.status === 'WAITING_ON_CUSTOMER';
  const reopened = !isActive(c.status);
  const added = await deps.store.addInboundMessage({
    caseId: c.id,
    inboundId: mail.sesMessageId,
    message: inboundMessage(deps, c.id, mail, parsed, from, {
      kind: 'customer',
      attachments: await storeAttachments(deps, c.id, parsed.attachments),
    }),
    facts: reopened ? [{ at, kind: 'reopened' }] : [{ at, kind: 'customer-message' }],
    status: 'OPEN',
  });
  if (added === 'duplicate') return { caseId: c.id, reference: c.reference, created: false };
  if (parsed.messageId) await deps.store.indexMessageRef(c.id, parsed.messageId);
  const after = await deps.store.getCase(c.id);
  await deps.store.appendTimeline(c.id, [
    {
      at,
      type: 'mail.received',
      summary: reopened ? 'the customer wrote again: case reopened' : 'the customer replied',
      actor: from,
      data: { sesMessageId: mail.sesMessageId },
    },
    ...(forwardedBy ? [forwardEntry(forwardedBy, from)] : []),
    ...(wasWaiting
      ? [
          {
            at,
            type: 'sla.resumed' as const,
            summary: 'no longer waiting on the customer: clocks run again',
            actor: 'caseflow',
          },
        ]
      : []),
    ...(after ? targetTransitions(before, computeSla(deps, after)?.targets ?? [], at) : []),
  ]);
  await retriageReply(deps, c, mail, parsed, from);
  await refreshCaseClock(deps, c.id);
  return { caseId: c.id, reference: c.reference, created: false };
}

async function addAutomatedToCase(
  deps: Deps,
  c: CaseRecord,
  mail: InboundMail,
  parsed: ParsedMail,
  from: string,
  automated: AutomatedVerdict
): Promise<OpenCaseResult> {
  const added = await deps.store.addInboundMessage({
    caseId: c.id,
    inboundId: mail.sesMessageId,
    message: inboundMessage(deps, c.id, mail, parsed, from, { kind: 'automated' }),
    facts: [],
    status: c.status,
  });
  if (added === 'added')
    await deps.store.appendTimeline(c.id, [
      {
        at: mail.receivedAt,
        type: 'mail.received',
        summary: `an automatic reply joined the case (${automated.reason}): no acknowledgement, clocks and status unchanged`,
        actor: from,
        data: { sesMessageId: mail.sesMessageId, automated: automated.kind },
      },
    ]);
  return { caseId: c.id, reference: c.reference, created: false };
}

function claimAcknowledgement(deps: Deps, c: CaseRecord): Promise<boolean> {
  const now = deps.clock.now();
  return deps.store.claimAcknowledgement(
    c.id,
    now.toISOString(),
    new Date(now.getTime() - ACK_CLAIM_STALE_MS).toISOString()
  );
}

/** Sends and records the acknowledgement; returns the clock's next wake-up when it stored that too. */
async function acknowledge(deps: Deps, c: CaseRecord): Promise<string | undefined> {
  const plan = c.plan ? deps.config.plans[c.plan] : undefined;
  const ack = acknowledgementFor(c, plan && c.plan ? { ...plan, name: c.plan } : null);
  const { messageId } = await mailToCustomer(
    deps,
    c,
    { subject: ack.subject, text: ack.text, headers: { ...AUTO_HEADERS } },
    false
  );
  const sentAt = deps.clock.now().toISOString();
  const fact: SlaFact | undefined = c.sla ? { at: sentAt, kind: 'acknowledged' } : undefined;
  // The acknowledgement stops its target: the clock's view after it goes in the same write.
  const view =
    c.sla && fact
      ? quietClockView(deps, { ...c, sla: { ...c.sla, facts: [...c.sla.facts, fact] } }, new Date(sentAt))
      : null;
  // One write: the acknowledgement, its message, timeline entry, thread index, SLA fact and view.
  const viewStored = await deps.store.recordAcknowledgement(
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
    },
    fact,
    view ?? undefined
  );
  return viewStored ? (view?.wakeAt ?? undefined) : undefined;
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

function forwardEntry(by: NonNullable<CaseRecord['forwardedBy']>, customer: string): TimelineEntry {
  return {
    at: by.at,
    type: 'mail.forwarded',
    summary: `forwarded by ${by.email} on behalf of ${customer}${by.note ? `: "${by.note.slice(0, 200)}"` : ''}`,
    actor: by.email,
  };
}
