import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import { useStrings } from '../lib/i18n';
import { SaveError, useVersionedList } from '../lib/versioned-list';

interface Address {
  address: string;
  purpose: 'general' | 'sev1' | 'billing';
  team: string;
  displayName: string;
}
interface AddressList {
  addresses: Address[];
  version: number;
  source: 'config' | 'table';
  teams: string[];
  domain: string;
  notReceived: string[];
}
const PURPOSES: Address['purpose'][] = ['general', 'sev1', 'billing'];
const EMPTY: Address = { address: '', purpose: 'general', team: 'L1', displayName: '' };

/** Support addresses (admins, R-BOX-5): where each address's mail goes and whose name it answers with. */
export function SupportAddressesScreen() {
  const t = useStrings();
  const [draft, setDraft] = useState<Address>(EMPTY);
  const [editing, setEditing] = useState<number | null>(null);
  const { list, save } = useVersionedList<AddressList, Address>({
    path: '/support-addresses',
    field: 'addresses',
    onSaved: () => {
      setDraft(EMPTY);
      setEditing(null);
    },
  });
  const addresses = list.data?.addresses ?? [];
  const notReceived = list.data?.notReceived ?? [];
  const submit = () => {
    const entry = { ...draft, address: draft.address.trim().toLowerCase(), displayName: draft.displayName.trim() };
    save.mutate(editing === null ? [...addresses, entry] : addresses.map((a, i) => (i === editing ? entry : a)));
  };
  return (
    <ContentLayout header={<Header variant="h1" description={t.addressesHint}>{t.supportAddresses}</Header>}>
      <SpaceBetween size="l">
        {notReceived.length > 0 && (
          <Alert type="warning" header={t.notReceivedHeader}>
            {t.notReceivedText(notReceived.join(', '))}
          </Alert>
        )}
        <Table
          items={addresses.map((a, i) => ({ a, i }))}
          loading={list.isLoading}
          loadingText={t.loading}
          trackBy="i"
          header={
            <Header variant="h2" counter={`(${addresses.length})`} description={list.data?.source === 'config' ? t.rulesFromConfig : undefined}>
              {t.supportAddresses}
            </Header>
          }
          columnDefinitions={[
            { id: 'address', header: t.address, cell: ({ a }) => a.address },
            { id: 'purpose', header: t.purpose, cell: ({ a }) => a.purpose },
            { id: 'team', header: t.team, cell: ({ a }) => a.team },
            { id: 'name', header: t.displayName, cell: ({ a }) => a.displayName },
            {
              id: 'received',
              header: t.receiving,
              cell: ({ a }) =>
                notReceived.includes(a.address) ? (
                  <StatusIndicator type="warning">{t.notYetReceived}</StatusIndicator>
                ) : (
                  <StatusIndicator type="success">{t.received}</StatusIndicator>
                ),
            },
            {
              id: 'actions',
              header: '',
              cell: ({ a, i }) => (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button variant="inline-link" ariaLabel={`${t.edit} ${a.address}`} onClick={() => (setEditing(i), setDraft(a))}>
                    {t.edit}
                  </Button>
                  <Button
                    variant="inline-link"
                    ariaLabel={`${t.delete} ${a.address}`}
                    disabled={save.isPending || addresses.length === 1}
                    onClick={() => save.mutate(addresses.filter((_, j) => j !== i))}
                  >
                    {t.delete}
                  </Button>
                </SpaceBetween>
              ),
            },
          ]}
        />
        <Container header={<Header variant="h2">{editing === null ? t.newAddress : `${t.edit}: ${addresses[editing]?.address ?? ''}`}</Header>}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <SpaceBetween size="m">
              <FormField label={t.address} description={list.data ? `…@${list.data.domain}` : undefined}>
                <Input type="email" value={draft.address} onChange={({ detail }) => setDraft({ ...draft, address: detail.value })} />
              </FormField>
              <FormField label={t.purpose}>
                <Select
                  selectedOption={{ value: draft.purpose, label: draft.purpose }}
                  options={PURPOSES.map((p) => ({ value: p, label: p }))}
                  onChange={({ detail }) => setDraft({ ...draft, purpose: detail.selectedOption.value as Address['purpose'] })}
                />
              </FormField>
              <FormField label={t.team}>
                <Select
                  selectedOption={{ value: draft.team, label: draft.team }}
                  options={(list.data?.teams ?? []).map((x) => ({ value: x, label: x }))}
                  onChange={({ detail }) => setDraft({ ...draft, team: detail.selectedOption.value ?? 'L1' })}
                />
              </FormField>
              <FormField label={t.displayName}>
                <Input value={draft.displayName} onChange={({ detail }) => setDraft({ ...draft, displayName: detail.value })} />
              </FormField>
              <SaveError save={save} list={list} />
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="primary" loading={save.isPending} disabled={!draft.address.trim() || !draft.displayName.trim()}>
                  {editing === null ? t.addAddress : t.save}
                </Button>
                {editing !== null && (
                  <Button formAction="none" onClick={() => (setEditing(null), setDraft(EMPTY))}>
                    {t.cancel}
                  </Button>
                )}
              </SpaceBetween>
            </SpaceBetween>
          </form>
        </Container>
      </SpaceBetween>
    </ContentLayout>
  );
}
