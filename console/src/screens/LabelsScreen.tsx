import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ColourSwatch, LabelChips } from '../components/LabelChips';
import { ApiError, api, LABEL_COLOURS, type Label, type LabelColour } from '../lib/api';
import { useLabels } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

/** A colour picker: each option shows the chip it gives. */
function ColourSelect({ value, onChange }: { value: LabelColour; onChange: (c: LabelColour) => void }) {
  const t = useStrings();
  const options = LABEL_COLOURS.map((c) => ({ value: c, label: t.colourNames[c] ?? c }));
  return (
    <SpaceBetween direction="horizontal" size="s" alignItems="center">
      <Select
        selectedOption={options.find((o) => o.value === value) ?? null}
        options={options}
        ariaLabel={t.colour}
        onChange={({ detail }) => onChange((detail.selectedOption.value ?? 'grey') as LabelColour)}
      />
      <ColourSwatch colour={value} name={t.colourNames[value] ?? value} />
    </SpaceBetween>
  );
}

/** Labels (R-BOX-8): name and colour, kept by supervisors and admins; everyone sees how many cases carry each. */
export function LabelsScreen() {
  const t = useStrings();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const mayKeep = me.permissions.includes('labels:manage');
  const labels = useLabels();
  const [name, setName] = useState('');
  const [colour, setColour] = useState<LabelColour>('blue');
  const [editing, setEditing] = useState<Label | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['labels'] });
  const create = useMutation({
    mutationFn: () => api('/labels', { method: 'POST', body: { name, colour } }),
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const change = useMutation({
    mutationFn: (l: Label) => api(`/labels/${encodeURIComponent(l.id)}`, { method: 'POST', body: { name: l.name, colour: l.colour } }),
    onSuccess: async () => {
      setEditing(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/labels/${encodeURIComponent(id)}/delete`, { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  return (
    <ContentLayout header={<Header variant="h1" description={t.labelsHint}>{t.labels}</Header>}>
      <SpaceBetween size="l">
        {remove.error && <Alert type="error">{errorText(remove.error)}</Alert>}
        <Table
          items={labels.data ?? []}
          loading={labels.isLoading}
          loadingText={t.loading}
          trackBy="id"
          empty={<Box textAlign="center">{t.noLabels}</Box>}
          columnDefinitions={[
            { id: 'label', header: t.label, cell: (l) => <LabelChips ids={[l.id]} labels={[l]} /> },
            { id: 'colour', header: t.colour, cell: (l) => t.colourNames[l.colour] ?? l.colour },
            { id: 'count', header: t.cases, cell: (l) => l.count },
            { id: 'origin', header: '', cell: (l) => (l.bootstrap ? t.fromRules : '') },
            {
              id: 'actions',
              header: '',
              cell: (l) =>
                mayKeep && (
                  <SpaceBetween direction="horizontal" size="xs">
                    <Button variant="inline-link" ariaLabel={`${t.edit} ${l.name}`} onClick={() => setEditing(l)}>
                      {t.edit}
                    </Button>
                    <Button variant="inline-link" ariaLabel={`${t.delete} ${l.name}`} onClick={() => remove.mutate(l.id)}>
                      {t.delete}
                    </Button>
                  </SpaceBetween>
                ),
            },
          ]}
        />
        {mayKeep && (
          <Container header={<Header variant="h2">{t.newLabel}</Header>}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                create.mutate();
              }}
            >
              <SpaceBetween size="m">
                <FormField label={t.name}>
                  <Input value={name} onChange={({ detail }) => setName(detail.value)} />
                </FormField>
                <FormField label={t.colour}>
                  <ColourSelect value={colour} onChange={setColour} />
                </FormField>
                {create.error && <Alert type="error">{errorText(create.error)}</Alert>}
                <Button variant="primary" loading={create.isPending} disabled={!name.trim()}>
                  {t.save}
                </Button>
              </SpaceBetween>
            </form>
          </Container>
        )}
      </SpaceBetween>
      <Modal
        visible={editing !== null}
        onDismiss={() => setEditing(null)}
        header={t.edit}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => setEditing(null)}>{t.cancel}</Button>
              <Button
                variant="primary"
                loading={change.isPending}
                disabled={!editing?.name.trim()}
                onClick={() => editing && change.mutate(editing)}
              >
                {t.save}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        {editing && (
          <SpaceBetween size="m">
            <FormField label={t.name}>
              <Input value={editing.name} onChange={({ detail }) => setEditing({ ...editing, name: detail.value })} />
            </FormField>
            <FormField label={t.colour}>
              <ColourSelect value={editing.colour} onChange={(c) => setEditing({ ...editing, colour: c })} />
            </FormField>
            {change.error && <Alert type="error">{errorText(change.error)}</Alert>}
          </SpaceBetween>
        )}
      </Modal>
    </ContentLayout>
  );
}
