import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Multiselect, { type MultiselectProps } from '@cloudscape-design/components/multiselect';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type StaffUser, UserEditor } from '../components/UserEditor';
import { ApiError, api, apiAll, TEAMS } from '../lib/api';
import { useCaseFolders } from '../lib/filing';
import { useStrings } from '../lib/i18n';

type User = StaffUser;

const ROLES = ['agent', 'supervisor', 'admin'] as const;
const options = (values: readonly string[]): MultiselectProps.Options => values.map((v) => ({ value: v, label: v }));
const chosen = (selected: readonly MultiselectProps.Option[]) => selected.map((o) => o.value as string);

/** Staff users (admins, R-BOX-5/6): who may sign in, with which roles, teams and signature. */
export function UsersScreen() {
  const t = useStrings();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [language, setLanguage] = useState<'en' | 'pl'>('en');
  const [roles, setRoles] = useState<readonly MultiselectProps.Option[]>([{ value: 'agent', label: 'agent' }]);
  const [teams, setTeams] = useState<readonly MultiselectProps.Option[]>([]);
  const [signature, setSignature] = useState('');
  const [password, setPassword] = useState('');
  const [editing, setEditing] = useState<User>();
  const caseFolders = useCaseFolders();
  const folderNames = (ids: string[]) =>
    ids.map((id) => caseFolders.data?.find((f) => f.id === id)?.name ?? id).join(', ') || '—';
  const users = useQuery({ queryKey: ['users'], queryFn: () => apiAll<'users', User>('/users', 'users') });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const create = useMutation({
    mutationFn: () =>
      api('/users', {
        method: 'POST',
        body: {
          email,
          displayName,
          language,
          roles: chosen(roles),
          teams: chosen(teams),
          ...(signature.trim() ? { signature } : {}),
          ...(password ? { password } : {}),
        },
      }),
    onSuccess: async () => {
      setEmail('');
      setDisplayName('');
      setSignature('');
      setPassword('');
      setTeams([]);
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (u: User) => api(`/users/${u.id}`, { method: 'POST', body: { enabled: !u.enabled } }),
    onSuccess: refresh,
  });
  return (
    <ContentLayout header={<Header variant="h1">{t.users}</Header>}>
      <SpaceBetween size="l">
        <Table
          items={users.data?.users ?? []}
          loading={users.isLoading}
          loadingText={t.loading}
          trackBy="id"
          columnDefinitions={[
            { id: 'email', header: 'Email', cell: (u) => u.email },
            { id: 'name', header: t.templateName, cell: (u) => u.displayName },
            { id: 'roles', header: t.roles, cell: (u) => u.roles.join(', ') },
            {
              id: 'teams',
              header: t.teams,
              cell: (u) => (u.teams.length === TEAMS.length ? t.allTeams : u.teams.join(', ') || '—'),
            },
            {
              id: 'folders',
              header: t.userFolders,
              cell: (u) =>
                [
                  ...u.folders.map((f) => (f === 'spam' ? t.heldSpam : t.heldQuarantine)),
                  u.caseFolders ? folderNames(u.caseFolders) : t.everyCaseFolder,
                ].join(' · '),
            },
            {
              id: 'enabled',
              header: t.status,
              cell: (u) => (
                <SpaceBetween direction="horizontal" size="xs">
                  <StatusIndicator type={u.enabled ? 'success' : 'stopped'}>
                    {u.enabled ? t.enabled : t.disabled}
                  </StatusIndicator>
                  <Button
                    variant="inline-link"
                    ariaLabel={`${u.enabled ? t.disable : t.enable} ${u.email}`}
                    onClick={() => toggle.mutate(u)}
                  >
                    {u.enabled ? t.disable : t.enable}
                  </Button>
                  <Button variant="inline-link" ariaLabel={`${t.edit} ${u.email}`} onClick={() => setEditing(u)}>
                    {t.edit}
                  </Button>
                </SpaceBetween>
              ),
            },
          ]}
        />
        <Container header={<Header variant="h2">{t.newUser}</Header>}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate();
            }}
          >
            <SpaceBetween size="m">
              <FormField label="Email">
                <Input type="email" value={email} onChange={({ detail }) => setEmail(detail.value)} />
              </FormField>
              <FormField label={t.templateName}>
                <Input value={displayName} onChange={({ detail }) => setDisplayName(detail.value)} />
              </FormField>
              <FormField label={t.language}>
                <Select
                  selectedOption={{ value: language, label: language === 'pl' ? 'polski' : 'English' }}
                  options={[
                    { value: 'en', label: 'English' },
                    { value: 'pl', label: 'polski' },
                  ]}
                  onChange={({ detail }) => setLanguage(detail.selectedOption.value as 'en' | 'pl')}
                />
              </FormField>
              <FormField label={t.roles}>
                <Multiselect selectedOptions={roles} options={options(ROLES)} onChange={({ detail }) => setRoles(detail.selectedOptions)} />
              </FormField>
              <FormField label={t.teams}>
                <Multiselect
                  selectedOptions={teams}
                  options={options(TEAMS)}
                  placeholder={t.teams}
                  onChange={({ detail }) => setTeams(detail.selectedOptions)}
                />
              </FormField>
              <FormField label={t.signature}>
                <Textarea value={signature} rows={3} onChange={({ detail }) => setSignature(detail.value)} />
              </FormField>
              <FormField label={t.password} description={t.passwordHint}>
                <Input type="password" value={password} onChange={({ detail }) => setPassword(detail.value)} />
              </FormField>
              {create.error && (
                <Alert type="error">{create.error instanceof ApiError ? create.error.message : String(create.error)}</Alert>
              )}
              <Button variant="primary" loading={create.isPending} disabled={!email || !displayName || !roles.length}>
                {t.createUser}
              </Button>
            </SpaceBetween>
          </form>
        </Container>
      </SpaceBetween>
      {editing && (
        <UserEditor
          key={editing.id}
          user={editing}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) void refresh();
          }}
        />
      )}
    </ContentLayout>
  );
}
