import type { Command } from 'commander';
import { apiOption, call, print, table } from './deliverability-api';

/** `caseflow blacklist status|catalogue` (R-DLV-3). */
export function registerBlacklistCommands(program: Command): void {
  const blacklist = program
    .command('blacklist')
    .description('DNSBL monitoring: listed / clean / unknown per target and zone');

  apiOption(
    blacklist
      .command('status [target]')
      .description("every monitored target, or one, with each zone's outcome")
  ).action(async (target: string | undefined, o: { api: string }) => {
    type View = {
      target: string;
      outcome: string;
      zones: {
        name: string;
        outcome: string;
        reason?: string;
        codes?: { value: string; meaning: string }[];
      }[];
    };
    if (target) {
      const v = (await call(o.api, 'GET', `/blacklist/${encodeURIComponent(target)}`)).json as View;
      print(`${v.target}: ${v.outcome.toUpperCase()}`);
      print(
        table(
          v.zones.map((z) => [
            `  ${z.name}`,
            z.outcome,
            z.codes?.map((c) => `${c.value} ${c.meaning}`).join('; ') ?? z.reason ?? '',
          ])
        )
      );
      return;
    }
    const s = (await call(o.api, 'GET', '/blacklist')).json as {
      catalogueVersion: string;
      lastCycle: {
        finishedAt: string;
        resolver: string | null;
        excluded: { zoneId: string; reasons: string[] }[];
      } | null;
      targets: View[];
    };
    print(
      `catalogue ${s.catalogueVersion}; last cycle ${s.lastCycle?.finishedAt ?? 'never'} via ${s.lastCycle?.resolver ?? 'no resolver (unknown)'}`
    );
    for (const e of s.lastCycle?.excluded ?? []) print(`  set aside: ${e.zoneId}: ${e.reasons.join('; ')}`);
    print(
      table(
        s.targets.map((t) => [
          `  ${t.target}`,
          t.outcome.toUpperCase(),
          t.zones
            .filter((z) => z.outcome !== 'clean')
            .map((z) => `${z.name}: ${z.outcome}`)
            .join(', '),
        ])
      )
    );
  });

  apiOption(blacklist.command('catalogue').description('the versioned zone catalogue')).action(
    async (o: { api: string }) => {
      const c = (await call(o.api, 'GET', '/blacklist/catalogue')).json as {
        version: string;
        zones: { id: string; zone: string; status: string; lastVerified: string; note?: string }[];
      };
      print(`catalogue ${c.version}`);
      print(
        table(c.zones.map((z) => [`  ${z.id}`, z.zone, z.status, `verified ${z.lastVerified}`, z.note ?? '']))
      );
    }
  );
}
