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
import Table from '@cloudscape-design/components/table';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, type CaseFolder } from '../lib/api';
import { useCaseFolders } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

/** Case folders (R-BOX-5/7): kept by admins; the spam folder is built in. */
export function CaseFoldersScreen() {
  const t = useStrings();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const mayKeep = me.permissions.includes('folders:manage');
  const folders = useCaseFolders();
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<CaseFolder | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['case-folders'] });
  const create = useMutation({
    mutationFn: () => api('/case-folders', { method: 'POST', body: { name } }),
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const rename = useMutation({
    mutationFn: (f: CaseFolder) => api(`/case-folders/${encodeURIComponent(f.id)}`, { method: 'POST', body: { name: f.name } }),
    onSuccess: async () => {
      setEditing(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/case-folders/${encodeURIComponent(id)}/delete`, { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  return (
    <ContentLayout header={<Header variant="h1" description={t.foldersHint}>{t.caseFolders}</Header>}>
      <SpaceBetween size="l">
        {remove.error && <Alert type="error">{errorText(remove.error)}</Alert>}
        <Table
          items={folders.data ?? []}
          loading={folders.isLoading}
          loadingText={t.loading}
          trackBy="id"
          empty={<Box textAlign="center">{t.noFolders}</Box>}
          columnDefinitions={[
            { id: 'name', header: t.name, cell: (f) => (f.system ? t.spamCases : f.name) },
            { id: 'count', header: t.cases, cell: (f) => f.count },
            { id: 'origin', header: '', cell: (f) => (f.system ? t.builtIn : f.bootstrap ? t.fromRules : '') },
            {
              id: 'actions',
              header: '',
              cell: (f) =>
                mayKeep &&
                !f.system && (
                  <SpaceBetween direction="horizontal" size="xs">
                    <Button variant="inline-link" ariaLabel={`${t.rename} ${f.name}`} onClick={() => setEditing(f)}>
                      {t.rename}
                    </Button>
                    <Button variant="inline-link" ariaLabel={`${t.delete} ${f.name}`} onClick={() => remove.mutate(f.id)}>
                      {t.delete}
                    </Button>
                  </SpaceBetween>
                ),
            },
          ]}
        />
        {mayKeep && (
          <Container header={<Header variant="h2">{t.newFolder}</Header>}>
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
        header={t.rename}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => setEditing(null)}>{t.cancel}</Button>
              <Button
                variant="primary"
                loading={rename.isPending}
                disabled={!editing?.name.trim()}
                onClick={() => editing && rename.mutate(editing)}
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
            {rename.error && <Alert type="error">{errorText(rename.error)}</Alert>}
          </SpaceBetween>
        )}
      </Modal>
    </ContentLayout>
  );
}
