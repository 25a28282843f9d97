import { type CaseRecord, caseSubject, type TimelineEntry } from '../domain/case';
import { factsFromDuplicate, mergedNotice, mergeRefusal } from '../domain/case-merge';
import { computeSla, refreshCaseClock, targetTransitions } from './case-clock';
import { AUTO_HEADERS, type Services } from './deps';
import { noticeToCustomer } from './mail-to-customer';
import { wakeSev1Workflow } from './sev1-updates';
import { TriageError } from './triage-actions';

type Deps = Parameters<typeof refreshCaseClock>[0] &
  Pick<Services, 'caseTransactions' | 'paging' | 'workflows' | 'slaClocks' | 'mailer' | 'ids'>;

/**
 * Merges a duplicate case into another of the same customer (docs/triage.md): the duplicate is
 * closed as "merged into CF-…" and its clocks stop; its messages and timeline are copied into the
 * target (marked with where they came from; the thread reads in time order there); its thread's
 * Message-IDs now lead to the target, so the customer's later replies in either thread land there;
 * the target's clocks take the duplicate's mail as owed, keeping the earliest obligation; and the
 * customer gets one mail, in their language, in the target's thread that also names the other.
 */
export async function mergeCase(
  deps: Deps,
  duplicate: CaseRecord,
  target: CaseRecord,
  by: string
): Promise<{ mergedInto: string }> {
  const refusal = mergeRefusal(duplicate, target);
  if (refusal) throw new TriageError(refusal.error, refusal.kind);
  const at = deps.clock.now().toISOString();
  const into = { caseId: target.id, reference: target.reference, at, by };
  // The duplicate closes first, once: a second merge (or a resolve meanwhile) finds it closed.
  const closed = await deps.caseTransactions.closeAsMerged(duplicate.id, into, { at, kind: 'resolved' }, [
    {
      at,
      type: 'case.merged',
      summary: `merged into ${target.reference} by ${by}: its thread, timeline and clocks continue there`,
      actor: by,
      data: { into: target.reference },
    },
  ]);
  if (!closed) {
    const now = await deps.cases.getCase(duplicate.id);
    const again = now && mergeRefusal(now, target);
    throw new TriageError(again ? again.error : `${duplicate.reference} changed meanwhile`, 'conflict');
  }
  deps.log.info('case merged', { caseId: duplicate.id, into: target.id });

  const detail = await deps.cases.getCaseDetail(duplicate.id);
  const messages = detail?.messages ?? [];
  // Copies keep the message's own id and time: the target's thread sorts them in among its own,
  // and a retried merge writes the same items again.
  for (const m of messages)
    await deps.cases.addMessage({ ...m, caseId: target.id, mergedFrom: duplicate.reference });
  // Replies to any mail of the duplicate's thread now find the target.
  const refs = new Set(
    [duplicate.originMessageId, ...messages.map((m) => m.messageId)].filter((x): x is string => !!x)
  );
  for (const ref of refs) await deps.cases.indexMessageRef(target.id, ref);
  const copied: TimelineEntry[] = (detail?.timeline ?? [])
    .filter((e) => e.type !== 'case.merged')
    .map((e) => ({
      ...e,
      summary: `${duplicate.reference}: ${e.summary}`,
      data: { ...(e.data ?? {}), mergedFrom: duplicate.reference },
    }));
  await deps.cases.appendTimeline(target.id, copied);

  const before = computeSla(deps, target)?.targets ?? [];
  if (duplicate.sla && target.sla)
    await deps.slaClocks.appendSlaFacts(target.id, factsFromDuplicate(duplicate.sla.facts, target.sla.facts));
  await deps.cases.updateCaseFields(
    target.id,
    {
      mergedFrom: [
        ...(target.mergedFrom ?? []),
        { caseId: duplicate.id, reference: duplicate.reference, at, by },
      ],
    },
    [
      {
        at,
        type: 'case.merged',
        summary: `${duplicate.reference} merged into this case by ${by}: ${messages.length} messages and its timeline added`,
        actor: by,
        data: { from: duplicate.reference },
      },
    ]
  );
  const after = await deps.cases.getCase(target.id);
  const transitions = after ? targetTransitions(before, computeSla(deps, after)?.targets ?? [], at) : [];
  if (transitions.length) await deps.cases.appendTimeline(target.id, transitions);

  // The duplicate's clocks stop (its clock execution ends at its next wake-up, the case being
  // closed); the target's are armed for its earliest obligation.
  await refreshCaseClock(deps, duplicate.id);
  if (duplicate.sev1) await wakeSev1Workflow(deps, duplicate.id);
  await refreshCaseClock(deps, target.id);

  // One mail: in the target's thread, its References also naming the duplicate's first mail.
  const language = target.language ?? duplicate.language ?? 'en';
  const notice = mergedNotice(duplicate, target, language);
  const threaded: CaseRecord = {
    ...(after ?? target),
    originReferences: [
      ...target.originReferences,
      ...(duplicate.originMessageId ? [duplicate.originMessageId] : []),
    ],
  };
  const { messageId } = await noticeToCustomer(
    deps,
    threaded,
    {
      subject: caseSubject(target.reference, notice.subject),
      text: notice.text,
      headers: { ...AUTO_HEADERS },
    },
    at
  );
  await deps.cases.appendTimeline(target.id, [
    {
      at,
      type: 'notice.sent',
      summary: `customer told that ${duplicate.reference} is merged into ${target.reference}`,
      actor: 'caseflow',
      data: { messageId },
    },
  ]);
  return { mergedInto: target.reference };
}
