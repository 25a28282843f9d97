import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_WARMUP_STAGES, formatStageCsv } from '../../functions/deliverability/domain/warmup';
import { apiOption, call, print, table } from './deliverability-api';

/** `caseflow warmup plan|status|import|export|migration` (R-DLV-2). */
export function registerWarmupCommands(program: Command): void {
  const warmup = program
    .command('warmup')
    .description('IP warm-up plans: stages, caps, daily decisions, migration share');

  apiOption(
    warmup
      .command('plan <ip>')
      .description('show the day-by-day plan of an IP; with --account, create it first')
      .option('--account <id>', 'create the plan for this account (the IP must be one of its sending IPs)')
      .option('--start <YYYY-MM-DD>', 'first day of the warm-up (default: today)')
      .option(
        '--stages <file.csv>',
        `stage table (stage,daily_volume[,provider…]); default: SparkPost's automated warm-up, ${DEFAULT_WARMUP_STAGES.length} stages, then done`
      )
      .option('--overflow-pool <name>', 'where traffic above the caps goes')
      .option('--stream <name>', 'the stream warmed first (e.g. transactional)')
  ).action(
    async (
      ip: string,
      o: {
        api: string;
        account?: string;
        start?: string;
        stages?: string;
        overflowPool?: string;
        stream?: string;
      }
    ) => {
      if (o.account) {
        await call(o.api, 'PUT', `/warmup/${encodeURIComponent(ip)}`, {
          accountId: o.account,
          startDate: o.start,
          stagesCsv: o.stages ? await readFile(o.stages, 'utf8') : undefined,
          overflowPool: o.overflowPool ?? null,
          stream: o.stream ?? null,
        });
      }
      const { json } = await call(o.api, 'GET', `/warmup/${encodeURIComponent(ip)}/schedule`);
      const days = (json as { days: { day: string; stage: number | string; volume: number | null }[] }).days;
      print(table([['day', 'stage', 'volume/day'], ...days.map((d) => [d.day, d.stage, d.volume ?? '—'])]));
    }
  );

  apiOption(
    warmup.command('status <ip>').description("today's stage and caps per provider, recent decisions")
  ).action(async (ip: string, o: { api: string }) => {
    const { json } = await call(o.api, 'GET', `/warmup/${encodeURIComponent(ip)}`);
    const s = json as {
      ip: string;
      status: string;
      stage: number | string;
      stages: number;
      today: string;
      overflow: string;
      caps: { volume: number; providers: Record<string, number>; pulledBack: string[] } | null;
      decisions: {
        day: string;
        kind: string;
        fromStage: number;
        toStage: number;
        delivered: number;
        stageVolume: number;
        reasons: string[];
      }[];
      bestCaseDoneOn: string | null;
    };
    print(
      `${s.ip}: ${s.status}, stage ${s.stage} of ${s.stages} on ${s.today}; best case done on ${s.bestCaseDoneOn ?? '—'}`
    );
    print(s.overflow);
    if (s.caps) {
      print(`today's cap ${s.caps.volume}/day; per provider:`);
      print(
        table(
          Object.entries(s.caps.providers).map(([p, v]) => [
            `  ${p}`,
            v,
            s.caps?.pulledBack.includes(p) ? 'pulled back' : '',
          ])
        )
      );
    }
    if (s.decisions.length) {
      print('recent decisions:');
      print(
        table(
          s.decisions.map((d) => [
            `  ${d.day}`,
            d.kind,
            `${d.fromStage}→${d.toStage}`,
            `${d.delivered}/${d.stageVolume}`,
            d.reasons.join('; '),
          ])
        )
      );
    }
  });

  apiOption(
    warmup.command('import <ip> <file.csv>').description("replace an IP's stage table from CSV")
  ).action(async (ip: string, file: string, o: { api: string }) => {
    const { json } = await call(
      o.api,
      'PUT',
      `/warmup/${encodeURIComponent(ip)}/stages`,
      await readFile(file, 'utf8'),
      'text/csv'
    );
    print(`imported ${(json as { stages: unknown[] }).stages.length} stages for ${ip}`);
  });

  apiOption(
    warmup
      .command('export [ip]')
      .description("write an IP's stage table as CSV (no IP: the default SparkPost table, offline)")
      .option('-o, --output <file>', 'write to a file instead of stdout')
  ).action(async (ip: string | undefined, o: { api: string; output?: string }) => {
    const csv = ip
      ? (await call(o.api, 'GET', `/warmup/${encodeURIComponent(ip)}/stages.csv`)).text
      : formatStageCsv(DEFAULT_WARMUP_STAGES);
    if (o.output) await writeFile(o.output, csv);
    else process.stdout.write(csv);
  });

  apiOption(
    warmup
      .command('migration <account>')
      .description("share of the account's daily volume on its warmed IPs, day by day")
      .option('--volume <n>', "expected daily volume (default: the account's expectedDailyVolume)")
      .option('--days <n>', 'days to show', '45')
  ).action(async (account: string, o: { api: string; volume?: string; days: string }) => {
    const q = new URLSearchParams({ days: o.days, ...(o.volume ? { expectedDailyVolume: o.volume } : {}) });
    const { json } = await call(o.api, 'GET', `/accounts/${encodeURIComponent(account)}/migration?${q}`);
    const m = json as {
      rows: { day: string; newIpCapacity: number; share: number; remaining: number; basis: string }[];
    };
    print(
      table([
        ['day', 'on new IPs', 'share', 'on old IPs / overflow', 'basis'],
        ...m.rows.map((r) => [
          r.day,
          r.newIpCapacity,
          `${(r.share * 100).toFixed(1)}%`,
          r.remaining,
          r.basis,
        ]),
      ])
    );
  });
}
