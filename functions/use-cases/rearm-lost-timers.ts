import type { Services } from './deps';

type Deps = Pick<Services, 'clock' | 'store' | 'workflows' | 'log'>;

export interface WatchdogReport {
  checked: number;
  healthy: number;
  rearmed: string[];
}

/**
 * The watchdog (DESIGN "Clocks and workflows"): every open Sev-1 must have a live callback
 * workflow. A lost one (failed execution, local restart) is started again as the next attempt;
 * it re-reads the case, so pages already sent are not sent again and due ones go out at once.
 */
export async function rearmLostTimers(deps: Deps): Promise<WatchdogReport> {
  const report: WatchdogReport = { checked: 0, healthy: 0, rearmed: [] };
  for (const c of await deps.store.listOpenSev1Cases()) {
    if (!c.sev1 || c.sev1.calledBackAt) continue;
    report.checked++;
    if (await deps.workflows.isSev1CallbackRunning(c.id, c.sev1.attempt)) {
      report.healthy++;
      continue;
    }
    const attempt = c.sev1.attempt + 1;
    await deps.store.setSev1Attempt(c.id, attempt);
    await deps.workflows.startSev1Callback(c.id, attempt);
    await deps.store.appendTimeline(c.id, [
      {
        at: deps.clock.now().toISOString(),
        type: 'workflow.rearmed',
        summary: `Sev-1 callback timer was not running; re-armed as attempt ${attempt}`,
        actor: 'watchdog',
      },
    ]);
    report.rearmed.push(c.id);
  }
  if (report.rearmed.length)
    deps.log.warn('watchdog re-armed lost timers', { rearmed: report.rearmed.length });
  return report;
}
