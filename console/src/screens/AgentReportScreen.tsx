import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ReportChart } from '../components/ReportChart';
import { CsvButton, MonthPicker } from '../components/ReportMonth';
import { useStrings } from '../lib/i18n';
import { useReportStrings } from '../lib/report-strings';
import { agentReport } from '../lib/report-api';
import { type DaySeries, lastDays, previousMonth } from '../lib/reports';
import { useSession } from '../lib/session';

type Split = DaySeries['dim'];
type DayRow = { day: string } & Record<string, number | string>;

/**
 * Agent and team statistics for a month (R-REP-1, R-REP-2, R-BOX-9; docs/reports.md): each agent's
 * messages read, replies, first responses and resolutions; the backlog and the cases opened per day
 * over the last 7 or 30 days, for all cases, per severity or per team, as charts with their figures.
 */
export function AgentReportScreen({ month, onMonth }: { month: string; onMonth: (month: string) => void }) {
  const t = useStrings();
  const r = useReportStrings();
  const { me } = useSession();
  const [csvError, setCsvError] = useState<string | null>(null);
  const [span, setSpan] = useState<7 | 30>(30);
  const [split, setSplit] = useState<Split>('all');
  const report = useQuery({ queryKey: ['report-agents', month], queryFn: () => agentReport(month) });
  const daysInReport = report.data?.series.find((s) => s.dim === 'all')?.days.length ?? 0;
  // A 30-day window early in a month reaches into the month before.
  const earlier = useQuery({
    queryKey: ['report-agents', previousMonth(month)],
    queryFn: () => agentReport(previousMonth(month)),
    enabled: !!report.data && daysInReport < span,
  });
  const locale = me.language === 'pl' ? 'pl-PL' : 'en-GB';
  const num = (n: number | null) => (n === null ? '—' : n.toLocaleString(locale, { maximumFractionDigits: 2 }));
  const seriesName = useMemo(
    () => (dim: Split, value: string) =>
      dim === 'all' ? r.allCases : dim === 'severity' ? (r.severities[value] ?? value) : value,
    [r]
  );

  const windowed = useMemo(
    () => (report.data ? lastDays(report.data, daysInReport < span ? earlier.data : undefined, span) : null),
    [report.data, earlier.data, daysInReport, span]
  );
  const shown = useMemo(() => (windowed?.series ?? []).filter((s) => s.dim === split), [windowed, split]);
  const labels = useMemo(() => (windowed?.axis ?? []).map((d) => d.slice(5)), [windowed]);
  const backlog = useMemo(
    () => shown.map((s) => ({ label: seriesName(s.dim, s.value), values: s.days.map((d) => d.open) })),
    [shown, seriesName]
  );
  const opened = useMemo(
    () => shown.map((s) => ({ label: seriesName(s.dim, s.value), values: s.days.map((d) => d.opened) })),
    [shown, seriesName]
  );
  const totals = shown.map((s) => ({
    id: `${s.dim}-${s.value}`,
    name: seriesName(s.dim, s.value),
    opened: s.days.reduce((sum, d) => sum + d.opened, 0),
    openAtEnd: s.days.at(-1)?.open ?? 0,
    peak: Math.max(0, ...s.days.map((d) => d.open)),
  }));
  const dayRows: DayRow[] = (windowed?.axis ?? []).map((day, i) => ({
    day,
    ...Object.fromEntries(shown.flatMap((s) => [[`opened-${s.value}`, s.days[i]?.opened ?? 0], [`open-${s.value}`, s.days[i]?.open ?? 0]])),
  }));
  const dayColumns: TableProps.ColumnDefinition<DayRow>[] = [
    { id: 'day', header: r.day, cell: (d) => d.day, minWidth: 110 },
    ...shown.flatMap((s) => {
      const name = seriesName(s.dim, s.value);
      return [
        { id: `opened-${s.value}`, header: `${name}: ${r.opened}`, cell: (d: DayRow) => String(d[`opened-${s.value}`]) },
        { id: `open-${s.value}`, header: `${name}: ${r.open}`, cell: (d: DayRow) => String(d[`open-${s.value}`]) },
      ];
    }),
  ];
  const summaryOf = (what: 'open' | 'opened') =>
    shown.map((s) => `${seriesName(s.dim, s.value)} ${s.days.map((d) => `${d.day.slice(5)} ${d[what]}`).join(', ')}`);

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={r.agentsHint}
          actions={<CsvButton path={`/reports/agents?month=${month}&format=csv`} filename={`caseflow-agents-${month}.csv`} onError={setCsvError} />}
        >
          {t.agentsAndTeams}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <MonthPicker month={month} onChange={onMonth} />
        {report.error && <Alert type="error">{(report.error as Error).message}</Alert>}
        {csvError && <Alert type="error">{csvError}</Alert>}
        <Table
          header={<Header variant="h2">{r.agents}</Header>}
          items={report.data?.agents ?? []}
          loading={report.isLoading}
          loadingText={r.loading}
          trackBy="agent"
          wrapLines
          stickyColumns={{ first: 1 }}
          empty={<Box textAlign="center">{r.noAgents}</Box>}
          columnDefinitions={[
            { id: 'agent', header: r.agent, cell: (a) => a.agent, minWidth: 160 },
            { id: 'read', header: r.messagesRead, cell: (a) => num(a.messagesRead) },
            { id: 'replies', header: r.repliesSent, cell: (a) => num(a.repliesSent) },
            { id: 'first', header: r.firstResponses, cell: (a) => num(a.firstResponses) },
            { id: 'median', header: r.medianFirstResponse, cell: (a) => num(a.medianFirstResponseMinutes) },
            { id: 'resolved', header: r.casesResolved, cell: (a) => num(a.casesResolved) },
          ]}
        />
        <Container header={<Header variant="h2" description={report.data ? r.casesPerDayHint(report.data.asOf) : undefined}>{r.casesPerDay}</Header>}>
          <SpaceBetween size="m">
            <SpaceBetween size="m" direction="horizontal">
              <div>
                <Box variant="awsui-key-label">
                  <span id="report-days-label">{r.window}</span>
                </Box>
                <SegmentedControl
                  ariaLabelledby="report-days-label"
                  selectedId={String(span)}
                  options={[
                    { id: '7', text: r.days7 },
                    { id: '30', text: r.days30 },
                  ]}
                  onChange={({ detail }) => setSpan(detail.selectedId === '7' ? 7 : 30)}
                />
              </div>
              <div>
                <Box variant="awsui-key-label">
                  <span id="report-split-label">{r.groupBy}</span>
                </Box>
                <SegmentedControl
                  ariaLabelledby="report-split-label"
                  selectedId={split}
                  options={[
                    { id: 'all', text: r.allCases },
                    { id: 'severity', text: r.bySeverity },
                    { id: 'team', text: r.byTeam },
                  ]}
                  onChange={({ detail }) => setSplit(detail.selectedId as Split)}
                />
              </div>
            </SpaceBetween>
            {labels.length > 0 && (
              <ColumnLayout columns={2} minColumnWidth={300}>
                <div>
                  <Box variant="h3" padding={{ bottom: 'xs' }}>{r.backlogChart}</Box>
                  <ReportChart kind="lines" labels={labels} series={backlog} name={r.backlogChart} summary={r.lineSummary(r.open, summaryOf('open'))} />
                </div>
                <div>
                  <Box variant="h3" padding={{ bottom: 'xs' }}>{r.openedChart}</Box>
                  <ReportChart kind="lines" labels={labels} series={opened} name={r.openedChart} summary={r.lineSummary(r.opened, summaryOf('opened'))} />
                </div>
              </ColumnLayout>
            )}
            <Table
              variant="embedded"
              items={totals}
              trackBy="id"
              wrapLines
              loading={report.isLoading}
              loadingText={r.loading}
              columnDefinitions={[
                { id: 'series', header: r.series, cell: (s) => s.name },
                { id: 'opened', header: r.openedInWindow, cell: (s) => num(s.opened) },
                { id: 'end', header: r.openAtEnd, cell: (s) => num(s.openAtEnd) },
                { id: 'peak', header: r.peakOpen, cell: (s) => num(s.peak) },
              ]}
            />
            <Table
              variant="embedded"
              header={<Header variant="h3">{r.chartData}</Header>}
              items={dayRows}
              trackBy="day"
              loading={report.isLoading}
              loadingText={r.loading}
              stickyColumns={{ first: 1 }}
              columnDefinitions={dayColumns}
            />
          </SpaceBetween>
        </Container>
      </SpaceBetween>
    </ContentLayout>
  );
}
