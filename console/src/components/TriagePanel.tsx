import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, apiAll, type CaseDetail, TEAMS } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { MergeCase } from './MergeCase';
import { SeverityChange } from './SeverityChange';

/** Assign the case, move it to another team, change its severity (each with a reason), merge it into another. */
export function TriagePanel({ detail: c }: { detail: CaseDetail }) {
  const t = useStrings();
  const queryClient = useQueryClient();
  const [team, setTeam] = useState<string>(c.team);
  const [reason, setReason] = useState('');
  const colleagues = useQuery({
    queryKey: ['colleagues', c.team],
    queryFn: () => apiAll<'colleagues', { id: string; name: string }>(`/colleagues?team=${c.team}`, 'colleagues'),
    staleTime: 60_000,
  });
  const done = () => queryClient.invalidateQueries({ queryKey: ['case'] });
  const assign = useMutation({
    mutationFn: (to: string | null) => api(`/cases/${c.id}/assign`, { method: 'POST', body: { to } }),
    onSuccess: done,
  });
  const move = useMutation({
    mutationFn: () => api(`/cases/${c.id}/team`, { method: 'POST', body: { team, reason } }),
    onSuccess: async () => {
      setReason('');
      await done();
    },
  });
  const error = assign.error ?? move.error;
  const options = [
    { value: '', label: t.nobody },
    ...(colleagues.data?.colleagues ?? []).map((u) => ({ value: u.id, label: u.name })),
  ];
  return (
    <Container header={<Header variant="h2">{t.triage}</Header>}>
      <SpaceBetween size="m">
        <FormField label={t.assignee}>
          <Select
            selectedOption={options.find((o) => o.value === (c.assignee?.userId ?? '')) ?? options[0] ?? null}
            options={options}
            filteringType="auto"
            statusType={colleagues.isLoading ? 'loading' : 'finished'}
            onChange={({ detail }) => assign.mutate(detail.selectedOption.value || null)}
          />
        </FormField>
        <Button onClick={() => assign.mutate('me')} loading={assign.isPending}>
          {t.assignToMe}
        </Button>
        <FormField label={t.moveToTeam}>
          <Select
            selectedOption={{ value: team, label: team }}
            options={TEAMS.map((x) => ({ value: x, label: x }))}
            onChange={({ detail }) => setTeam(detail.selectedOption.value ?? c.team)}
          />
        </FormField>
        {team !== c.team && (
          <>
            <FormField label={t.reason}>
              <Input value={reason} onChange={({ detail }) => setReason(detail.value)} />
            </FormField>
            <Button onClick={() => move.mutate()} loading={move.isPending} disabled={reason.trim().length < 3}>
              {t.move}
            </Button>
          </>
        )}
        <SeverityChange detail={c} />
        <MergeCase detail={c} />
        {error && <Alert type="error">{error instanceof ApiError ? error.message : String(error)}</Alert>}
      </SpaceBetween>
    </Container>
  );
}
