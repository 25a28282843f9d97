import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api, type CaseDetail } from '../lib/api';
import { useStrings } from '../lib/i18n';

/** Merge this case into another of the customer's (by reference), after a confirmation. */
export function MergeCase({ detail: c }: { detail: CaseDetail }) {
  const t = useStrings();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [into, setInto] = useState('');
  const [confirming, setConfirming] = useState(false);
  const target = into.trim().toUpperCase();
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
        <Input
          value={into}
          placeholder="CF-1001"
          ariaLabel={t.mergeTarget}
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
