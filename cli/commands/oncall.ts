import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig, parseConfig, readConfigFile } from '../../functions/config/load';
import { escalationSteps, rosterOf } from '../../functions/config/oncall';
import type { Config } from '../../functions/config/schema';
import { describeTarget, resolveTarget } from '../../functions/domain/escalation-policy';
import { onCallAt } from '../../functions/domain/roster';
import { isoWithOffset } from './sla';

/**
 * `caseflow oncall show`: who is on call at an instant (every rotation, and who each escalation
 * step would page), from the same domain code the pager runs. `caseflow oncall override`: put
 * someone else on call for a window, written to the config file (validated before it is saved).
 */

function instant(value: string): Date {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) {
    throw new InvalidArgumentError(
      `not an ISO 8601 instant with an offset: ${value} (e.g. 2026-12-23T16:30:00+01:00)`
    );
  }
  return new Date(value);
}

export interface OncallView {
  at: string;
  rotations: {
    id: string;
    person: string | null;
    name: string | null;
    via: string | null;
    until: string | null;
  }[];
  steps: { name: string; afterMinutes: number; target: string; pages: string | null; why: string }[];
}

/** The computation behind `oncall show`, for tests and other callers. */
export function oncallAt(config: Config, at: Date): OncallView {
  const roster = rosterOf(config);
  return {
    at: at.toISOString(),
    rotations: roster.rotations.map((r) => {
      const shift = onCallAt(r, roster.overrides, at);
      return {
        id: r.id,
        person: shift?.person ?? null,
        name: shift ? (roster.people[shift.person]?.name ?? null) : null,
        via: shift?.via ?? null,
        until: shift ? isoWithOffset(new Date(shift.until), r.timeZone) : null,
      };
    }),
    steps: escalationSteps(config).map((step) => {
      const resolved = resolveTarget(step.target, roster, at);
      return {
        name: step.name,
        afterMinutes: step.afterMinutes,
        target: describeTarget(step.target),
        pages: 'email' in resolved ? resolved.email : null,
        why:
          'email' in resolved ? `${resolved.who} via ${resolved.via}` : `${resolved.why}: next level at once`,
      };
    }),
  };
}

/** Adds an override to a config file's JSON and returns the new JSON text (validated). */
export function addOverride(
  configText: string,
  source: string,
  o: { rotation: string; person: string; from: Date; to: Date; reason?: string }
): string {
  const json = JSON.parse(configText) as { oncall?: { overrides?: unknown[] } };
  if (!json.oncall) throw new Error(`${source} has no oncall section`);
  json.oncall.overrides = [
    ...(json.oncall.overrides ?? []),
    {
      rotation: o.rotation,
      person: o.person,
      from: o.from.toISOString(),
      to: o.to.toISOString(),
      ...(o.reason ? { reason: o.reason } : {}),
    },
  ];
  parseConfig(json, source); // refuses unknown rotations/people and empty windows
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function registerOncallCommands(program: Command): void {
  const oncall = program.command('oncall').description('on-call rosters and escalation policy');
  oncall
    .command('show')
    .description('who is on call at an instant (default now), per rotation and per escalation step')
    .option('--at <instant>', 'ISO 8601 instant with offset', instant)
    .option('--config <file>', 'config file (default: CASEFLOW_CONFIG, else the built-in demo config)')
    .option('--json', 'print JSON for machines')
    .action((o: { at?: Date; config?: string; json?: boolean }) => {
      const config = o.config ? readConfigFile(o.config) : loadConfig();
      const view = oncallAt(config, o.at ?? new Date());
      if (o.json) {
        process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        return;
      }
      const lines = [`on call at ${view.at}`];
      for (const r of view.rotations)
        lines.push(
          r.person
            ? `rotation ${r.id}: ${r.name ?? r.person} (${r.person}, ${r.via}) until ${r.until}`
            : `rotation ${r.id}: nobody`
        );
      for (const s of view.steps)
        lines.push(`+${s.afterMinutes} min ${s.name} [${s.target}]: ${s.pages ?? 'nobody'} — ${s.why}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  oncall
    .command('override')
    .description('put a person on call for a rotation during [from, to), saved in the config file')
    .requiredOption('--rotation <id>', 'rotation id')
    .requiredOption('--person <id>', 'person id (under oncall.people)')
    .requiredOption('--from <instant>', 'start, ISO 8601 with offset', instant)
    .requiredOption('--to <instant>', 'end (exclusive), ISO 8601 with offset', instant)
    .option('--reason <text>', 'why, shown in the config')
    .option('--config <file>', 'config file to change (default: CASEFLOW_CONFIG)')
    .action(
      (o: { rotation: string; person: string; from: Date; to: Date; reason?: string; config?: string }) => {
        const file = o.config ?? process.env.CASEFLOW_CONFIG;
        if (!file)
          throw new Error('an override is saved in a config file: pass --config or set CASEFLOW_CONFIG');
        writeFileSync(file, addOverride(readFileSync(file, 'utf8'), file, o));
        process.stdout.write(
          `override saved in ${file}: ${o.person} on call for ${o.rotation} from ${o.from.toISOString()} to ${o.to.toISOString()}\n`
        );
      }
    );
}
