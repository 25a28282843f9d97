import type { CaseRecord, Severity, TimelineEntry } from '../domain/case';
import { identifySender } from '../domain/directory';
import { newSev1State } from '../domain/sev1';
import {
  pagingOnRaise,
  settledTargets,
  severityChangeRefusal,
  termsClassFor,
} from '../domain/severity-change';
import { FIRST_LINE } from '../domain/triage-rule';
import { computeSla, refreshCaseClock, targetTransitions } from './case-clock';
import type { Services } from './deps';
import { slaTerms } from './intake/sla-terms';
import { wakeSev1Workflow } from './sev1-updates';
import { moveCase, TriageError } from './triage-actions';

type Deps = Parameters<typeof refreshCaseClock>[0] &
  Parameters<typeof moveCase>[0] &
  Pick<Services, 'caseTransactions' | 'paging' | 'workflows' | 'slaClocks'>;

export interface SeverityChanged {
  severity: Severity;
  /** A Sev-1 callback chain was started (raising) or stopped (lowering). */
  paging: 'started' | 'stopped' | 'none';
  /** Why paging did or did not start, for people. */
  pagingReason: string;
}

/**
 * A staff member changes the severity of an active case, with a reason (docs/triage.md).
 * Severity is the defect; the plan decides the rest, as at intake: the SLA terms follow the new
 * severity (targets already met stay met; running ones are derived again from the case's own
 * history, its original receipt first), the case clock is re-armed through its generation,
 * raising to Sev-1 pages on-call only under intake's rule (pagingOnRaise), and lowering from
 * Sev-1 stops the escalation chain. A critical case belongs to the 24/7 first line.
 */
export async function changeSeverity(
  deps: Deps,
  c: CaseRecord,
  to: Severity,
  reason: string,
  by: string
): Promise<SeverityChanged> {
  const refusal = severityChangeRefusal(c, to);
  if (refusal) throw new TriageError(refusal.error, 'conflict');
  const now = deps.clock.now().toISOString();
  const sender = identifySender(deps.config, c.requester.email);
  const plan = c.plan
    ? deps.config.plans[c.plan]
      ? { ...deps.config.plans[c.plan], name: c.plan }
      : null
    : null;
  const raise = to === 'SEV1';
  const paging = raise ? pagingOnRaise(c, plan as Parameters<typeof pagingOnRaise>[1]) : null;
  const startSev1 =
    paging?.pages && plan?.sev1Callback
      ? {
          // The callback is owed from the moment the case is known to be critical: now.
          ...newSev1State(now, plan.sev1Callback.callbackMinutes),
          attempt: (c.sev1?.attempt ?? 0) + 1,
        }
      : undefined;
  const stopSev1 = !raise && c.sev1 && !c.sev1.stoppedAt ? { at: now, by } : undefined;

  // The terms as intake would set them for this severity: the same sender, proof and month.
  const before = computeSla(deps, c)?.targets ?? [];
  const planned = c.sla
    ? await slaTerms(
        deps,
        { ...sender, status: c.contactStatus },
        termsClassFor(plan as Parameters<typeof termsClassFor>[0], to) === 'critical',
        c.triage.senderAuthenticated,
        c.receivedAt
      )
    : undefined;
  // Machine-written mail is owed no guarantee, whatever its severity (as termsAfterScreening).
  const terms =
    planned && c.automated && planned.guaranteed
      ? { ...planned, guaranteed: false, reason: `the mail was sent automatically (${c.automated.reason})` }
      : planned;
  const entries: TimelineEntry[] = [
    {
      at: now,
      type: 'case.severity-changed',
      summary: `severity changed from ${c.severity} to ${to} by ${by}: ${reason}`,
      actor: by,
      data: { from: c.severity, to, reason },
    },
  ];
  if (terms && c.sla && (terms.class !== c.sla.terms.class || terms.guaranteed !== c.sla.terms.guaranteed))
    entries.push({
      at: now,
      type: 'sla.recomputed',
      summary: `served under plan ${terms.plan}'s ${terms.class === 'critical' ? 'critical' : 'non-critical'} terms${terms.guaranteed ? '' : ` without guarantees (${terms.reason})`}: running targets re-planned from the receipt, met targets stand`,
      actor: 'caseflow',
      data: { class: terms.class, guaranteed: terms.guaranteed },
    });
  if (paging)
    entries.push({
      at: now,
      type: 'triage.decided',
      summary: startSev1
        ? `Sev-1 callback due by ${startSev1.callbackDueAt}: ${paging.reason}`
        : paging.reason,
      actor: 'caseflow',
      data: { pagesOnCall: !!startSev1, ...(startSev1 ? { callbackDueAt: startSev1.callbackDueAt } : {}) },
    });
  if (stopSev1)
    entries.push({
      at: now,
      type: 'triage.decided',
      summary: 'no longer Sev-1: the on-call escalation chain is stopped',
      actor: 'caseflow',
      data: { pagesOnCall: false },
    });

  const changed = await deps.caseTransactions.changeSeverity(
    c.id,
    {
      from: c.severity,
      triage: {
        ...c.triage,
        severity: to,
        pagesOnCall: !!startSev1,
        reasons: [...c.triage.reasons, `severity set to ${to} by ${by}: ${reason}`],
      },
      ...(terms ? { slaTerms: terms, settled: settledTargets(before, c.sla?.settled) } : {}),
      ...(startSev1 ? { startSev1 } : {}),
      ...(stopSev1 ? { stopSev1 } : {}),
    },
    entries
  );
  if (!changed) {
    const now = await deps.cases.getCase(c.id);
    throw new TriageError(
      now
        ? (severityChangeRefusal(now, to)?.error ?? `${c.reference} changed meanwhile: try again`)
        : `no case ${c.reference}`,
      now ? 'conflict' : 'not-found'
    );
  }
  deps.log.info('case severity changed', { caseId: c.id, to });
  if (startSev1) await deps.workflows.startSev1Callback(c.id, startSev1.attempt);
  // The waiting escalation wakes now, reads the stopped chain and ends (no page after this).
  if (stopSev1) await wakeSev1Workflow(deps, c.id);
  // A critical case belongs to the 24/7 first line, as at intake (triage-rule.ts).
  if (raise && c.team !== FIRST_LINE)
    await moveCase(deps, c, FIRST_LINE, 'a critical case belongs to the 24/7 first line', by);
  const after = await deps.cases.getCase(c.id);
  const transitions = after ? targetTransitions(before, computeSla(deps, after)?.targets ?? [], now) : [];
  if (transitions.length) await deps.cases.appendTimeline(c.id, transitions);
  // The next generation of the case clock when the new targets fall due sooner; the running
  // execution ends at its next wake-up (its generation is no longer the case's).
  await refreshCaseClock(deps, c.id);
  return {
    severity: to,
    paging: startSev1 ? 'started' : stopSev1 ? 'stopped' : 'none',
    pagingReason:
      paging?.reason ?? (stopSev1 ? 'the escalation chain is stopped' : 'non-critical: nobody is paged'),
  };
}
