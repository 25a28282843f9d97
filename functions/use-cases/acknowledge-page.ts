import { type CaseRecord, caseSubject, isActive, type Page } from '../domain/case';
import { laterLevelPaged } from '../domain/page-screen';
import { formatInstant } from '../domain/time-format';
import { AUTO_GENERATED_HEADERS, type Services } from './deps';
import { noticeToCustomer } from './mail-to-customer';
import { openPageLink } from './open-page-link';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'paging'
  | 'incidents'
  | 'signer'
  | 'workflows'
  | 'events'
  | 'mailer'
  | 'ids'
  | 'log'
>;

/** The longest ETA an engineer may promise on the page form. */
export const MAX_ETA_MINUTES = 240;

export type AcknowledgeOutcome =
  | { outcome: 'acknowledged'; caseId: string; by: string }
  | { outcome: 'already-acknowledged'; caseId: string; by: string }
  | { outcome: 'moved-on'; caseId: string; to: string; at: string }
  | { outcome: 'taken-over'; caseId: string; by: string; from: string }
  | { outcome: 'case-closed'; caseId: string }
  | { outcome: 'invalid' | 'expired' };

export interface AckOptions {
  /** "I'll call within N minutes": the customer is told in their thread who is on it and when. */
  etaMinutes?: number;
  /** Act although the page moved on, or take the case over from whoever acknowledged it. */
  takeOver?: boolean;
  /** Acknowledge even when the page moved on (a mail reply cannot press "take over"). */
  acceptLate?: boolean;
  /** How the acknowledgement came in, for the timeline. */
  via?: 'link' | 'mail';
}

/**
 * An on-call engineer pressed "Acknowledge" (POST). The first acknowledgement wins (conditional
 * write on the case); the waiting workflow is then resumed with the token kept on the case. If
 * the task already timed out the workflow still sees the acknowledgement on its next decision.
 * A page that escalation has since moved past is not acknowledged silently: the engineer is told
 * the page moved on and offered "take over" (which also takes a case over from the acknowledger).
 */
export async function acknowledgePage(
  deps: Deps,
  pageId: string,
  exp?: string,
  sig?: string,
  options: AckOptions = {}
): Promise<AcknowledgeOutcome> {
  const access = await openPageLink(deps, pageId, exp, sig);
  if (!access.ok) return { outcome: access.reason };
  return acknowledgeVerifiedPage(deps, access.page, access.case, options);
}

