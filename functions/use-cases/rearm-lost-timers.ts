import { escalationSteps } from '../config/oncall';
import { type CaseRecord, isActive, isInIntake } from '../domain/case';
import { decideSev1 } from '../domain/sev1';
import { decideClock, ledgerKey } from '../domain/sla';
import type { Team } from '../domain/team';
import { formatInstant } from '../domain/time-format';
import { computeSla, refreshCaseClock } from './case-clock';
import { pagerAddress, type Services } from './deps';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'paging'
  | 'slaClocks'
  | 'caseTransactions'
  | 'incidents'
  | 'workflows'
  | 'mailer'
  | 'events'
  | 'ids'
  | 'log'
>;

export interface WatchdogReport {
  checked: number;
  healthy: number;
  rearmed: string[];
  /** Active cases whose SLA clock was checked, and those re-armed or recomputed. */
  clocksChecked: number;
  clocksRearmed: string[];
  /** Timers found running as they should (Sev-1 workflows + SLA clocks): the health metric. */
  healthyTimers: number;
  /** Re-armed timers that were late: a deadline (page, callback, target, notice) passed unseen. */
  late: { caseId: string; what: string }[];
}

/** The most active cases the watchdog looks at per team and run. */
const QUEUE_SCAN_LIMIT = 5000;

/**
 * The watchdog (DESIGN "Clocks and workflows"): every open Sev-1 must have a live callback
 * workflow. A lost one (failed execution, local restart) is started again as the next attempt;
 * it re-reads the case, so pages already sent are not sent again and due ones go out at once.
 */
export async function rearmLostTimers(
  deps: Deps,
  options: { atStartup?: boolean } = {}
): Promise<WatchdogReport> {
  // A scheduled run leaves cases still in their intake alone; at a local start-up no intake is
  // running any more (the process that ran them is gone), so every case is checked.
  const skip = (c: CaseRecord, now: Date) => !options.atStartup && isInIntake(c, now);
  const report: WatchdogReport = {
    checked: 0,
    healthy: 0,
    rearmed: [],
    clocksChecked: 0,
    clocksRearmed: [],
    healthyTimers: 0,
    late: [],
  };
  const now = deps.clock.now();
  for (const c of await deps.paging.listOpenSev1Cases()) {
    if (!c.sev1 || c.sev1.calledBackAt || skip(c, now)) continue;
    report.checked++;
    if (await deps.workflows.isSev1CallbackRunning(c.id, c.sev1.attempt)) {
      report.healthy++;
      continue;
    }
    const missed = missedBySev1Timer(deps, c, now);
    if (missed) report.late.push({ caseId: c.id, what: missed });
    const attempt = c.sev1.attempt + 1;
    await deps.paging.setSev1Attempt(c.id, attempt);
    await deps.workflows.startSev1Callback(c.id, attempt);
    await deps.cases.appendTimeline(c.id, [
      {
        at: deps.clock.now().toISOString(),
        type: 'workflow.rearmed',
        summary: `Sev-1 callback timer was not running; re-armed as attempt ${attempt}`,
        actor: 'watchdog',
      },
    ]);
    report.rearmed.push(c.id);
  }
  await checkCaseClocks(deps, report, skip);
  report.healthyTimers = report.healthy + report.clocksChecked - report.clocksRearmed.length;
  if (report.rearmed.length || report.clocksRearmed.length) {
    // Re-arming is the design after a restart (in-memory executions are gone): logged and counted;
    // management hears only of timers that were late, a deadline having passed unseen.
    deps.log.warn('watchdog re-armed lost timers', {
      rearmed: report.rearmed.length,
      clocks: report.clocksRearmed.length,
      late: report.late.length,
    });
    if (report.late.length) await tellManagement(deps, report);
  }
  return report;
}

