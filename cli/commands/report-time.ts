import type { Command } from 'commander';
import type { CustomerAvailabilityRow } from '../../functions/domain/availability';
import type { StatementRow } from '../../functions/domain/billing';
import { apiOption, callApi, callApiAll, print, table } from './deliverability-api';

type Options = { api: string; month: string; customer?: string; csv?: boolean; json?: boolean };

const query = (o: Options, extra = '') =>
  `month=${encodeURIComponent(o.month)}${o.customer ? `&customer=${encodeURIComponent(o.customer)}` : ''}${extra}`;

/** `report` is shared with the other reports' commands: found when already registered. */
function reportCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'report') ??
    program.command('report').description('monthly reports (docs/reports.md)')
  );
}

const withMonth = (command: Command) =>
  apiOption(
    command
      .requiredOption('--month <yyyy-mm>', 'the calendar month (UTC), e.g. 2026-11')
      .option('--customer <id>', 'one customer only')
      .option('--csv', 'print the CSV export (the same as the API’s format=csv)')
      .option('--json', 'print JSON')
  );

/** `caseflow report availability|billing --month 2026-11 [--csv]`: from the running caseflow's API. */
export function registerReportTimeCommands(program: Command): void {
  const report = reportCommand(program);

  withMonth(
    report
      .command('availability')
      .description('availability per customer and service against its target (R-SLA-7)')
  ).action(async (o: Options) => {
    if (o.csv)
      return print(
        (await callApi(o.api, 'GET', `/api/reports/availability?${query(o, '&format=csv')}`)).text.trimEnd()
      );
    const customers = await callApiAll<CustomerAvailabilityRow>(
      o.api,
      `/api/reports/availability?${query(o)}`,
      'customers'
    );
    if (o.json) return print({ month: o.month, customers });
    const rows: (string | number)[][] = [
      [
        'customer',
        'plan',
        'service',
        'target %',
        'allowed min',
        'used min',
        'remaining min',
        'availability %',
        'held',
      ],
    ];
    for (const c of customers)
      for (const s of c.services)
        rows.push([
          c.customerId,
          c.plan,
          s.service,
          s.targetPercent,
          s.allowedMinutes,
          s.usedMinutes,
          s.remainingMinutes,
          s.availabilityPercent,
          s.held ? 'yes' : 'NO',
        ]);
    print(table(rows));
    for (const c of customers)
      for (const s of c.services)
        for (const i of s.intervals)
          print(
            `  ${c.customerId} ${s.service} ${i.start} – ${i.end} ${i.seconds} s ${i.source.kind === 'case' ? i.source.reference : `monitoring ${i.source.id}`}`
          );
  });

  withMonth(
    report.command('billing').description('billable time per customer: package, overage, PLN net (R-SLA-6)')
  ).action(async (o: Options) => {
    if (o.csv)
      return print(
        (await callApi(o.api, 'GET', `/api/reports/billing?${query(o, '&format=csv')}`)).text.trimEnd()
      );
    const statements = await callApiAll<StatementRow>(
      o.api,
      `/api/reports/billing?${query(o)}`,
      'statements'
    );
    if (o.json) return print({ month: o.month, statements });
    const rows: (string | number)[][] = [
      [
        'customer',
        'plan',
        'package min',
        'package used',
        'package left',
        'billed min',
        'PLN/h',
        'amount PLN',
        'email min',
      ],
    ];
    for (const s of statements)
      rows.push([
        s.customerId,
        s.plan,
        s.packageMinutes,
        s.packageUsedMinutes,
        s.packageRemainingMinutes,
        s.billedMinutes,
        s.ratePlnPerHour ?? 'agreed',
        s.amountPln ?? '—',
        s.loggedMinutes.email ?? 0,
      ]);
    print(table(rows));
  });
}
