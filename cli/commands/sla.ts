import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Config } from '../../functions/config/schema';
import { computeTarget, type SlaClass, type TargetKind } from '../../functions/domain/sla';
import { calendarFor, wallClock } from '../../functions/domain/sla-policy';

/**
 * `caseflow sla due`: the due time of a target, with its explanation, computed by the same
 * domain code the service runs (functions/domain/sla.ts and the business calendar).
 */
const TARGETS = ['firstResponse', 'resolution', 'acknowledgement', 'update'] as const;
type TargetName = (typeof TARGETS)[number];

/**
 * Set by the command's build (scripts/build-bundles.mjs): the built-in demo config as loadConfig()
 * returns it (JSON), validated there once; validating it at every run was a third of this command's
 * time and memory.
 */
declare const CASEFLOW_BUILT_IN_CONFIG: string | undefined;

async function configOf(file: string | undefined): Promise<Config> {
  if (!file && !process.env.CASEFLOW_CONFIG && typeof CASEFLOW_BUILT_IN_CONFIG !== 'undefined')
    return JSON.parse(CASEFLOW_BUILT_IN_CONFIG) as Config;
  const { loadConfig, readConfigFile } = await import('../../functions/config/load');
  return file ? readConfigFile(file) : loadConfig();
}

function instant(value: string): Date {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) {
    throw new InvalidArgumentError(
      `not an ISO 8601 instant with an offset: ${value} (e.g. 2026-12-23T16:30:00+01:00)`
    );
  }
  return new Date(value);
}

function pause(value: string, previous: { start: string; end: string | null }[] = []) {
  const [from, to, ...rest] = value.split('/');
  if (!from || !to || rest.length) throw new InvalidArgumentError(`a pause is START/END, got ${value}`);
  const start = instant(from);
  const end = instant(to);
  if (end <= start) throw new InvalidArgumentError(`pause ends before it starts: ${value}`);
  return [...previous, { start: start.toISOString(), end: end.toISOString() }];
}

/** "2026-12-28T10:30:00+01:00": the instant in the plan's time zone, with its offset. */
export function isoWithOffset(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value])
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

export interface DueOptions {
  plan: string;
  received: Date;
  target: TargetName;
  class: SlaClass;
  pauses: { start: string; end: string | null }[];
}

/** The computation behind the command, for tests and other callers. */
export function dueTime(config: Config, o: DueOptions) {
  const plan = config.plans[o.plan];
  if (!plan) throw new Error(`unknown plan ${o.plan} (known: ${Object.keys(config.plans).join(', ')})`);
  const policy = o.class === 'critical' ? plan.critical : plan.nonCritical;
  const spec: Record<
    TargetName,
    { kind: TargetKind; minutes: number | undefined; clock: 'wall' | 'business'; label: string }
  > = {
    firstResponse: {
      kind: 'response',
      minutes: policy.response?.minutes,
      clock: 'business',
      label: 'first response',
    },
    resolution: {
      kind: 'resolution',
      minutes: policy.resolution?.minutes,
      clock: 'business',
      label: 'resolution',
    },
    acknowledgement: {
      kind: 'acknowledgement',
      minutes: plan.acknowledgementMinutes,
      clock: 'wall',
      label: 'automatic acknowledgement',
    },
    update: { kind: 'update', minutes: policy.updateEvery?.minutes, clock: 'wall', label: 'status update' },
  };
  const t = spec[o.target];
  if (t.minutes === undefined)
    throw new Error(`plan ${o.plan} has no ${o.target} target for ${o.class} cases`);
  const timeZone = policy.calendar.timeZone;
  const target = computeTarget(
    { calendar: calendarFor(policy.calendar), warnAt: plan.warnAt },
    wallClock(),
    {
      id: o.target,
      kind: t.kind,
      label: t.label,
      startedAt: o.received.toISOString(),
      minutes: t.minutes,
      clock: t.clock,
      pauses: o.pauses,
    },
    timeZone
  );
  return {
    plan: o.plan,
    class: o.class,
    target: o.target,
    minutes: t.minutes,
    clock: t.clock,
    received: isoWithOffset(o.received, timeZone),
    due: isoWithOffset(new Date(target.dueAt), t.clock === 'wall' ? 'Europe/Warsaw' : timeZone),
    dueUtc: target.dueAt,
    warnings: target.warnings.map((w) => ({
      fraction: w.fraction,
      at: isoWithOffset(new Date(w.at), timeZone),
    })),
    explanation: target.explanation,
  };
}

export function registerSlaCommands(program: Command): void {
  const sla = program.command('sla').description('SLA clocks: due times and their explanations');
  sla
    .command('due')
    .description('print when a target is due for a case received at an instant, and why')
    .requiredOption('--plan <name>', 'plan name, e.g. STANDARD')
    .requiredOption('--received <instant>', 'when the case was received, ISO 8601 with offset', instant)
    .addOption(new Option('--target <target>', 'which target').choices(TARGETS).default('firstResponse'))
    .addOption(
      new Option('--class <class>', 'case class').choices(['nonCritical', 'critical']).default('nonCritical')
    )
    .option('--pause <START/END>', 'a waiting-on-customer interval (repeatable)', pause, [])
    .option('--config <file>', 'config file (default: CASEFLOW_CONFIG, else the built-in demo config)')
    .option('--json', 'print JSON for machines')
    .action(
      async (o: {
        plan: string;
        received: Date;
        target: TargetName;
        class: SlaClass;
        pause: { start: string; end: string | null }[];
        config?: string;
        json?: boolean;
      }) => {
        const config = await configOf(o.config);
        const result = dueTime(config, {
          plan: o.plan,
          received: o.received,
          target: o.target,
          class: o.class,
          pauses: o.pause,
        });
        process.stdout.write(
          o.json ? `${JSON.stringify(result, null, 2)}\n` : `${result.due}\n${result.explanation}\n`
        );
      }
    );
}
