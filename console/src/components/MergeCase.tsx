import Alert from '@cloudscape-design/components/alert';
import Autosuggest from '@cloudscape-design/components/autosuggest';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api, type CasePage, type CaseDetail } from '../lib/api';
import { useStrings } from '../lib/i18n';

/**
 * Merge this case into another of the customer's, after a confirmation: its reference typed, or
 * picked from the customer's other cases in this team's queue.
 */
export function MergeCase({ detail: c }: { detail: CaseDetail }) {
  const t = useStrings();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [into, setInto] = useState('');
  const [confirming, setConfirming] = useState(false);
  const target = into.trim().toUpperCase();
  const queue = useQuery({
    queryKey: ['queue', c.team, 'merge-candidates'],
    queryFn: () => api<CasePage>(`/queue?team=${c.team}&limit=200`),
    staleTime: 30_000,
  });
  const candidates = (queue.data?.cases ?? [])
    .filter((x) => x.id !== c.id && (x.customerName ?? x.requester.email) === (c.customerName ?? c.requester.email))
    .map((x) => ({ value: x.reference, description: x.subject }));
  const merge = useMutation({
    mutationFn: () => api<{ mergedInto: string }>(`/cases/${c.id}/merge`, { method: 'POST', body: { into: target } }),
    onSuccess: async ({ mergedInto }) => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: ['case'] });
      await navigate({ to: '/cases/$reference', params: { reference: mergedInto } });
    },
    onError: () => setConfirming(false),
  });
  return (
    <SpaceBetween size="xs">
      <FormField label={t.mergeInto} description={t.mergeHint}>
        <Autosuggest
          data-testid="merge-target"
          value={into}
          options={candidates}
          placeholder="CF-1001"
          ariaLabel={t.mergeTarget}
          enteredTextLabel={(value) => `${t.mergeInto} ${value.toUpperCase()}`}
          empty={t.noOtherCases}
          statusType={queue.isLoading ? 'loading' : 'finished'}
          onChange={({ detail }) => setInto(detail.value)}
        />
      </FormField>
      <Button onClick={() => setConfirming(true)} disabled={!/^CF-\d+$/.test(target)}>
        {t.mergeInto}
      </Button>
      {merge.error && (
        <Alert type="error">{merge.error instanceof ApiError ? merge.error.message : String(merge.error)}</Alert>
      )}
      <Modal
        visible={confirming}
        onDismiss={() => setConfirming(false)}
        header={`${c.reference} → ${target}`}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setConfirming(false)}>
                {t.cancel}
              </Button>
              <Button variant="primary" onClick={() => merge.mutate()} loading={merge.isPending}>
                {t.confirmMerge}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        {t.mergeConfirm.replaceAll('{from}', c.reference).replaceAll('{into}', target)}
      </Modal>
    </SpaceBetween>
  );
}
