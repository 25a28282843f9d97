import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ApiError, api } from '../lib/api';
import { useStrings } from '../lib/i18n';

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

/** An entry of a staff-kept catalogue (labels, case folders): an id, a name, and what else it has. */
interface Entry {
  id: string;
  name: string;
}

/**
 * A catalogue staff keep (labels, case folders): the entries with their columns, a form for a new
 * one, an edit dialog and delete. `path` is the API's (`/labels`): POST creates, POST `/:id`
 * changes, POST `/:id/delete` deletes; the list is re-read after each. `fields` draws what an entry
 * has beyond its name (a label's colour), for the new one and the one edited alike.
 */
export function CatalogueEditor<T extends Entry>(o: {
  title: string;
  hint: string;
  newTitle: string;
  empty: string;
  /** The button that opens the edit dialog: "Edit" (labels), "Rename" (folders). */
  editText: string;
  path: string;
  queryKey: string;
  items: T[] | undefined;
  loading: boolean;
  mayKeep: boolean;
  columns: TableProps.ColumnDefinition<T>[];
  /** Whether staff may change this entry (a built-in one may not). */
  editable?: (entry: T) => boolean;
  /** A new entry's fields beyond the name, as first shown. */
  blank: Omit<T, 'id' | 'name' | 'count'>;
  fields?: (draft: Omit<T, 'id' | 'count'>, set: (draft: Omit<T, 'id' | 'count'>) => void) => ReactNode;
  /** What is sent for an entry: its name and its other fields. */
  body: (draft: Omit<T, 'id' | 'count'>) => Record<string, unknown>;
}) {
  const t = useStrings();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Omit<T, 'id' | 'count'>>({ ...o.blank, name: '' } as Omit<T, 'id' | 'count'>);
  const [editing, setEditing] = useState<T | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: [o.queryKey] });
  const create = useMutation({
    mutationFn: () => api(o.path, { method: 'POST', body: o.body(draft) }),
    onSuccess: async () => {
      setDraft({ ...draft, name: '' });
      await refresh();
    },
  });
  const change = useMutation({
    mutationFn: (entry: T) => api(`${o.path}/${encodeURIComponent(entry.id)}`, { method: 'POST', body: o.body(entry) }),
    onSuccess: async () => {
      setEditing(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`${o.path}/${encodeURIComponent(id)}/delete`, { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  const editable = o.editable ?? (() => true);
  const nameField = (value: string, set: (name: string) => void) => (
    <FormField label={t.name}>
      <Input value={value} onChange={({ detail }) => set(detail.value)} />
    </FormField>
  );
  return (
    <ContentLayout header={<Header variant="h1" description={o.hint}>{o.title}</Header>}>
      <SpaceBetween size="l">
        {remove.error && <Alert type="error">{errorText(remove.error)}</Alert>}
        <Table
          items={o.items ?? []}
          loading={o.loading}
          loadingText={t.loading}
          trackBy="id"
          empty={<Box textAlign="center">{o.empty}</Box>}
          columnDefinitions={[
            ...o.columns,
            {
              id: 'actions',
              header: '',
              cell: (entry) =>
                o.mayKeep &&
                editable(entry) && (
                  <SpaceBetween direction="horizontal" size="xs">
                    <Button variant="inline-link" ariaLabel={`${o.editText} ${entry.name}`} onClick={() => setEditing(entry)}>
                      {o.editText}
                    </Button>
                    <Button variant="inline-link" ariaLabel={`${t.delete} ${entry.name}`} onClick={() => remove.mutate(entry.id)}>
                      {t.delete}
                    </Button>
                  </SpaceBetween>
                ),
            },
          ]}
        />
        {o.mayKeep && (
          <Container header={<Header variant="h2">{o.newTitle}</Header>}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                create.mutate();
              }}
            >
              <SpaceBetween size="m">
                {nameField(draft.name, (name) => setDraft({ ...draft, name }))}
                {o.fields?.(draft, setDraft)}
                {create.error && <Alert type="error">{errorText(create.error)}</Alert>}
                <Button variant="primary" loading={create.isPending} disabled={!draft.name.trim()}>
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
        header={o.editText}
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
            {nameField(editing.name, (name) => setEditing({ ...editing, name }))}
            {o.fields?.(editing, (next) => setEditing({ ...editing, ...next }))}
            {change.error && <Alert type="error">{errorText(change.error)}</Alert>}
          </SpaceBetween>
        )}
      </Modal>
    </ContentLayout>
  );
}
