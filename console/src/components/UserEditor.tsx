import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import Multiselect, { type MultiselectProps } from '@cloudscape-design/components/multiselect';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, type Me, TEAMS } from '../lib/api';
import { SPAM_FOLDER, useCaseFolders } from '../lib/filing';
import { useStrings } from '../lib/i18n';

export type StaffUser = Omit<Me, 'kind' | 'permissions'> & { enabled: boolean };

const ROLES = ['agent', 'supervisor', 'admin'] as const;
const HELD = ['spam', 'quarantine'] as const;
const chosen = (selected: readonly MultiselectProps.Option[]) => selected.map((o) => o.value as string);

/**
 * An admin changes a user (R-BOX-6): roles, teams, the held-mail folders and the case folders they
 * see — every case folder, or the ones chosen. Only what the form holds is sent; the rest stays.
 */
export function UserEditor({ user, onClose }: { user: StaffUser; onClose: (saved: boolean) => void }) {
  const t = useStrings();
  const folders = useCaseFolders();
  const folderName = (id: string) => {
    const f = folders.data?.find((x) => x.id === id);
    return f ? (f.id === SPAM_FOLDER ? t.spamCases : f.name) : id;
  };
  const option = (value: string, label = value) => ({ value, label });
  const [roles, setRoles] = useState<readonly MultiselectProps.Option[]>(user.roles.map((r) => option(r)));
  const [teams, setTeams] = useState<readonly MultiselectProps.Option[]>(user.teams.map((x) => option(x)));
  const heldLabel = (f: string) => (f === 'spam' ? t.heldSpam : t.heldQuarantine);
  const [held, setHeld] = useState<readonly MultiselectProps.Option[]>(user.folders.map((f) => option(f, heldLabel(f))));
  const [allFolders, setAllFolders] = useState(!user.caseFolders);
  const [caseFolders, setCaseFolders] = useState<readonly MultiselectProps.Option[]>(
    (user.caseFolders ?? []).map((f) => option(f, folderName(f)))
  );
  const save = useMutation({
    mutationFn: () =>
      api(`/users/${user.id}`, {
        method: 'POST',
        body: {
          roles: chosen(roles),
          teams: chosen(teams),
          folders: chosen(held),
          caseFolders: allFolders ? null : chosen(caseFolders),
        },
      }),
    onSuccess: () => onClose(true),
  });
  const elevated = chosen(roles).some((r) => r === 'supervisor' || r === 'admin');
  return (
    <Modal
      visible
      onDismiss={() => onClose(false)}
      header={`${t.edit} ${user.email}`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={() => onClose(false)}>
              {t.cancel}
            </Button>
            <Button variant="primary" loading={save.isPending} disabled={!roles.length} onClick={() => save.mutate()}>
              {t.save}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <FormField label={t.roles}>
          <Multiselect
            selectedOptions={roles}
            options={ROLES.map((r) => option(r))}
            onChange={({ detail }) => setRoles(detail.selectedOptions)}
          />
        </FormField>
        <FormField label={t.teams}>
          <Multiselect
            selectedOptions={teams}
            options={TEAMS.map((x) => option(x))}
            placeholder={t.teams}
            onChange={({ detail }) => setTeams(detail.selectedOptions)}
          />
        </FormField>
        <FormField label={t.heldMail} description={elevated ? t.seesEveryFolder : undefined}>
          <Multiselect
            selectedOptions={held}
            options={HELD.map((f) => option(f, heldLabel(f)))}
            placeholder={t.heldMail}
            onChange={({ detail }) => setHeld(detail.selectedOptions)}
          />
        </FormField>
        <FormField label={t.visibleCaseFolders} description={elevated ? t.seesEveryFolder : t.visibleCaseFoldersHint}>
          <SpaceBetween size="xs">
            <RadioGroup
              ariaLabel={t.visibleCaseFolders}
              value={allFolders ? 'all' : 'chosen'}
              onChange={({ detail }) => setAllFolders(detail.value === 'all')}
              items={[
                { value: 'all', label: t.everyCaseFolder },
                { value: 'chosen', label: t.chosenCaseFolders },
              ]}
            />
            {!allFolders && (
              <Multiselect
                selectedOptions={caseFolders}
                options={(folders.data ?? []).map((f) => option(f.id, folderName(f.id)))}
                placeholder={t.caseFolders}
                ariaLabel={t.chosenCaseFolders}
                onChange={({ detail }) => setCaseFolders(detail.selectedOptions)}
              />
            )}
          </SpaceBetween>
        </FormField>
        {save.error && (
          <Alert type="error">{save.error instanceof ApiError ? save.error.message : String(save.error)}</Alert>
        )}
      </SpaceBetween>
    </Modal>
  );
}
