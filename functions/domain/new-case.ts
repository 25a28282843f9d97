import type { SupportAddress } from '../config/schema';
import type { CaseRecord, CaseSla, TimelineEntry, TriageDecision } from './case';
import type { ContactStatus, SenderIdentity } from './directory';
import type { ReportCompleteness } from './report-completeness';
import { newSev1State } from './sev1';
import type { SlaTerms, TargetInstance } from './sla';

/** What intake learned about a mail that opens a case. */
export interface NewCaseInput {
  id: string;
  reference: string;
  /** When the case is opened (the intake's clock). */
  now: string;
  receivedAt: string;
  subject: string;
  /** The customer's address (the forwarded customer's, for a staff forward). */
  from: string;
  fromName: string | null;
  originMessageId: string | null;
  originReferences: string[];
  channel: SupportAddress;
  sender: SenderIdentity;
  decision: TriageDecision;
  contactStatus: ContactStatus;
  report: ReportCompleteness;
  terms: SlaTerms;
  /** What screening put on the case (automated, sender trust, message rules). */
  screened: Partial<CaseRecord>;
  addresses: { replyAddress: string; noteAddress: string };
  forwardedBy?: CaseRecord['forwardedBy'];
}

/**
 * A new case as it is first stored (R-IN-1): triaged, with its SLA facts and terms (targets come
 * from `withFirstSlaView`), and with Sev-1 state when it pages under a plan with a callback.
 */
export function newCaseRecord(input: NewCaseInput): CaseRecord & { sla: CaseSla } {
  const { decision, sender, screened, now, receivedAt } = input;
  const sev1 =
    decision.pagesOnCall && sender.plan?.sev1Callback
      ? newSev1State(receivedAt, sender.plan.sev1Callback.callbackMinutes)
      : undefined;
  return {
    id: input.id,
    reference: input.reference,
    subject: input.subject.trim() || '(no subject)',
    status: 'OPEN',
    severity: decision.severity,
    team: decision.team,
    triage: decision,
    plan: sender.plan?.name ?? null,
    customerId: sender.customer?.id ?? null,
    customerName: sender.customer?.name ?? null,
    contactStatus: input.contactStatus,
    requester: {
      email: input.from,
      name: sender.contact?.name ?? input.fromName ?? null,
      phone: sender.contact?.phone ?? null,
    },
    channel: { address: input.channel.address, purpose: input.channel.purpose },
    receivedAt,
    createdAt: now,
    originMessageId: input.originMessageId,
    originReferences: input.originReferences,
    deadlines: sev1 ? { callbackDueAt: sev1.callbackDueAt } : {},
    language: decision.language,
    category: decision.category,
    report: { present: input.report.present, missing: input.report.missing },
    ...screened,
    ...(input.forwardedBy ? { forwardedBy: input.forwardedBy } : {}),
    ...input.addresses,
    sla: {
      terms: input.terms,
      facts: [
        { at: receivedAt, kind: 'received' },
        ...(screened.acknowledgementWithheld ? [{ at: now, kind: 'acknowledgement-withheld' as const }] : []),
      ],
      ledger: {},
      notices: [],
      targets: [],
      planFingerprint: '',
      clockGeneration: 1,
      clockWakeAt: null,
    },
    ...(sev1 ? { sev1 } : {}),
  };
}

/** The SLA view a new case starts with: its targets, first deadline and the clock's first wake-up. */
export interface FirstSlaView {
  targets: TargetInstance[];
  fingerprint: string;
  nextDueAt: string | null;
  wakeAt: string | null;
}

export function withFirstSlaView<C extends CaseRecord & { sla: CaseSla }>(
  c: C,
  view: FirstSlaView | null
): C {
  if (!view) return c;
  return {
    ...c,
    sla: { ...c.sla, targets: view.targets, planFingerprint: view.fingerprint, clockWakeAt: view.wakeAt },
    deadlines: { ...c.deadlines, nextDueAt: view.nextDueAt },
  };
}

/** The timeline a new case opens with: the mail, the case, triage, screening, Sev-1, incident, SLA. */
export function openingTimeline(
  c: CaseRecord,
  input: {
    now: string;
    sesMessageId: string;
    verdicts: { spf: string; dkim: string; dmarc: string };
    report: ReportCompleteness;
    screening: TimelineEntry[];
    terms: SlaTerms;
    /** Whether this case opened its incident (else it joined one); only with `c.incident`. */
    incidentOpened?: boolean;
    /** `sla.started` entries of its first targets. */
    targetsStarted: TimelineEntry[];
  }
): TimelineEntry[] {
  const { now, verdicts } = input;
  const decision = c.triage;
  const timeline: TimelineEntry[] = [
    {
      at: c.receivedAt,
      type: 'mail.received',
      summary: `mail received on ${c.channel.address}`,
      actor: c.requester.email,
      data: {
        sesMessageId: input.sesMessageId,
        spf: verdicts.spf,
        dkim: verdicts.dkim,
        dmarc: verdicts.dmarc,
      },
    },
    {
      at: now,
      type: 'case.opened',
      summary: `case ${c.reference} opened for ${c.customerName ?? 'an unknown sender'} (${c.contactStatus})`,
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
  if (c.forwardedBy) timeline.push(forwardEntry(c.forwardedBy, c.requester.email));
  if (input.report.bugReport) {
    timeline.push({
      at: now,
      type: 'triage.decided',
      summary: `bug report (R-IN-5): ${input.report.reasons.join('; ')}`,
      actor: 'caseflow',
      data: { missing: input.report.missing.join(',') || null },
    });
  }
  timeline.push(...input.screening);
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
      type: input.incidentOpened ? 'incident.opened' : 'incident.joined',
      summary: input.incidentOpened
        ? `incident opened for symptom "${c.incident.symptom}": later reports of it join this case's page chain`
        : `joined incident ${c.incident.id} (symptom "${c.incident.symptom}"): paged through its chain; this customer's own callback deadline still runs`,
      actor: 'caseflow',
      data: { incidentId: c.incident.id, symptom: c.incident.symptom },
    });
  }
  if (!input.terms.guaranteed) {
    timeline.push({
      at: now,
      type: 'sla.no-guarantee',
      summary: `no guaranteed response time: ${input.terms.reason}`,
      actor: 'caseflow',
    });
  }
  timeline.push(...input.targetsStarted);
  return timeline;
}

/** The timeline entry of a staff forward: who forwarded the customer's mail, with their note. */
export function forwardEntry(by: NonNullable<CaseRecord['forwardedBy']>, customer: string): TimelineEntry {
  return {
    at: by.at,
    type: 'mail.forwarded',
    summary: `forwarded by ${by.email} on behalf of ${customer}${by.note ? `: "${by.note.slice(0, 200)}"` : ''}`,
    actor: by.email,
  };
}
