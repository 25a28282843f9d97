import type { BusinessCalendar } from '../calendar';
import type { CaseRecord, TimelineEntry } from '../case';
import { type TargetInstance, waitingPeriods } from '../sla';
import { reportDay } from './report-day';

/**
 * The facts a report counts (R-REP-1…3, R-BOX-9), derived from a case's records: the case, its
 * timeline, the staff who opened it, and its targets as the SLA clock computes them. The same
 * function feeds the aggregator (as events arrive) and the rebuild (from the records), so both
 * count alike. Each fact has a stable id: the aggregator counts an id once, however often an event
 * that reveals it is delivered.
 */
export type ReportTargetKind = 'acknowledgement' | 'firstResponse' | 'update' | 'resolution' | 'sev1Callback';
export const REPORT_TARGET_KINDS: readonly ReportTargetKind[] = [
  'acknowledgement',
  'firstResponse',
  'update',
  'resolution',
  'sev1Callback',
];

/** Where a case belongs: each fact of the case counts under these. */
export interface CaseDimensions {
  team: string;
  severity: string;
  customerId: string | null;
  plan: string | null;
}

export type ReportFact =
  | ({ id: string; kind: 'opened'; day: string } & CaseDimensions)
  | ({
      id: string;
      kind: 'resolved' | 'reopened' | 'paused';
      day: string;
      agent: string | null;
    } & CaseDimensions)
  | ({
      id: string;
      kind: 'target';
      day: string;
      target: ReportTargetKind;
      met: boolean;
      /** Whole minutes (started minutes) on the target's own clock: business or 24/7. */
      minutes: number;
      /** Who stopped it, when a staff member did (first response: the agent who replied). */
      agent: string | null;
    } & CaseDimensions)
  | ({ id: string; kind: 'reply'; day: string; agent: string; guaranteedMinutes: number } & CaseDimensions)
  | ({ id: string; kind: 'read'; day: string; agent: string } & CaseDimensions);

/** A staff member opened the case (the console's open, recorded in the audit log as `case.read`). */
export interface StaffRead {
  actor: string;
  at: string;
}

export interface CaseReportInput {
  case: CaseRecord;
  timeline: readonly TimelineEntry[];
  /** The inbound messages' ids and times: what there was to read at an open. */
  inbound: readonly { id: string; at: string }[];
  reads: readonly StaffRead[];
  /** The case's targets as the SLA clock computes them (computeSla), or none. */
  targets: readonly TargetInstance[];
  /** The business calendar of the case's plan and the 24/7 one: the clock's own. */
  calendar: BusinessCalendar | null;
  wallClock: BusinessCalendar;
}

const STAFF_ACTOR = /@/;

/** Whole minutes to a target, on the calendar the SLA clock counts it on, pauses left out. */
export function minutesToTarget(t: TargetInstance, calendar: BusinessCalendar, stoppedAt: string): number {
  const pauses = t.pauses.map((p) => ({
    start: new Date(p.start),
    end: new Date(p.end ?? '9999-12-31T00:00:00Z'),
  }));
  // A started minute counts: 240 minutes and 20 seconds is 241, past a 240-minute target.
  return Math.ceil(
    calendar.businessMinutesBetween(new Date(t.startedAt), new Date(stoppedAt), pauses) - 1e-9
  );
}

function targetKind(t: TargetInstance): ReportTargetKind | null {
  if (t.kind === 'acknowledgement') return 'acknowledgement';
  if (t.id === 'response#1') return 'firstResponse';
  if (t.kind === 'update') return 'update';
  if (t.kind === 'resolution') return 'resolution';
  return null;
}

/** The staff member whose timeline entry of `type` is at or last before `at`. */
function actorAt(timeline: readonly TimelineEntry[], type: TimelineEntry['type'], at: string): string | null {
  let found: TimelineEntry | null = null;
  for (const e of timeline)
    if (e.type === type && e.at <= at && STAFF_ACTOR.test(e.actor) && (!found || e.at >= found.at)) found = e;
  return found?.actor ?? null;
}

/** Every report fact the case's records show so far: only final ones (a running target has none). */
export function caseReportFacts(input: CaseReportInput): ReportFact[] {
  const c = input.case;
  const dims: CaseDimensions = {
    team: c.team,
    severity: c.severity,
    customerId: c.customerId,
    plan: c.sla?.terms.plan ?? c.plan,
  };
  const facts: ReportFact[] = [
    { id: `${c.id}:opened`, kind: 'opened', day: reportDay(c.createdAt), ...dims },
  ];
  const slaFacts = c.sla?.facts ?? [];
  for (const f of slaFacts) {
    if (f.kind === 'resolved' || f.kind === 'reopened')
      facts.push({
        id: `${c.id}:${f.kind}:${f.at}`,
        kind: f.kind,
        day: reportDay(f.at),
        agent: f.kind === 'resolved' ? actorAt(input.timeline, 'case.resolved', f.at) : null,
        ...dims,
      });
  }
  for (const p of waitingPeriods(slaFacts))
    facts.push({
      id: `${c.id}:paused:${p.start}`,
      kind: 'paused',
      day: reportDay(p.start),
      agent: null,
      ...dims,
    });

  for (const t of input.targets) {
    const kind = targetKind(t);
    if (!kind || !t.stoppedAt) continue;
    const calendar = t.clock === 'wall' ? input.wallClock : input.calendar;
    if (!calendar) continue;
    facts.push({
      id: `${c.id}:target:${t.id}`,
      kind: 'target',
      day: reportDay(t.stoppedAt),
      target: kind,
      met: t.stoppedAt <= t.dueAt,
      minutes: minutesToTarget(t, calendar, t.stoppedAt),
      agent: kind === 'firstResponse' ? actorAt(input.timeline, 'reply.sent', t.stoppedAt) : null,
      ...dims,
    });
  }
  const sev1 = c.sev1;
  if (sev1?.calledBackAt)
    facts.push({
      id: `${c.id}:target:sev1Callback`,
      kind: 'target',
      day: reportDay(sev1.calledBackAt),
      target: 'sev1Callback',
      met: sev1.calledBackAt <= sev1.callbackDueAt,
      minutes: minutesToTarget(
        { startedAt: sev1.receivedAt, pauses: [] } as unknown as TargetInstance,
        input.wallClock,
        sev1.calledBackAt
      ),
      agent: sev1.calledBackBy ?? null,
      ...dims,
    });

  for (const e of input.timeline) {
    if (e.type !== 'reply.sent' || !STAFF_ACTOR.test(e.actor)) continue;
    const work = typeof e.data?.workMinutes === 'number' ? e.data.workMinutes : 0;
    facts.push({
      id: `${c.id}:reply:${e.at}:${String(e.data?.messageId ?? '')}`,
      kind: 'reply',
      day: reportDay(e.at),
      agent: e.actor,
      // The minutes the monthly guaranteed-time limit counts (reply-to-customer adds the same).
      guaranteedMinutes: c.triage?.reportedCritical ? 0 : work,
      ...dims,
    });
  }
  // A message counts as read by a staff member at their first open after it arrived.
  const reads = [...input.reads].sort((a, b) => a.at.localeCompare(b.at));
  for (const m of input.inbound) {
    const seen = new Set<string>();
    for (const r of reads) {
      if (r.at < m.at || seen.has(r.actor)) continue;
      seen.add(r.actor);
      facts.push({
        id: `${c.id}:read:${m.id}:${r.actor}`,
        kind: 'read',
        day: reportDay(r.at),
        agent: r.actor,
        ...dims,
      });
    }
  }
  return facts;
}
