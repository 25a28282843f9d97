import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import Multiselect from '@cloudscape-design/components/multiselect';
import Box from '@cloudscape-design/components/box';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, apiAll, type CaseDetail, TEAMS } from '../lib/api';
import { SPAM_FOLDER, useCaseFolders, useLabels } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { MergeCase } from './MergeCase';
import { SeverityChange } from './SeverityChange';

/**
 * Assign the case (to me, a colleague, nobody), move it to another team with a reason, label it,
 * move it to a folder, mark it spam (and back), change its severity with a reason, merge it into another.
 */
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
  const active = c.status === 'OPEN' || c.status === 'WAITING_ON_CUSTOMER';
  const labels = useLabels();
  const folders = useCaseFolders();
  const [confirmSpam, setConfirmSpam] = useState(false);
  const filed = async () => {
    await done();
    await queryClient.invalidateQueries({ queryKey: ['labels'] });
    await queryClient.invalidateQueries({ queryKey: ['case-folders'] });
    await queryClient.invalidateQueries({ queryKey: ['filed'] });
  };
  const relabel = useMutation({
    mutationFn: (change: { add: string[]; remove: string[] }) =>
      api(`/cases/${c.id}/labels`, { method: 'POST', body: change }),
    onSuccess: filed,
  });
  const file = useMutation({
    mutationFn: (folder: string | null) => api(`/cases/${c.id}/folder`, { method: 'POST', body: { folder } }),
    onSuccess: filed,
  });
  const spam = useMutation({
    mutationFn: (marked: boolean) => api(`/cases/${c.id}/${marked ? 'spam' : 'not-spam'}`, { method: 'POST', body: {} }),
    onSuccess: async () => {
      setConfirmSpam(false);
      await filed();
    },
  });
  const labelOptions = (labels.data ?? []).map((l) => ({ value: l.id, label: l.name, tags: [t.colourNames[l.colour] ?? l.colour] }));
  const folderOptions = [
    { value: '', label: t.inbox },
    ...(folders.data ?? []).filter((f) => f.id !== SPAM_FOLDER).map((f) => ({ value: f.id, label: f.name })),
  ];
  const error = assign.error ?? move.error ?? relabel.error ?? file.error ?? spam.error;
  const options = [
    { value: '', label: t.nobody },
    ...(colleagues.data?.colleagues ?? []).map((u) => ({ value: u.id, label: u.name })),
  ];
  return (
    <Container header={<Header variant="h2">{t.triage}</Header>}>
      <SpaceBetween size="m">
        {active && (
          <>
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
          </>
        )}
        <FormField label={t.labels}>
          <Multiselect
            selectedOptions={labelOptions.filter((o) => (c.labels ?? []).includes(o.value))}
            options={labelOptions}
            placeholder={t.chooseLabels}
            filteringType="auto"
            tokenLimit={4}
            statusType={labels.isLoading ? 'loading' : 'finished'}
            disabled={relabel.isPending}
            onChange={({ detail }) => {
              const next = detail.selectedOptions.map((o) => o.value ?? '');
              const before = c.labels ?? [];
              const add = next.filter((id) => !before.includes(id));
              const remove = before.filter((id) => !next.includes(id));
              if (add.length || remove.length) relabel.mutate({ add, remove });
            }}
          />
        </FormField>
        {c.spam ? (
          <SpaceBetween size="xs">
            <Alert type="warning">{t.spamMarked}</Alert>
            <Button onClick={() => spam.mutate(false)} loading={spam.isPending}>
              {t.notSpam}
            </Button>
          </SpaceBetween>
        ) : (
          <>
            <FormField label={t.moveToFolder}>
              <Select
                selectedOption={folderOptions.find((o) => o.value === (c.folder ?? '')) ?? folderOptions[0] ?? null}
                options={folderOptions}
                filteringType="auto"
                disabled={file.isPending}
                statusType={folders.isLoading ? 'loading' : 'finished'}
                onChange={({ detail }) => file.mutate(detail.selectedOption.value || null)}
              />
            </FormField>
            {c.severity !== 'SEV1' && (
              <Button onClick={() => setConfirmSpam(true)}>{t.markSpam}</Button>
            )}
          </>
        )}
        <Modal
          visible={confirmSpam}
          onDismiss={() => setConfirmSpam(false)}
          header={t.markSpam}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button onClick={() => setConfirmSpam(false)}>{t.cancel}</Button>
                <Button variant="primary" loading={spam.isPending} onClick={() => spam.mutate(true)}>
                  {t.markSpam}
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          {t.confirmSpam}
        </Modal>
        {(c.status === 'OPEN' || c.status === 'WAITING_ON_CUSTOMER') && !c.mergedInto && (
          <>
            <SeverityChange detail={c} />
            <MergeCase detail={c} />
          </>
        )}
        {error && <Alert type="error">{error instanceof ApiError ? error.message : String(error)}</Alert>}
      </SpaceBetween>
    </Container>
  );
}
