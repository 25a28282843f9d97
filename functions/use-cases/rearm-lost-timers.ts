import { type CaseRecord, isActive, isInIntake } from '../domain/case';
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
  };
  const now = deps.clock.now();
  for (const c of await deps.paging.listOpenSev1Cases()) {
    if (!c.sev1 || c.sev1.calledBackAt || skip(c, now)) continue;
    report.checked++;
    if (await deps.workflows.isSev1CallbackRunning(c.id, c.sev1.attempt)) {
      report.healthy++;
      continue;
    }
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
    deps.log.warn('watchdog re-armed lost timers', {
      rearmed: report.rearmed.length,
      clocks: report.clocksRearmed.length,
    });
    await tellManagement(deps, report);
  }
  return report;
}

/** Lost timers are a fault of the system itself: management hears of each run that found some. */
async function tellManagement(deps: Deps, report: WatchdogReport): Promise<void> {
  const refs = async (ids: string[]) =>
    (await Promise.all(ids.map(async (id) => (await deps.cases.getCase(id))?.reference ?? id))).join(', ');
  const lines = [
    `The watchdog found timers that were not running and re-armed them (${formatInstant(deps.clock.now().toISOString())}).`,
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
    subject: `[WATCHDOG] ${report.rearmed.length + report.clocksRearmed.length} lost timer(s) re-armed`,
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
      if (after?.sla && after.sla.clockGeneration !== generation) report.clocksRearmed.push(c.id);
    }
  }
}
