import type { CaseRecord, PendingNotice } from '../domain/case';
import {
  callbackMissedAt,
  callbackMissedLines,
  missedEvent,
  missedMomentNotice,
  targetsMissedAt,
} from '../domain/missed-notice';
import { ledgerKey, type TargetInstance } from '../domain/sla';
import { formatLocal } from '../domain/time-format';
import type { Services } from './deps';

type Deps = Pick<Services, 'cases' | 'slaClocks' | 'notices'>;

const MISSED = ':missed';

/**
 * A management notice of a missed target names everything missed at that moment, once :
 * the other targets' notices of the same minute and the Sev-1 callback join it; when the callback
 * workflow told management first, the clock records that instead (null: send nothing).
 */
export async function oneNoticePerMoment(
  deps: Deps,
  c: CaseRecord,
  notice: PendingNotice,
  notices: readonly PendingNotice[],
  now: Date,
  targets: readonly TargetInstance[]
): Promise<PendingNotice | null> {
  const target =
    notice.audience === 'management' && notice.key.endsWith(MISSED)
      ? targets.find((t) => `${t.id}${MISSED}` === notice.key)
      : undefined;
  if (!target) return notice;
  const at = now.toISOString();
  const sameMoment = targetsMissedAt(targets, target.dueAt, now).map((t) => `${t.id}${MISSED}`);
  const siblings: PendingNotice[] = [];
  for (const other of notices) {
    if (other === notice || other.audience !== 'management' || !sameMoment.includes(other.key)) continue;
    if (await deps.slaClocks.recordSlaEvent(c.id, ledgerKey('notice', other.key), at)) siblings.push(other);
  }
  const callback = callbackMissedAt(c, target.dueAt, now);
  if (callback && !c.sev1?.breachedAt) {
    // The callback workflow is about to record the breach and page again: its notice names this
    // target too, with who was paged again.
    await deps.cases.appendTimeline(c.id, [
      {
        at,
        type: 'management.notified',
        summary: `the ${target.label} was missed with the Sev-1 callback: management hears of both in the callback's notice`,
        actor: 'caseflow',
        data: { target: target.id },
      },
    ]);
    return null;
  }
  const claim = await deps.notices.claim(c.id, missedEvent('management', target.dueAt), 'the case clock', at);
  if (!claim.claimed) {
    await deps.cases.appendTimeline(c.id, [
      {
        at,
        type: 'management.notified',
        summary: `management already told of this moment by ${claim.by} at ${claim.at}: no second notice for the ${target.label}`,
        actor: 'caseflow',
        data: { target: target.id },
      },
    ]);
    return null;
  }
  const repaged = ['overdue-ack', 'overdue-next'].flatMap((slot) => c.sev1?.pages[slot]?.recipient ?? []);
  const composed = missedMomentNotice(
    c,
    [
      ...(callback
        ? [{ what: 'Sev-1 callback', lines: callbackMissedLines(c, repaged, formatLocalInstant) }]
        : []),
      ...[notice, ...siblings].map((n) => ({
        what: targets.find((t) => `${t.id}${MISSED}` === n.key)?.label ?? n.key,
        lines: n.text.split('\n'),
      })),
    ],
    callback
  );
  return { ...notice, ...composed };
}

const formatLocalInstant = (iso: string) => formatLocal(new Date(iso));
