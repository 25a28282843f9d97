import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import DateInput from '@cloudscape-design/components/date-input';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import Table from '@cloudscape-design/components/table';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { type CaseSummary, type SearchPage, TEAMS } from '../lib/api';
import { LoadMore, useCasePages, useCaseSelection } from '../lib/case-list';
import { useLabels } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { queuesOf, useSession } from '../lib/session';
import { SEARCH_KEYS, type SearchParams } from '../lib/search-params';
import { useNow } from '../lib/time';
import { caseColumns } from './QueueScreen';


/** No search asked: no rows (one array, so the selection does not reset on each render). */
const NONE: CaseSummary[] = [];
/** Typing waits this long before asking: a query per pause, not per key. */
const DEBOUNCE_MS = 150;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Search and filters (R-BOX-14): the top bar's words, and status, team, severity, assignee, label
 * and the days a case was opened. Results come from the server newest first, a page at a time,
 * in the queue's row shape.
 */
export function SearchScreen({ params }: { params: SearchParams }) {
  const t = useStrings();
  const { me } = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const labels = useLabels();
  const settled = useDebounced(params, DEBOUNCE_MS);
  const query = useMemo(() => {
    const entries = SEARCH_KEYS.flatMap((k) => {
      const value = settled[k]?.trim();
      if (!value) return [];
      // A half-typed date is not asked for yet.
      if ((k === 'from' || k === 'to') && !DATE.test(value)) return [];
      return [[k, value] as const];
    });
    return Object.fromEntries(entries) as Record<string, string>;
  }, [settled]);
  const asking = Object.keys(query).length > 0;
  const { pages, rows: read } = useCasePages<SearchPage>({
    queryKey: ['search', query],
    path: `/cases?${new URLSearchParams(query)}`,
    refetchInterval: false,
    enabled: asking,
    keepPrevious: true,
  });
  const rows = asking ? read : NONE;
  const first = asking ? pages.data?.pages[0] : undefined;
  const total = first && `${first.total}${first.totalExact === false ? '+' : ''}`;
  const { open, selection } = useCaseSelection(rows, query);

  const set = (patch: SearchParams) =>
    navigate({
      to: '/search',
      search: (prev: SearchParams) => Object.fromEntries(Object.entries({ ...prev, ...patch }).filter(([, v]) => v)),
      replace: true,
    });
  const choice = (value: string | undefined, options: SelectProps.Option[]) =>
    options.find((o) => o.value === (value ?? '')) ?? (options[0] as SelectProps.Option);
  const statuses: SelectProps.Option[] = [
    { value: '', label: t.anyStatus },
    ...Object.entries(t.statusNames).map(([value, label]) => ({ value, label })),
  ];
  const teams: SelectProps.Option[] = [
    { value: '', label: t.anyTeam },
    ...queuesOf(me, TEAMS).map((team) => ({ value: team, label: team })),
  ];
  const severities: SelectProps.Option[] = [
    { value: '', label: t.anySeverity },
    { value: 'SEV1', label: t.sev1 },
    { value: 'NON_CRITICAL', label: t.normal },
  ];
  // Labels by name (the filter takes the label's id).
  const labelOptions: SelectProps.Option[] = [
    { value: '', label: t.anyLabel },
    ...(labels.data ?? []).map((l) => ({ value: l.id, label: l.name })),
  ];
  const assignees: SelectProps.Option[] = [
    { value: '', label: t.anyone },
    { value: 'me', label: t.mine },
    { value: 'none', label: t.unassigned },
  ];
  const filters = SEARCH_KEYS.filter((k) => k !== 'q' && params[k]);

  return (
    <Table
      variant="full-page"
      wrapLines
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={total === undefined ? undefined : `(${total})`}
          description={asking ? undefined : t.searchHint}
          actions={
            filters.length > 0 && (
              <Button onClick={() => set({ status: '', team: '', severity: '', assignee: '', label: '', from: '', to: '' })}>
                {t.clearFilters}
              </Button>
            )
          }
        >
          {params.q ? `${t.search}: ${params.q}` : t.searchCases}
        </Header>
      }
      filter={
        <div className="search-filters">
          <FormField label={t.status}>
            <Select
              selectedOption={choice(params.status, statuses)}
              options={statuses}
              onChange={({ detail }) => set({ status: detail.selectedOption.value })}
            />
          </FormField>
          <FormField label={t.team}>
            <Select
              selectedOption={choice(params.team, teams)}
              options={teams}
              onChange={({ detail }) => set({ team: detail.selectedOption.value })}
            />
          </FormField>
          <FormField label={t.severity}>
            <Select
              selectedOption={choice(params.severity, severities)}
              options={severities}
              onChange={({ detail }) => set({ severity: detail.selectedOption.value })}
            />
          </FormField>
          <FormField label={t.assignee}>
            <Select
              selectedOption={choice(params.assignee, assignees)}
              options={assignees}
              onChange={({ detail }) => set({ assignee: detail.selectedOption.value })}
            />
          </FormField>
          <FormField label={t.label}>
            <Select
              selectedOption={choice(params.label, labelOptions)}
              options={labelOptions}
              filteringType="auto"
              onChange={({ detail }) => set({ label: detail.selectedOption.value })}
            />
          </FormField>
          <FormField label={t.openedFrom}>
            <DateInput
              value={params.from ?? ''}
              placeholder="YYYY/MM/DD"
              onChange={({ detail }) => set({ from: detail.value })}
            />
          </FormField>
          <FormField label={t.openedTo}>
            <DateInput
              value={params.to ?? ''}
              placeholder="YYYY/MM/DD"
              onChange={({ detail }) => set({ to: detail.value })}
            />
          </FormField>
        </div>
      }
      loading={asking && pages.isLoading}
      loadingText={t.loading}
      items={rows}
      trackBy="id"
      {...selection}
      ariaLabels={{
        tableLabel: t.searchCases,
        selectionGroupLabel: t.searchCases,
        itemSelectionLabel: (_, c) => `${c.reference} ${c.subject}`,
        allItemsSelectionLabel: () => t.searchCases,
      }}
      columnDefinitions={caseColumns({
        t,
        now,
        open,
        labels: labels.data,
        team: true,
        viewers: false,
        opened: { language: me.language },
      })}
      empty={<Box textAlign="center">{asking ? t.noResults : t.searchHint}</Box>}
      footer={<LoadMore pages={pages} />}
    />
  );
}