/** What a lost Sev-1 timer should already have done: a page or the callback breach. */
function missedBySev1Timer(deps: Deps, c: CaseRecord, now: Date): string | null {
  const decision = decideSev1(c, escalationSteps(deps.config), now);
  if (decision.next === 'BREACH')
    return `the Sev-1 callback deadline ${formatInstant(c.sev1?.callbackDueAt ?? '')}`;
  if (decision.dueLevels.length)
    return `a page due at level ${decision.dueLevels.map((l) => l + 1).join(', ')}`;
  return null;
}

/** What a lost clock should already have done: a warning, a breach or a notice that fell due. */
function missedByClock(deps: Deps, c: CaseRecord, now: Date): string | null {
  const sla = computeSla(deps, c);
  if (!c.sla || !sla) return null;
  const due = decideClock(sla.targets, c.sla.ledger, now).actions[0];
  if (due) return `the ${due.target.label} ${due.kind} due ${formatInstant(due.at)}`;
  const notice = c.sla.notices.find(
    (n) => n.notifyAt <= now.toISOString() && !c.sla?.ledger[ledgerKey('notice', n.key)]
  );
  return notice ? `the notice "${notice.subject}" due ${formatInstant(notice.notifyAt)}` : null;
}

/** Late timers are a fault of the system itself: management hears of each run that found some. */
async function tellManagement(deps: Deps, report: WatchdogReport): Promise<void> {
  const refs = async (ids: string[]) =>
    (await Promise.all(ids.map(async (id) => (await deps.cases.getCase(id))?.reference ?? id))).join(', ');
  const late = await Promise.all(
    report.late.map(async (l) => `- ${(await refs([l.caseId])) || l.caseId}: ${l.what} passed unseen`)
  );
  const lines = [
    `The watchdog found timers that were not running, some of them late, and re-armed them (${formatInstant(deps.clock.now().toISOString())}).`,
    '',
    'Late (a deadline passed while nothing watched it):',
    ...late,
    '',
    `Sev-1 callback workflows re-armed: ${report.rearmed.length}${report.rearmed.length ? ` (${await refs(report.rearmed)})` : ''}`,
    `SLA clocks re-armed or recomputed: ${report.clocksRearmed.length}${report.clocksRearmed.length ? ` (${await refs(report.clocksRearmed)})` : ''}`,
    `Healthy timers: ${report.healthyTimers}`,
    '',
    'Pages and notices already sent are not sent again; anything that fell due meanwhile goes out now.',
  ];
  await deps.mailer.send({
    from: pagerAddress(deps.config),
    to: deps.config.oncall.management,
    subject: `[WATCHDOG] ${report.late.length} late timer(s) re-armed`,
    text: lines.join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
}

/**
 * Every active case with something due must have a live clock, and its deadlines must be those
 * of the plan as configured now: a changed plan or calendar recomputes them (docs/sla.md).
 */
async function checkCaseClocks(
  deps: Deps,
  report: WatchdogReport,
  skip: (c: CaseRecord, now: Date) => boolean
): Promise<void> {
  const now = deps.clock.now();
  for (const team of Object.keys(deps.config.teams) as Team[]) {
    for (const c of await deps.slaClocks.listQueue(team, QUEUE_SCAN_LIMIT)) {
      if (!c.sla || !isActive(c.status) || skip(c, now)) continue;
      report.clocksChecked++;
      const missed = missedByClock(deps, c, now);
      const sla = computeSla(deps, c);
      const changed = sla !== null && sla.fingerprint !== c.sla.planFingerprint;
      if (changed) {
        await deps.cases.appendTimeline(c.id, [
          {
            at: deps.clock.now().toISOString(),
            type: 'sla.recomputed',
            summary: `plan ${c.sla.terms.plan} changed: deadlines recomputed from the case's history; recorded warnings and breaches stand`,
            actor: 'watchdog',
          },
        ]);
      }
      const generation = c.sla.clockGeneration;
      await refreshCaseClock(deps, c.id, changed);
      const after = await deps.cases.getCase(c.id);
      if (after?.sla && after.sla.clockGeneration !== generation) {
        report.clocksRearmed.push(c.id);
        if (missed) report.late.push({ caseId: c.id, what: missed });
      }
    }
  }
}