/** Acknowledges a page whose access was already proven (signed link, or an authenticated mail reply). */
export async function acknowledgeVerifiedPage(
  deps: Deps,
  page: Page,
  c: CaseRecord,
  options: AckOptions = {}
): Promise<AcknowledgeOutcome> {
  const pageId = page.pageId;
  if (!isActive(c.status) || !c.sev1) return { outcome: 'case-closed', caseId: c.id };
  const at = deps.clock.now().toISOString();
  const via = options.via === 'mail' ? ' by mail reply' : '';
  if (!c.sev1.acknowledgedAt && !options.takeOver && !options.acceptLate) {
    // The page screen offers the late acknowledgement on the same rule (domain/page-screen.ts).
    const latest = laterLevelPaged(c.sev1, page);
    if (latest) return { outcome: 'moved-on', caseId: c.id, to: latest.recipient, at: latest.at };
  }
  if (!(await deps.paging.recordPageAcknowledged(c.id, page.recipient, at))) {
    const current = await deps.cases.getCase(c.id);
    const by = current?.sev1?.acknowledgedBy ?? 'someone';
    if (!options.takeOver || by === page.recipient || current?.sev1?.calledBackAt)
      return { outcome: 'already-acknowledged', caseId: c.id, by };
    if (!(await deps.paging.takeOverAcknowledgement(c.id, page.recipient, by, at)))
      return { outcome: 'already-acknowledged', caseId: c.id, by };
    await deps.cases.appendTimeline(c.id, [
      {
        at,
        type: 'page.taken-over',
        summary: `${page.recipient} took the Sev-1 over from ${by}${via}`,
        actor: page.recipient,
        data: { pageId, from: by },
      },
    ]);
    if (options.etaMinutes !== undefined)
      await tellCustomerWhoIsOnIt(deps, c, page.recipient, options.etaMinutes, at);
    return { outcome: 'taken-over', caseId: c.id, by: page.recipient, from: by };
  }
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'page.acknowledged',
      summary: `page acknowledged by ${page.levelName} ${page.recipient}${via}; escalation stopped`,
      actor: page.recipient,
      data: { pageId, ...(options.etaMinutes !== undefined ? { etaMinutes: options.etaMinutes } : {}) },
    },
  ]);
  await deps.events.publish({ type: 'page.acknowledged', caseId: c.id, pageId, by: page.recipient, at });
  if (options.etaMinutes !== undefined)
    await tellCustomerWhoIsOnIt(deps, c, page.recipient, options.etaMinutes, at);
  const token = await deps.paging.getWaitToken(c.id, 'ack');
  if (token) {
    const resumed = await deps.workflows.resume(token, { acknowledgedBy: page.recipient, at });
    deps.log.info('page acknowledged', { caseId: c.id, pageId, workflow: resumed });
  }
  if (c.incident?.leaderCaseId === c.id)
    await wakeIncidentMembers(deps, c, page.recipient, at, options.etaMinutes);
  return { outcome: 'acknowledged', caseId: c.id, by: page.recipient };
}

/**
 * The leader of a storm incident was acknowledged: every member's workflow is woken so it records the
 * acknowledgement and waits for its own customer's callback; with an ETA each customer is told.
 */
async function wakeIncidentMembers(
  deps: Deps,
  leader: CaseRecord,
  by: string,
  at: string,
  etaMinutes: number | undefined
): Promise<void> {
  for (const memberId of await deps.incidents.listIncidentMembers(leader.id)) {
    if (memberId === leader.id) continue;
    if (etaMinutes !== undefined) {
      const member = await deps.cases.getCase(memberId);
      if (member && isActive(member.status)) await tellCustomerWhoIsOnIt(deps, member, by, etaMinutes, at);
    }
    const token = await deps.paging.getWaitToken(memberId, 'ack');
    if (token) await deps.workflows.resume(token, { acknowledgedBy: by, at });
  }
}

/** Ack with an ETA (issue 5, part 3): the customer hears, in their own thread, who is on it and when. */
async function tellCustomerWhoIsOnIt(
  deps: Deps,
  c: CaseRecord,
  engineer: string,
  etaMinutes: number,
  at: string
): Promise<void> {
  const person = Object.values(deps.config.oncall.people).find((p) => p.email === engineer);
  const who = person ? `${person.name}, our on-call engineer,` : 'Our on-call engineer';
  const by = new Date(Date.parse(at) + etaMinutes * 60_000).toISOString();
  const subject = caseSubject(c.reference, c.subject);
  const text = [
    `Hello${c.requester.name ? ` ${c.requester.name}` : ''},`,
    '',
    `${who} is working on your Severity 1 issue ${c.reference} now and will call you${c.requester.phone ? ` at ${c.requester.phone}` : ''} within ${etaMinutes} minutes, by ${formatInstant(by)}.`,
    `You will hear from us next by ${formatInstant(by)}. You do not need to write again.`,
  ].join('\n');
  const { messageId } = await noticeToCustomer(
    deps,
    c,
    { subject, text, headers: { ...AUTO_GENERATED_HEADERS } },
    at
  );
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'notice.sent',
      summary: `customer told ${engineer} is on it and will call within ${etaMinutes} minutes (by ${by})`,
      actor: 'caseflow',
      data: { messageId, etaMinutes, by },
    },
  ]);
}
