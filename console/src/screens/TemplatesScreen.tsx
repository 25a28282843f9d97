import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, apiAll } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';

interface Template {
  id: string;
  name: string;
  text: string;
  owner: string;
  updatedBy: string;
}

/** Reply templates (R-BOX-1): the agent's own, and the shared ones supervisors and admins keep. */
export function TemplatesScreen() {
  const t = useStrings();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const mayShare = me.permissions.includes('templates:share');
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [shared, setShared] = useState(false);
  const list = useQuery({ queryKey: ['templates'], queryFn: () => apiAll<'templates', Template>('/templates', 'templates') });
  const create = useMutation({
    mutationFn: () => api('/templates', { method: 'POST', body: { name, text, shared } }),
    onSuccess: async () => {
      setName('');
      setText('');
      setShared(false);
      await queryClient.invalidateQueries({ queryKey: ['templates'] });
      await queryClient.invalidateQueries({ queryKey: ['case-templates'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/templates/${id}/delete`, { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['templates'] }),
  });
  return (
    <ContentLayout header={<Header variant="h1">{t.templates}</Header>}>
      <SpaceBetween size="l">
        <Table
          items={list.data?.templates ?? []}
          loading={list.isLoading}
          loadingText={t.loading}
          trackBy="id"
          empty={<Box textAlign="center">{t.noTemplates}</Box>}
          columnDefinitions={[
            { id: 'name', header: t.templateName, cell: (x) => x.name },
            { id: 'owner', header: '', cell: (x) => (x.owner === 'shared' ? t.sharedTemplate : t.personalTemplate) },
            { id: 'text', header: t.templateText, cell: (x) => x.text.slice(0, 120), maxWidth: 480 },
            {
              id: 'actions',
              header: '',
              cell: (x) =>
                (x.owner !== 'shared' || mayShare) && (
                  <Button variant="inline-link" ariaLabel={`${t.delete} ${x.name}`} onClick={() => remove.mutate(x.id)}>
                    {t.delete}
                  </Button>
                ),
            },
          ]}
        />
        <Container header={<Header variant="h2">{t.newTemplate}</Header>}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate();
            }}
          >
            <SpaceBetween size="m">
              <FormField label={t.templateName}>
                <Input value={name} onChange={({ detail }) => setName(detail.value)} />
              </FormField>
              <FormField label={t.templateText} description={t.templateHint}>
                <Textarea value={text} rows={6} onChange={({ detail }) => setText(detail.value)} />
              </FormField>
              {mayShare && (
                <Checkbox checked={shared} onChange={({ detail }) => setShared(detail.checked)}>
                  {t.shareTemplate}
                </Checkbox>
              )}
              {create.error && (
                <Alert type="error">{create.error instanceof ApiError ? create.error.message : String(create.error)}</Alert>
              )}
              <Button variant="primary" loading={create.isPending} disabled={!name.trim() || !text.trim()}>
                {t.save}
              </Button>
            </SpaceBetween>
          </form>
        </Container>
      </SpaceBetween>
    </ContentLayout>
  );
}
