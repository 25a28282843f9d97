import type { CaseRecord } from './case';
import { caseSubject } from './case';
import type { TargetInstance } from './sla';

/**
 * One missed moment, one management notice (R-ESC-6, issue 11): everything that fell due unmet at
 * the same minute — the Sev-1 callback, the first response, an update — is named in one mail,
 * whichever workflow noticed it first. Pure.
 */

/** The event both workflows claim for a moment: the audience and the due minute. */
export const missedEvent = (audience: 'management' | 'customer', dueAt: string): string =>
  `${audience}:missed@${dueAt.slice(0, 16)}`;

const sameMinute = (a: string, b: string) => a.slice(0, 16) === b.slice(0, 16);

/** The Sev-1 callback, when it was due at that minute and is missed by `now`. */
export function callbackMissedAt(c: CaseRecord, dueAt: string, now: Date): boolean {
  const sev1 = c.sev1;
  if (!sev1 || !sameMinute(sev1.callbackDueAt, dueAt)) return false;
  if (Date.parse(sev1.callbackDueAt) > now.getTime()) return false;
  return !sev1.calledBackAt || sev1.calledBackAt > sev1.callbackDueAt;
}

/** The SLA targets (not the automatic acknowledgement) due at that minute and unmet by then. */
export function targetsMissedAt(
  targets: readonly TargetInstance[],
  dueAt: string,
  now: Date
): TargetInstance[] {
  return targets.filter(
    (t) =>
      t.kind !== 'acknowledgement' &&
      sameMinute(t.dueAt, dueAt) &&
      Date.parse(t.dueAt) <= now.getTime() &&
      (!t.stoppedAt || t.stoppedAt > t.dueAt)
  );
}

/**
 * The one notice: `[SLA BREACH]` when the Sev-1 callback is among the misses (the moment that
 * matters most), else `[SLA MISSED]`; one block per miss, in the words its workflow writes.
 */
export function missedMomentNotice(
  c: CaseRecord,
  blocks: { what: string; lines: string[] }[],
  callbackMissed: boolean
): { subject: string; text: string } {
  const tag = callbackMissed ? '[SLA BREACH]' : '[SLA MISSED]';
  const head =
    blocks.length > 1
      ? [
          `${blocks.length} targets for ${c.reference} were missed at the same moment: ${blocks.map((b) => b.what).join(', ')}.`,
          '',
        ]
      : [];
  return {
    subject: `${tag} ${caseSubject(c.reference, c.subject)}`,
    text: [...head, ...blocks.flatMap((b, i) => [...(i ? [''] : []), ...b.lines])].join('\n'),
  };
}

/** The Sev-1 callback's block: who was paged, whether anyone acknowledged, who was paged again. */
export function callbackMissedLines(
  c: CaseRecord,
  repaged: readonly string[],
  format: (iso: string) => string
): string[] {
  const sev1 = c.sev1;
  if (!sev1) return [];
  const state = sev1.acknowledgedAt
    ? `acknowledged by ${sev1.acknowledgedBy} at ${format(sev1.acknowledgedAt)}, but no callback was confirmed`
    : 'nobody acknowledged the page';
  const minutes = Math.round((Date.parse(sev1.callbackDueAt) - Date.parse(sev1.receivedAt)) / 60_000);
  const paged = Object.entries(sev1.pages)
    .filter(([slot]) => /^\d+$/.test(slot))
    .map(([, p]) => p.recipient)
    .filter((r) => r)
    .join(', ');
  return [
    `The ${minutes}-minute Sev-1 callback for ${c.customerName ?? 'a customer'} (plan ${c.plan ?? 'none'}) was missed.`,
    '',
    `Case:     ${c.reference} — ${c.subject}`,
    `Received: ${format(c.receivedAt)}`,
    `Due:      ${format(sev1.callbackDueAt)}`,
    `State:    ${state}`,
    `Paged:    ${paged || 'nobody'}`,
    ...(repaged.length ? [`Paged again: ${repaged.join(', ')} (callback overdue)`] : []),
  ];
}
