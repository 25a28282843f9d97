import { createHash } from 'node:crypto';
import type { QueuePlace } from '../../data/sla-clock/sla-clock-store';
import { automatedMailReason } from '../../domain/automated-mail';
import { type CaseRecord, formatReference, type MessageRecord, type TimelineEntry } from '../../domain/case';
import { newCaseRecord, openingTimeline, withFirstSlaView } from '../../domain/new-case';
import { assessReport } from '../../domain/report-completeness';
import { symptomOf } from '../../domain/storm';
import { triage } from '../../domain/triage';
import { planConsequences } from '../../domain/triage-rule';
import { firstSlaView, targetTransitions } from '../case-clock';
import type { Services } from '../deps';
import type { InboundMail } from '../inbound-mail';
import { inboundMessage } from '../inbound-message';
import { earlierCaseLinks } from '../link-earlier-cases';
import { signedAddresses } from '../reply-address';
import { applyScreening, screeningOnCase, termsAfterScreening } from '../screen-inbound-mail';
import { storeInboundAttachments } from '../store-attachments';
import { type AcknowledgedCase, acknowledgeNewCase } from './acknowledge';
import type { CustomerMail } from './route-mail';
import { type GuaranteedUsage, slaTerms } from './sla-terms';

type Deps = Pick<
  Services,
  'config' | 'clock' | 'cases' | 'incidents' | 'slaClocks' | 'ids' | 'signer' | 'attachments'
>;

/**
 * A new case ready to be saved: the record, its first message and timeline, its queue place, and
 * its acknowledgement (intake/acknowledge.ts).
 */
export interface NewCaseDraft {
  case: CaseRecord;
  message: MessageRecord;
  timeline: TimelineEntry[];
  queue: QueuePlace;
  /** This case opened a storm incident (it did not join one). */
  incidentOpened: boolean;
  acknowledgement?: AcknowledgedCase['acknowledgement'];
  gated: AcknowledgedCase['gated'];
  /** The case and timeline before its acknowledgement was settled: saved anew when a limit was reached. */
  unacknowledged: { case: CaseRecord; timeline: TimelineEntry[] };
}

/**
 * Builds a new case from a customer's mail: triage with the screening applied (R-TRI-2/3), the
 * bug-report check (R-IN-5), the SLA terms and first SLA view, a storm incident for a Sev-1, the
 * stored attachments, the first message and the opening timeline. Nothing about the case is
 * stored yet (the case number and the storm window are).
 */
export async function buildNewCase(
  deps: Deps,
  mail: InboundMail,
  customerMail: CustomerMail,
  knownUsage?: GuaranteedUsage
): Promise<NewCaseDraft> {
  const { config } = deps;
  const { parsed, from, channel, sender, screening, forwardedBy, unprovenThread } = customerMail;
  // Machine-written mail never reads as critical: the screening's verdict (headers, envelope, our
  // own addresses), else an auto-reply subject.
  const automated = screening.automated?.reason ?? automatedMailReason(parsed.headers, from, parsed.subject);
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
  const id = deps.ids.newId();
  const reference = formatReference(await deps.cases.nextCaseNumber());
  const addresses = await signedAddresses(deps, channel.address, reference);
  const terms = termsAfterScreening(
    await slaTerms(
      deps,
      sender,
      planConsequences(sender.plan, decision.severity).termsClass === 'critical',
      decision.senderAuthenticated,
      mail.receivedAt,
      knownUsage
    ),
    screening
  );
  const opened = newCaseRecord({
    id,
    reference,
    now,
    receivedAt: mail.receivedAt,
    subject: parsed.subject,
    from,
    fromName: parsed.from?.name ?? null,
    originMessageId: parsed.messageId,
    originReferences: parsed.references,
    channel,
    sender,
    decision,
    contactStatus: screening.trust.status,
    report,
    terms,
    screened: screened.fields,
    addresses,
    forwardedBy,
  });
  const first = firstSlaView(deps, opened, new Date(now));
  const storm = await joinStorm(deps, withFirstSlaView(opened, first.view), parsed.text, mail.receivedAt);
  // What a loop repeats: the subject (without Re:/Fwd: and case references) and the text.
  const fold = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  const bodyDigest = createHash('sha256')
    .update(fold(parsed.subject.replace(/\[CF-\d+\]|^((re|odp|aw|fw|fwd|pd)\s*:\s*)+/gi, '')))
    .update('\n')
    .update(fold(parsed.text))
    .digest('hex')
    .slice(0, 32);
  const c = { ...storm.case, bodyDigest, ...(unprovenThread ? { unprovenThread } : {}) };
  const message = inboundMessage(deps, id, mail, parsed, from, {
    kind: screening.automated ? 'automated' : 'customer',
    ...(await storeInboundAttachments(deps, id, parsed.attachments)),
  });
  const timeline = openingTimeline(c, {
    now,
    sesMessageId: mail.sesMessageId,
    verdicts: mail.verdicts,
    report,
    screening: screened.timeline,
    terms,
    incidentOpened: storm.opened,
    targetsStarted: targetTransitions(
      [],
      (first.view?.targets ?? []).filter((t) => t.kind !== 'acknowledgement'),
      now
    ),
  });
  if (unprovenThread)
    timeline.push({
      at: now,
      type: 'thread.refused',
      summary: `names ${unprovenThread.reference} but may not join it: ${unprovenThread.reason} (NOT_AUTHENTICATED)`,
      actor: 'caseflow',
      data: { caseId: unprovenThread.caseId, reference: unprovenThread.reference },
    });
  // An RCA request or follow-up names the earlier case: linked when it is this customer's.
  timeline.push(
    ...(await earlierCaseLinks(
      deps,
      parsed,
      (earlier) =>
        earlier.requester.email === from || (!!c.customerId && earlier.customerId === c.customerId),
      now
    ))
  );
  const acknowledged = acknowledgeNewCase(deps, c, new Date(now));
  return {
    case: acknowledged.case,
    message,
    timeline: [...timeline, ...acknowledged.entries],
    queue: acknowledged.queue,
    incidentOpened: storm.opened,
    acknowledgement: acknowledged.acknowledgement,
    gated: acknowledged.gated,
    unacknowledged: { case: c, timeline },
  };
}

/** Storm correlation: a Sev-1 with the same symptom as a recent one joins its incident (one page chain). */
async function joinStorm(
  deps: Pick<Services, 'config' | 'incidents'>,
  c: CaseRecord,
  text: string,
  receivedAt: string
): Promise<{ case: CaseRecord; opened: boolean }> {
  const storm = deps.config.oncall.storm;
  if (!c.sev1 || !storm) return { case: c, opened: false };
  const symptom = symptomOf(c.subject, text, deps.config.outageKeywords);
  const joined = await deps.incidents.joinStorm(symptom, c.id, receivedAt, storm.windowMinutes * 60_000);
  return {
    case: { ...c, incident: { id: joined.leaderCaseId, leaderCaseId: joined.leaderCaseId, symptom } },
    opened: joined.opened,
  };
}
