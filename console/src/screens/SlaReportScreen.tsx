import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { CsvButton, MonthPicker } from '../components/ReportMonth';
import { ReportChart } from '../components/ReportChart';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';
import { targetName, useReportStrings } from '../lib/report-strings';
import { slaReport } from '../lib/report-api';
import { counted, percentMetByKind, TARGET_KINDS, type SlaRow, type TargetFigures, type TargetKind } from '../lib/reports';

type TargetRow = TargetFigures & { rowId: string; name: string; plan: string | null };

/**
 * SLA compliance for a month (R-REP-3, R-SLA-4; docs/reports.md): % met per target kind or per
 * customer as a chart with its figures, every customer's and plan's targets, and the guaranteed
 * time each customer used of its plan's limit.
 */
export function SlaReportScreen({ month, onMonth }: { month: string; onMonth: (month: string) => void }) {
  const t = useStrings();
  const r = useReportStrings();
  const { me } = useSession();
  const [csvError, setCsvError] = useState<string | null>(null);
  const [view, setView] = useState<'kind' | 'customer'>('kind');
  const [kind, setKind] = useState<TargetKind>('firstResponse');
  const report = useQuery({ queryKey: ['report-sla', month], queryFn: () => slaReport(month) });
  const locale = me.language === 'pl' ? 'pl-PL' : 'en-GB';
  const num = (n: number | null) => (n === null ? '—' : n.toLocaleString(locale, { maximumFractionDigits: 2 }));
  const pct = (n: number | null) => (n === null ? '—' : `${num(n)}\u00a0%`);

  const bars = useMemo(() => {
    if (!report.data) return [];
    if (view === 'kind')
      return percentMetByKind(report.data).map((b) => ({ label: targetName(r, b.target), met: b.met, count: b.count, percent: b.percent }));
    return report.data.customers.flatMap((c) => {
      const t = c.targets.find((x) => x.target === kind);
      return t && t.count ? [{ label: c.name, met: t.met, count: t.count, percent: t.percentMet ?? 0 }] : [];
    });
  }, [report.data, view, kind, r]);
  const chartLabels = useMemo(() => bars.map((b) => b.label), [bars]);
  const chartSeries = useMemo(() => [{ label: r.chartPercentMet, values: bars.map((b) => b.percent) }], [bars, r]);
  const chartName = r.percentMetChart(view === 'kind' ? r.allPlans : r.targets[kind]);

  const targetRows = (rows: SlaRow[]): TargetRow[] =>
    rows.flatMap((row) => counted(row).map((t) => ({ ...t, rowId: `${row.kind}-${row.id}-${t.target}`, name: row.name, plan: row.plan })));
  const figureColumns: TableProps.ColumnDefinition<TargetRow>[] = [
    { id: 'target', header: r.target, cell: (t) => targetName(r, t.target) },
    { id: 'count', header: r.count, cell: (t) => num(t.count) },
    { id: 'met', header: r.met, cell: (t) => num(t.met) },
    { id: 'missed', header: r.missed, cell: (t) => num(t.missed) },
    { id: 'percent', header: r.percentMet, cell: (t) => pct(t.percentMet) },
    { id: 'median', header: r.medianMin, cell: (t) => num(t.medianMinutes) },
    { id: 'p90', header: r.p90Min, cell: (t) => num(t.p90Minutes) },
  ];
  const guaranteed = (report.data?.customers ?? []).flatMap((c) => (c.guaranteed ? [{ ...c, g: c.guaranteed }] : []));

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={r.slaHint}
          actions={<CsvButton path={`/reports/sla?month=${month}&format=csv`} filename={`caseflow-sla-${month}.csv`} onError={setCsvError} />}
        >
          {t.slaCompliance}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <MonthPicker month={month} onChange={onMonth} />
        {report.error && <Alert type="error">{(report.error as Error).message}</Alert>}
        {csvError && <Alert type="error">{csvError}</Alert>}
        <Container header={<Header variant="h2">{r.targetsMet}</Header>}>
          <SpaceBetween size="m">
            <SpaceBetween size="m" direction="horizontal">
              <div>
                <Box variant="awsui-key-label">
                  <span id="report-view-label">{r.chartOf}</span>
                </Box>
                <SegmentedControl
                  ariaLabelledby="report-view-label"
                  selectedId={view}
                  options={[
                    { id: 'kind', text: r.byTargetKind },
                    { id: 'customer', text: r.byCustomer },
                  ]}
                  onChange={({ detail }) => setView(detail.selectedId === 'customer' ? 'customer' : 'kind')}
                />
              </div>
              {view === 'customer' && (
                <FormField label={r.targetKind}>
                  <Select
                    selectedOption={{ value: kind, label: r.targets[kind] }}
                    options={TARGET_KINDS.map((k) => ({ value: k, label: r.targets[k] }))}
                    onChange={({ detail }) => setKind((detail.selectedOption.value as TargetKind | undefined) ?? kind)}
                  />
                </FormField>
              )}
            </SpaceBetween>
            {bars.length ? (
              <>
                <ReportChart
                  kind="bars"
                  labels={chartLabels}
                  series={chartSeries}
                  yMax={100}
                  name={chartName}
                  summary={r.chartSummary(bars.map((b) => `${b.label} ${pct(b.percent)} (${b.met}/${b.count})`))}
                />
                <Table
                  variant="embedded"
                  header={<Header variant="h3">{r.chartData}</Header>}
                  items={bars}
                  trackBy="label"
                  wrapLines
                  columnDefinitions={[
                    { id: 'label', header: view === 'kind' ? r.target : r.customer, cell: (b) => b.label },
                    { id: 'met', header: r.met, cell: (b) => num(b.met) },
                    { id: 'count', header: r.count, cell: (b) => num(b.count) },
                    { id: 'percent', header: r.percentMet, cell: (b) => pct(b.percent) },
                  ]}
                />
              </>
            ) : (
              <Box color="text-body-secondary">{report.isLoading ? r.loading : r.noTargets}</Box>
            )}
          </SpaceBetween>
        </Container>
        <Table
          header={<Header variant="h2">{r.perCustomer}</Header>}
          items={targetRows(report.data?.customers ?? [])}
          loading={report.isLoading}
          loadingText={r.loading}
          trackBy="rowId"
          wrapLines
          stickyColumns={{ first: 1 }}
          empty={<Box textAlign="center">{r.noTargets}</Box>}
          columnDefinitions={[
            { id: 'customer', header: r.customer, cell: (t) => t.name, minWidth: 140 },
            { id: 'plan', header: r.plan, cell: (t) => t.plan ?? '—' },
            ...figureColumns,
          ]}
        />
        <Table
          header={<Header variant="h2">{r.perPlan}</Header>}
          items={targetRows(report.data?.plans ?? [])}
          loading={report.isLoading}
          loadingText={r.loading}
          trackBy="rowId"
          wrapLines
          stickyColumns={{ first: 1 }}
          empty={<Box textAlign="center">{r.noTargets}</Box>}
          columnDefinitions={[{ id: 'plan', header: r.plan, cell: (t) => t.name }, ...figureColumns]}
        />
        <Table
          header={<Header variant="h2" description={r.guaranteedHint}>{r.guaranteedTime}</Header>}
          items={guaranteed}
          loading={report.isLoading}
          loadingText={r.loading}
          trackBy="id"
          wrapLines
          stickyColumns={{ first: 1 }}
          empty={<Box textAlign="center">{r.noCustomers}</Box>}
          columnDefinitions={[
            { id: 'customer', header: r.customer, cell: (c) => c.name, minWidth: 140 },
            { id: 'plan', header: r.plan, cell: (c) => c.plan ?? '—' },
            { id: 'used', header: r.usedMin, cell: (c) => num(c.g.usedMinutes) },
            { id: 'limit', header: r.limitMin, cell: (c) => (c.g.limitMinutes === null ? r.noLimit : num(c.g.limitMinutes)) },
            {
              id: 'share',
              header: r.usedOfLimit,
              minWidth: 160,
              cell: (c) =>
                c.g.limitMinutes ? (
                  <ProgressBar
                    ariaLabel={`${r.usedOfLimit}: ${c.name}`}
                    value={Math.min(100, Math.round((c.g.usedMinutes / c.g.limitMinutes) * 100))}
                  />
                ) : (
                  '—'
                ),
            },
            { id: 'reached', header: r.limitReachedOn, cell: (c) => c.g.limitReachedOn ?? (c.g.limitMinutes === null ? '—' : r.notReached) },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
