import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { apiAll } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';
import { formatDateTime } from '../lib/time';
import { type CustomerAvailability, downloadCsv, recentMonths, type Statement } from '../lib/time-reports';

const num = (value: number, language: 'pl' | 'en', digits = 3) =>
  value.toLocaleString(language === 'pl' ? 'pl-PL' : 'en-GB', { maximumFractionDigits: digits });

/**
 * Availability and billable time for a month (docs/reports.md): per customer and service against
 * the target, every unavailable interval with its case, and each customer's statement; CSV for both.
 */
export function TimeReportsScreen() {
  const t = useStrings();
  const { me } = useSession();
  const navigate = useNavigate();
  const months = useMemo(() => recentMonths(new Date()), []);
  // Last month first: the one whose report is complete.
  const [month, setMonth] = useState(months[1] ?? months[0] ?? '');
  const [csvError, setCsvError] = useState<string | null>(null);
  const availability = useQuery({
    queryKey: ['report-availability', month],
    queryFn: () => apiAll<'customers', CustomerAvailability>(`/reports/availability?month=${month}`, 'customers'),
  });
  const billing = useQuery({
    queryKey: ['report-billing', month],
    queryFn: () => apiAll<'statements', Statement>(`/reports/billing?month=${month}`, 'statements'),
  });
  const rows = (availability.data?.customers ?? []).flatMap((c) =>
    c.services.map((s) => ({ ...s, customerId: c.customerId, customerName: c.customerName, plan: c.plan }))
  );
  const intervals = rows.flatMap((r) =>
    r.intervals.map((i, n) => ({ ...i, id: `${r.customerId}-${r.service}-${n}`, customerName: r.customerName, service: r.service }))
  );
  const csv = (kind: 'availability' | 'billing') => {
    setCsvError(null);
    downloadCsv(`/reports/${kind}?month=${month}&format=csv`, `${kind}-${month}.csv`).catch((e: Error) =>
      setCsvError(e.message)
    );
  };
  const serviceName = (s: 'api' | 'smtp') => (s === 'api' ? 'API' : t.smtpInjection);
  const error = availability.error ?? billing.error;
  return (
    <ContentLayout header={<Header variant="h1" description={t.timeReportsHint}>{t.timeReports}</Header>}>
      <SpaceBetween size="l">
        <FormField label={t.month}>
          <Select
            selectedOption={{ value: month, label: month }}
            options={months.map((m) => ({ value: m, label: m }))}
            onChange={({ detail }) => setMonth(detail.selectedOption.value ?? month)}
          />
        </FormField>
        {error && <Alert type="error">{(error as Error).message}</Alert>}
        {csvError && <Alert type="error">{csvError}</Alert>}
        <Table
          header={
            <Header variant="h2" actions={<Button onClick={() => csv('availability')}>{t.downloadCsv}</Button>}>
              {t.availability}
            </Header>
          }
          items={rows}
          loading={availability.isLoading}
          loadingText={t.loading}
          trackBy={(r) => `${r.customerId}-${r.service}`}
          wrapLines
          stickyColumns={{ first: 1 }}
          columnDefinitions={[
            { id: 'customer', header: t.customer, cell: (r) => r.customerName },
            { id: 'service', header: t.service, cell: (r) => serviceName(r.service) },
            { id: 'target', header: t.target, cell: (r) => `${num(r.targetPercent, me.language)}\u00a0%` },
            { id: 'allowed', header: t.allowedMin, cell: (r) => num(r.allowedMinutes, me.language) },
            { id: 'used', header: t.usedMin, cell: (r) => num(r.usedMinutes, me.language) },
            { id: 'remaining', header: t.remainingMin, cell: (r) => num(r.remainingMinutes, me.language) },
            { id: 'availability', header: t.availabilityPercent, cell: (r) => `${num(r.availabilityPercent, me.language, 6)}\u00a0%` },
            {
              id: 'held',
              header: t.promise,
              minWidth: 130,
              cell: (r) =>
                r.held ? <StatusIndicator type="success">{t.held}</StatusIndicator> : <StatusIndicator type="error">{t.broken}</StatusIndicator>,
            },
          ]}
        />
        <Table
          header={<Header variant="h2">{t.unavailableIntervals}</Header>}
          items={intervals}
          loading={availability.isLoading}
          loadingText={t.loading}
          trackBy="id"
          wrapLines
          stickyColumns={{ first: 1 }}
          empty={<Box textAlign="center">{t.noIntervals}</Box>}
          columnDefinitions={[
            { id: 'customer', header: t.customer, cell: (i) => i.customerName },
            { id: 'service', header: t.service, cell: (i) => serviceName(i.service) },
            { id: 'start', header: t.from, cell: (i) => formatDateTime(i.start, me.language), minWidth: 170 },
            { id: 'end', header: t.to, cell: (i) => formatDateTime(i.end, me.language), minWidth: 170 },
            { id: 'seconds', header: t.seconds, cell: (i) => num(i.seconds, me.language) },
            {
              id: 'source',
              header: t.source,
              cell: (i) =>
                i.source.kind === 'case' ? (
                  <Link
                    href={`/cases/${i.source.reference}`}
                    onFollow={(e) => {
                      e.preventDefault();
                      if (i.source.kind === 'case') void navigate({ to: '/cases/$reference', params: { reference: i.source.reference } });
                    }}
                  >
                    {i.source.reference}
                  </Link>
                ) : (
                  `${t.monitoring} ${i.source.id}`
                ),
            },
          ]}
        />
        <Table
          header={
            <Header variant="h2" actions={<Button onClick={() => csv('billing')}>{t.downloadCsv}</Button>}>
              {t.billableTime}
            </Header>
          }
          items={billing.data?.statements ?? []}
          loading={billing.isLoading}
          loadingText={t.loading}
          trackBy="customerId"
          wrapLines
          stickyColumns={{ first: 1 }}
          columnDefinitions={[
            { id: 'customer', header: t.customer, cell: (s) => s.customerName },
            { id: 'plan', header: t.plan, cell: (s) => s.plan },
            { id: 'package', header: t.packageMin, cell: (s) => num(s.packageMinutes, me.language) },
            { id: 'used', header: t.packageUsed, cell: (s) => num(s.packageUsedMinutes, me.language) },
            { id: 'left', header: t.packageLeft, cell: (s) => num(s.packageRemainingMinutes, me.language) },
            { id: 'billed', header: t.billedMin, cell: (s) => num(s.billedMinutes, me.language) },
            { id: 'rate', header: t.rate, cell: (s) => (s.ratePlnPerHour === null ? t.agreed : `${s.ratePlnPerHour} PLN/h`) },
            { id: 'amount', header: t.amountPln, cell: (s) => (s.amountPln === null ? '—' : `${s.amountPln} PLN`) },
            { id: 'email', header: t.emailMin, cell: (s) => num(s.loggedMinutes.email, me.language) },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
