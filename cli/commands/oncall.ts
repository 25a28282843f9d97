import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { parseConfig, readConfigFile } from '../../functions/config/load';
import { rosterOf } from '../../functions/config/oncall';
import type { Config } from '../../functions/config/schema';
import { type OncallView, oncallView } from '../../functions/use-cases/oncall-roster';
import { apiOption, callApi, callApiAll, print } from './deliverability-api';
import { isoWithOffset } from './sla';

/**
 * `caseflow oncall show`: who is on call at an instant (every rotation, and who each escalation
 * step would page), from the same code the pager runs — asked of the running caseflow, or computed
 * from a config file (`--config`). `caseflow oncall override`: put someone else on call for a
 * window, stored by the running caseflow (the pager sees it at once) or saved in a config file.
 */

function instant(value: string): Date {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) {
    throw new InvalidArgumentError(
      `not an ISO 8601 instant with an offset: ${value} (e.g. 2026-12-23T16:30:00+01:00)`
    );
  }
  return new Date(value);
}

/** `oncall show --config`: the view from a config file alone, handoffs in each rotation's zone. */
export function oncallAt(config: Config, at: Date): OncallView {
  const view = oncallView(config, rosterOf(config), at);
  const zones = new Map(config.oncall.rotations.map((r) => [r.id, r.timeZone]));
  return {
    ...view,
    rotations: view.rotations.map((r) => ({
      ...r,
      until: r.until ? isoWithOffset(new Date(r.until), zones.get(r.id) ?? 'UTC') : null,
    })),
  };
}

function printView(view: OncallView, json?: boolean): void {
  if (json) {
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
  apiOption(
    oncall
      .command('show')
      .description('who is on call at an instant (default now), per rotation and per escalation step')
      .option('--at <instant>', 'ISO 8601 instant with offset', instant)
      .option('--config <file>', 'compute from this config file alone, without a running caseflow')
      .option('--json', 'print JSON for machines')
  ).action(async (o: { at?: Date; config?: string; json?: boolean; api: string }) => {
    if (o.config) return printView(oncallAt(readConfigFile(o.config), o.at ?? new Date()), o.json);
    const query = o.at ? `?at=${encodeURIComponent(o.at.toISOString())}` : '';
    printView((await callApi(o.api, 'GET', `/api/oncall${query}`)).json as OncallView, o.json);
  });
  apiOption(
    oncall
      .command('override')
      .description(
        'put a person on call for a rotation during [from, to): stored by the running caseflow (seen at once), or with --config saved in that file'
      )
      .requiredOption('--rotation <id>', 'rotation id')
      .requiredOption('--person <id>', 'person id (under oncall.people)')
      .requiredOption('--from <instant>', 'start, ISO 8601 with offset', instant)
      .requiredOption('--to <instant>', 'end (exclusive), ISO 8601 with offset', instant)
      .option('--reason <text>', 'why, kept with the override')
      .option(
        '--config <file>',
        'save in this config file instead (takes effect on the next start or deploy)'
      )
  ).action(
    async (o: {
      rotation: string;
      person: string;
      from: Date;
      to: Date;
      reason?: string;
      config?: string;
      api: string;
    }) => {
      if (o.config) {
        writeFileSync(o.config, addOverride(readFileSync(o.config, 'utf8'), o.config, o));
        process.stdout.write(
          `override saved in ${o.config}: ${o.person} on call for ${o.rotation} from ${o.from.toISOString()} to ${o.to.toISOString()}\n`
        );
        return;
      }
      // Recorded as made by whoever is signed in (caseflow login).
      const { json } = await callApi(o.api, 'POST', '/api/oncall/overrides', {
        rotation: o.rotation,
        person: o.person,
        from: o.from.toISOString(),
        to: o.to.toISOString(),
        reason: o.reason,
      });
      const stored = json as { id: string };
      process.stdout.write(
        `override ${stored.id}: ${o.person} on call for ${o.rotation} from ${o.from.toISOString()} to ${o.to.toISOString()} (in effect now)\n`
      );
    }
  );
  apiOption(
    oncall.command('overrides').description('overrides stored by the running caseflow that have not ended')
  ).action(async (o: { api: string }) => {
    print({ overrides: await callApiAll(o.api, '/api/oncall/overrides', 'overrides') });
  });
  apiOption(
    oncall.command('cancel').description('cancel a stored override').argument('<id>', 'override id')
  ).action(async (id: string, o: { api: string }) => {
    await callApi(o.api, 'POST', `/api/oncall/overrides/${encodeURIComponent(id)}/cancel`);
    process.stdout.write(`override ${id} cancelled\n`);
  });
}
