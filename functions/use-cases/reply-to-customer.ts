import { replyAttachmentProblem } from '../domain/attachments';
import { caseSubject, isActive } from '../domain/case';
import { searchEntries } from '../domain/search-text';
import { monthOf } from '../domain/sla-policy';
import { findStaff, signatureFor } from '../domain/staff-mail';
import { formatInstant } from '../domain/time-format';
import type { OutboundAttachment } from '../ports';
import { computeSla, refreshCaseClock, targetTransitions } from './case-clock';
import { AUTO_HEADERS, type Services } from './deps';
import { mailToCustomer } from './mail-to-customer';
import { nextUpdateAfterReply, recordSev1Update } from './sev1-updates';
import { storeAttachments } from './store-attachments';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'slaClocks'
  | 'caseTransactions'
  | 'incidents'
  | 'paging'
  | 'mailer'
  | 'workflows'
  | 'events'
  | 'ids'
  | 'log'
  | 'attachments'
  | 'search'
>;

export interface AgentReply {
  caseId: string;
  /** The staff member's address; shown in the signature. */
  from: string;
  /** The signed-in author's name and signature (R-BOX-6); else the config's person by that address. */
  author?: { name: string; signature?: string };
  text: string;
  /** The reply asks the customer something: the resolution clock pauses until they answer. */
  waitingOnCustomer?: boolean;
  /** Work time on this case, counted against the plan's monthly guaranteed time (R-SLA-4). */
  workMinutes?: number;
  /** On a called-back Sev-1: when the customer will hear next (capped at the plan's interval). */
  nextUpdateInMinutes?: number;
  /** R-BOX-4: at most 3, and 20 MB for the whole encoded message. */
  attachments?: OutboundAttachment[];
}

export class ReplyError extends Error {}
/** The reply breaks the attachment limits (R-BOX-4); nothing was sent. */
export class AttachmentLimitError extends ReplyError {
  constructor(
    message: string,
    readonly kind: 'count' | 'size'
  ) {
    super(message);
  }
}

/**
 * A staff reply to the customer, in the case's thread. It is the first human response when it is
 * the first (R-SLA-2): the response clock stops; "waiting on the customer" pauses the others until
 * the customer writes again.
 *
 * Primary course: 1. send in the thread from the support address; 2. store the message and index
 * its Message-ID for threading; 3. add the fact and the status; 4. count the work time; 5. put
 * what changed on the timeline; 6. re-arm the clock.
 */
export async function replyToCustomer(deps: Deps, reply: AgentReply): Promise<{ messageId: string }> {
  const c = await deps.cases.getCase(reply.caseId);
  if (!c) throw new ReplyError(`no case ${reply.caseId}`);
  if (!isActive(c.status)) throw new ReplyError(`case ${c.reference} is ${c.status.toLowerCase()}`);
  const text = reply.text.trim();
  if (!text) throw new ReplyError('the reply is empty');
  const before = computeSla(deps, c)?.targets ?? [];
  const channel = deps.config.supportAddresses.find((a) => a.address === c.channel.address);
  const subject = caseSubject(c.reference, c.subject);
  // On a called-back Sev-1 every reply is a status update and says when the next one comes (R-SEV1-4).
  const writtenAt = deps.clock.now().toISOString();
  const nextUpdateAt = nextUpdateAfterReply(deps.config, c, writtenAt, reply.nextUpdateInMinutes);
  const next = nextUpdateAt ? `\n\nNext update: by ${formatInstant(nextUpdateAt)} at the latest.` : '';
  // The staff member's own signature when one is set (R-BOX-6).
  const signature = signatureFor(
    reply.author
      ? { email: reply.from, name: reply.author.name, signature: reply.author.signature ?? null }
      : findStaff(deps.config, reply.from),
    reply.from,
    channel?.displayName ?? 'caseflow support'
  );
  const body = `${text}${next}\n\n-- \n${signature}`;
  const attachments = reply.attachments ?? [];
  const problem = replyAttachmentProblem(
    Buffer.byteLength(body) + Buffer.byteLength(subject),
    attachments.map((a) => ({ sizeBytes: a.content.byteLength, filename: a.filename }))
  );
  if (problem) throw new AttachmentLimitError(problem.message, problem.kind);
  // Stored before sending: a failed send leaves unreferenced objects, never a sent file we cannot show.
  const attachmentRefs = attachments.length
    ? await storeAttachments(
        deps,
        c.id,
        attachments.map((a) => ({ ...a, mimeType: a.contentType, disposition: 'attachment' }))
      )
    : undefined;
  const { messageId } = await mailToCustomer(deps, c, {
    subject,
    text: body,
    // A person wrote this: no Auto-Submitted, but keep other robots from answering it.
    headers: { 'X-Auto-Response-Suppress': AUTO_HEADERS['X-Auto-Response-Suppress'] },
    attachments: attachments.length ? attachments : undefined,
  });
  const at = deps.clock.now().toISOString();
  await deps.cases.addMessage({
    id: deps.ids.newId(),
    caseId: c.id,
    direction: 'OUTBOUND',
    messageId,
    from: reply.from,
    to: [c.requester.email],
    subject,
    text: body,
    at,
    kind: 'reply',
    ...(attachmentRefs ? { attachments: attachmentRefs } : {}),
  });
  // The agent's own words are searchable (not the signature every reply repeats).
  await deps.search.addWords(c.id, c.createdAt, searchEntries({ texts: [text] }));
  const waiting = reply.waitingOnCustomer === true;
  if (c.sla)
    await deps.slaClocks.appendSlaFacts(
      c.id,
      [
        {
          at,
          kind: 'agent-reply',
          waitingOnCustomer: waiting,
          // The next update as this reply told the customer: the one due time of both clocks.
          ...(nextUpdateAt
            ? {
                nextUpdate: {
                  from: writtenAt,
                  minutes: (Date.parse(nextUpdateAt) - Date.parse(writtenAt)) / 60_000,
                  after: 'update' as const,
                },
              }
            : {}),
        },
      ],
      waiting ? 'WAITING_ON_CUSTOMER' : 'OPEN'
    );
  if (reply.workMinutes && c.customerId && !c.triage.reportedCritical) {
    // The monthly limit counts e-mail support for matters other than defects (004, footnote ***).
    await deps.slaClocks.addGuaranteedMinutes(c.customerId, monthOf(new Date(at)), reply.workMinutes);
  }
  const after = await deps.cases.getCase(c.id);
  const transitions = after ? targetTransitions(before, computeSla(deps, after)?.targets ?? [], at) : [];
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'reply.sent',
      summary: `${reply.from} replied to the customer${waiting ? '; waiting on the customer' : ''}`,
      actor: reply.from,
      data: { messageId, waitingOnCustomer: waiting, workMinutes: reply.workMinutes ?? null },
    },
    ...transitions,
  ]);
  await refreshCaseClock(deps, c.id);
  if (nextUpdateAt)
    await recordSev1Update(deps, c, {
      at: writtenAt,
      by: reply.from,
      messageId,
      text,
      nextDueAt: nextUpdateAt,
    });
  return { messageId };
}
