import type { AcknowledgementAllowance } from '../../data/intake-guards/intake-guard-store';
import type { QueuePlace } from '../../data/sla-clock/sla-clock-store';
import { acknowledgementFor } from '../../domain/acknowledgement';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../../domain/case';
import { withFirstSlaView } from '../../domain/new-case';
import type { SlaFact } from '../../domain/sla';
import {
  acknowledgementGate,
  type GatedAllowance,
  type WithheldAcknowledgement,
  withheldEntry,
} from '../acknowledgement-gate';
import { firstSlaView, quietClockView } from '../case-clock';
import { AUTO_HEADERS, type Services } from '../deps';
import { mailToCustomer, outboundMessage } from '../mail-to-customer';

type Deps = Pick<
  Services,
  'config' | 'clock' | 'cases' | 'caseTransactions' | 'intakeGuards' | 'mailer' | 'ids'
>;

/** A new case with what became of its acknowledgement, before it is saved. */
export interface AcknowledgedCase {
  case: CaseRecord;
  queue: QueuePlace;
  /** The timeline entry saying it went out or why not (none for automated mail: screening says so). */
  entries: TimelineEntry[];
  /** The acknowledgement to record with the case and send after it is saved. */
  acknowledgement?: { message: MessageRecord; allowances: AcknowledgementAllowance[] };
  /** What each allowance's limit, when reached, records instead (same order). */
  gated: GatedAllowance[];
}

/**
 * Settles a new case's acknowledgement before the case is saved, so the transaction that saves
 * the case records it too (the case's outbox), counting it against its limits: one write where
 * there were five. The case's first SLA view and queue place follow from the result. With
 * `withheld` (a limit turned out reached), the case is saved without one.
 */
export function acknowledgeNewCase(
  deps: Pick<Services, 'config' | 'ids'>,
  c: CaseRecord,
  now: Date,
  withheld?: WithheldAcknowledgement
): AcknowledgedCase {
  const at = now.toISOString();
  const settled = (next: CaseRecord, rest: Omit<AcknowledgedCase, 'case' | 'queue'>): AcknowledgedCase => {
    const first = firstSlaView(deps, next, now);
    return {
      case: next.sla ? withFirstSlaView({ ...next, sla: next.sla }, first.view) : next,
      queue: first.queue,
      ...rest,
    };
  };
  const appendFact = (kind: SlaFact['kind']): Partial<CaseRecord> =>
    c.sla ? { sla: { ...c.sla, facts: [...c.sla.facts, { at, kind } as SlaFact] } } : {};
  // Automated mail: screening already withheld it, with its fact and timeline.
  if (c.acknowledgementWithheld) return settled(c, { entries: [], gated: [] });
  const gate = acknowledgementGate(deps.config, c, now);
  const refused = withheld ?? ('withheld' in gate ? gate.withheld : undefined);
  if (refused)
    return settled(
      { ...c, acknowledgementWithheld: { at, ...refused }, ...appendFact('acknowledgement-withheld') },
      { entries: [withheldEntry(refused, at)], gated: [] }
    );
  const gated = 'allowances' in gate ? gate.allowances : [];
  const { message, entry } = acknowledgementRecord(deps, c, at);
  return settled(
    {
      ...c,
      acknowledgement: { sentAt: at, messageId: message.messageId ?? '', pending: true },
      ...appendFact('acknowledged'),
    },
    {
      entries: [entry],
      acknowledgement: { message, allowances: gated.map((g) => g.allowance) },
      gated,
    }
  );
}

/** The acknowledgement's message and timeline entry; its Message-ID is chosen once and kept. */
function acknowledgementRecord(
  deps: Pick<Services, 'config' | 'ids'>,
  c: CaseRecord,
  sentAt: string
): { message: MessageRecord; entry: TimelineEntry } {
  const plan = c.plan ? deps.config.plans[c.plan] : undefined;
  const ack = acknowledgementFor(c, plan && c.plan ? { ...plan, name: c.plan } : null);
  const messageId = `<ack.${deps.ids.newId()}@${deps.config.domain}>`;
  return {
    message: outboundMessage(deps, c, {
      messageId,
      subject: ack.subject,
      text: ack.text,
      at: sentAt,
      kind: 'acknowledgement',
    }),
    entry: {
      at: sentAt,
      type: 'ack.sent',
      summary: `acknowledgement sent to ${c.requester.email}`,
      actor: 'caseflow',
      data: { messageId },
    },
  };
}

/**
 * Records the acknowledgement of a case saved without one, then sends it from the record (an outbox): a crash before the send
 * leaves it pending for the redelivery to send, and a crash after it can never make the case look
 * unacknowledged (no false miss). Returns the clock's next wake-up when it stored that too.
 */
export async function acknowledge(deps: Deps, c: CaseRecord): Promise<string | undefined> {
  const sentAt = deps.clock.now().toISOString();
  const { message, entry } = acknowledgementRecord(deps, c, sentAt);
  const messageId = message.messageId ?? '';
  const fact: SlaFact | undefined = c.sla ? { at: sentAt, kind: 'acknowledged' } : undefined;
  // The acknowledgement stops its target: the clock's view after it goes in the same write.
  const view =
    c.sla && fact
      ? quietClockView(deps, { ...c, sla: { ...c.sla, facts: [...c.sla.facts, fact] } }, new Date(sentAt))
      : null;
  // One write: the acknowledgement, its message, timeline entry, thread index, SLA fact and view.
  const recorded = await deps.caseTransactions.recordAcknowledgement(
    c.id,
    { sentAt, messageId, pending: true },
    message,
    entry,
    fact,
    view ?? undefined
  );
  // Another delivery of the same mail recorded it first: that one sends it.
  if (recorded === 'taken') return undefined;
  await sendRecordedAcknowledgement(deps, c, message);
  return recorded === 'recorded-with-view' ? (view?.wakeAt ?? undefined) : undefined;
}

/**
 * Sends a recorded acknowledgement still pending: a new case's (its creator passes the message it
 * recorded), or one a crash left (a redelivery finishing the intake reads it back).
 */
export async function sendPendingAcknowledgement(
  deps: Deps,
  c: CaseRecord,
  recorded?: MessageRecord
): Promise<void> {
  const messageId = c.acknowledgement?.messageId;
  if (!c.acknowledgement?.pending || !messageId) return;
  const message =
    recorded?.messageId === messageId
      ? recorded
      : (await deps.cases.getCaseDetail(c.id))?.messages.find(
          (m) => m.kind === 'acknowledgement' && m.messageId === messageId
        );
  if (message) await sendRecordedAcknowledgement(deps, c, message);
}

async function sendRecordedAcknowledgement(deps: Deps, c: CaseRecord, message: MessageRecord): Promise<void> {
  const fixed = message.messageId ?? undefined;
  const { messageId } = await mailToCustomer(
    deps,
    c,
    { subject: message.subject, text: message.text, headers: { ...AUTO_HEADERS }, messageId: fixed },
    false
  );
  // The record indexed the fixed id; SES sends under its own, which replies will name too.
  if (messageId !== fixed) await deps.cases.indexMessageRef(c.id, messageId);
  await deps.intakeGuards.markAcknowledgementSent(c.id);
}
