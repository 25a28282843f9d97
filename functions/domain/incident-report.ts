import type { CaseRecord } from './case';
import { formatInstant } from './time-format';

const minutesBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${m} min` : `${m} min`;
}

/** One line of an update for the report: its first paragraph, at most 300 characters. */
function firstParagraph(text: string): string {
  const first = (text.split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
  return first.length > 300 ? `${first.slice(0, 297)}...` : first;
}

/**
 * The incident report of a resolved Sev-1 (R-SEV1-4): the update series the customer received,
 * with the callback and the timings, in the order they happened. Pure; built from the case alone,
 * so it holds only what the customer was told (no internal notes).
 */
export function incidentReport(c: CaseRecord, resolved: { at: string; by: string }): string {
  const sev1 = c.sev1;
  const lines = [
    `Incident report ${c.reference}: ${c.subject}`,
    '',
    `Customer:     ${c.customerName ?? c.requester.email}${c.plan ? ` (plan ${c.plan})` : ''}`,
    `Reported:     ${formatInstant(c.receivedAt)} by ${c.requester.name ?? c.requester.email}`,
  ];
  if (sev1?.acknowledgedAt)
    lines.push(
      `Acknowledged: ${formatInstant(sev1.acknowledgedAt)} by ${sev1.acknowledgedBy} (${duration(minutesBetween(c.receivedAt, sev1.acknowledgedAt))} after the report)`
    );
  if (sev1?.calledBackAt) {
    const met = sev1.calledBackAt <= sev1.callbackDueAt;
    lines.push(
      `Called back:  ${formatInstant(sev1.calledBackAt)} by ${sev1.calledBackBy} (${duration(minutesBetween(c.receivedAt, sev1.calledBackAt))}; due by ${formatInstant(sev1.callbackDueAt)}: ${met ? 'met' : 'missed'})`
    );
  } else if (sev1) {
    lines.push(`Called back:  not confirmed (due by ${formatInstant(sev1.callbackDueAt)})`);
  }
  const updates = sev1?.updates ?? [];
  lines.push('', `Updates to the customer: ${updates.length}`);
  updates.forEach((u, i) => {
    const late = u.at > u.dueAt ? ` — late, due by ${formatInstant(u.dueAt)}` : '';
    lines.push(`  ${i + 1}. ${formatInstant(u.at)}, ${u.by}${late}`, `     ${firstParagraph(u.text)}`);
  });
  const late = updates.filter((u) => u.at > u.dueAt).length;
  lines.push(
    '',
    `Resolved:     ${formatInstant(resolved.at)} by ${resolved.by}`,
    `Duration:     ${duration(minutesBetween(c.receivedAt, resolved.at))} from report to resolution`,
    `Cadence:      ${updates.length} update${updates.length === 1 ? '' : 's'}, ${late} late`
  );
  if (c.incident) lines.push(`Incident:     ${c.incident.id} (symptom "${c.incident.symptom}")`);
  return lines.join('\n');
}
