import { type Command, InvalidArgumentError } from 'commander';
import type { AgentReport } from '../../functions/domain/reports/agent-report';
import type { SlaReport } from '../../functions/domain/reports/sla-report';
import { apiOption, callApi, print, table } from './deliverability-api';

/**
 * `caseflow report sla|agents --month 2026-11 [--csv]`: the reports the API serves
 * (docs/reports.md), as a table, JSON or the API's own CSV. `caseflow reports rebuild`
 * recomputes the aggregates from the records, on the table itself as `caseflow admin` does.
 */
const month = (value: string) => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError(`not a month yyyy-mm: ${value}`);
  return value;
};
const day = (value: string) => {
  if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value))
    throw new InvalidArgumentError(`not a day yyyy-mm-dd: ${value}`);
  return value;
};
const dash = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v);

interface ReportOptions {
  api: string;
  month: string;
  csv?: boolean;
  json?: boolean;
}

async function fetchReport(
  kind: 'sla' | 'agents',
  o: ReportOptions
): Promise<{ text: string; json: unknown }> {
  const query = `?month=${o.month}${o.csv ? '&format=csv' : ''}`;
  return callApi(o.api, 'GET', `/api/reports/${kind}${query}`);
}

export function slaTable(report: SlaReport): string {
  const rows: (string | number)[][] = [
    [
      'kind',
      'id',
      'target',
      'count',
      'met',
      'missed',
      '% met',
      'median',
      'p90',
      'guaranteed used/limit',
      'limit reached',
    ],
  ];
  for (const row of [...report.customers, ...report.plans])
    for (const t of row.targets.filter((x) => x.count > 0))
      rows.push([
        row.kind,
        row.id,
        t.target,
        t.count,
        t.met,
        t.missed,
        dash(t.percentMet),
        dash(t.medianMinutes),
        dash(t.p90Minutes),
        row.guaranteed ? `${row.guaranteed.usedMinutes}/${dash(row.guaranteed.limitMinutes)}` : '',
        row.guaranteed?.limitReachedOn ?? '',
      ]);
  return table(rows);
}

export function agentsTable(report: AgentReport): string {
  return table([
    ['agent', 'read', 'replies', 'first responses', 'median first response', 'resolved'],
    ...report.agents.map((a) => [
      a.agent,
      a.messagesRead,
      a.repliesSent,
      a.firstResponses,
      dash(a.medianFirstResponseMinutes),
      a.casesResolved,
    ]),
  ]);
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('SLA compliance and agent statistics for a month');
  for (const [kind, description] of [
    ['sla', 'SLA compliance per customer and plan (R-REP-3)'],
    ['agents', 'agent and team statistics (R-REP-1, R-REP-2, R-BOX-9)'],
  ] as const)
    apiOption(
      report
        .command(kind)
        .description(description)
        .requiredOption('--month <yyyy-mm>', 'the month, e.g. 2026-11', month)
        .option('--csv', 'print the CSV the API serves')
        .option('--json', 'print JSON')
    ).action(async (o: ReportOptions) => {
      const out = await fetchReport(kind, o);
      if (o.csv) return void process.stdout.write(out.text);
      if (o.json) return print(JSON.stringify(out.json, null, 2));
      print(kind === 'sla' ? slaTable(out.json as SlaReport) : agentsTable(out.json as AgentReport));
    });

  const reports = program.command('reports').description('the report aggregates');
  reports
    .command('rebuild')
    .description(
      'recompute the aggregates of whole months from the records (cases, messages, timelines, audit) ' +
        'and write them over the incremental ones'
    )
    .requiredOption('--from <yyyy-mm-dd>', 'first day (its whole month is rebuilt)', day)
    .requiredOption('--to <yyyy-mm-dd>', 'last day (its whole month is rebuilt)', day)
    .requiredOption('--table <name>', 'the case table (the stack output CaseTableName)')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (e.g. DynamoDB Local)')
    .option('--region <region>', 'AWS region (default: the SDK default chain)')
    .option('--config <file>', 'config file (default: CASEFLOW_CONFIG, else the built-in demo config)')
    .action(
      async (o: {
        from: string;
        to: string;
        table: string;
        endpoint?: string;
        region?: string;
        config?: string;
      }) => {
        if (o.to < o.from) throw new InvalidArgumentError('--to is before --from');
        // The AWS SDK and the use-cases load for this command only.
        const [{ DynamoDBClient }, { dynamoStores }, { rebuildReports }, { loadConfig, readConfigFile }] =
          await Promise.all([
            import('@aws-sdk/client-dynamodb'),
            import('../../functions/data/dynamo-stores'),
            import('../../functions/use-cases/reports/rebuild-reports'),
            import('../../functions/config/load'),
          ]);
        const config = o.config ? readConfigFile(o.config) : loadConfig();
        const client = new DynamoDBClient({
          ...(o.endpoint ? { endpoint: o.endpoint } : {}),
          ...(o.region ? { region: o.region } : {}),
        });
        try {
          const quiet = () => {};
          const result = await rebuildReports(
            {
              ...dynamoStores(client, o.table),
              config,
              clock: { now: () => new Date() },
              log: { info: quiet, warn: quiet, error: quiet },
            },
            o.from,
            o.to
          );
          print(
            `rebuilt ${result.from}..${result.to}: ${result.cases} cases, ${result.facts} facts, ${result.items} items`
          );
        } finally {
          client.destroy();
        }
      }
    );
}
