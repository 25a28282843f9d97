import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, type CaseDetail } from '../lib/api';
import { useStrings } from '../lib/i18n';

type Severity = CaseDetail['severity'];
interface Changed {
  severity: Severity;
  paging: 'started' | 'stopped' | 'none';
  pagingReason: string;
}

/** Change the case's severity with a reason; says whether on-call was paged or the chain stopped. */
export function SeverityChange({ detail: c }: { detail: CaseDetail }) {
  const t = useStrings();
  const queryClient = useQueryClient();
  const [severity, setSeverity] = useState<Severity>(c.severity);
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      api<Changed>(`/cases/${c.id}/severity`, { method: 'POST', body: { severity, reason } }),
    onSuccess: async () => {
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['case'] });
    },
  });
  const options = [
    { value: 'SEV1', label: t.sev1 },
    { value: 'NON_CRITICAL', label: t.normal },
  ];
  const result = change.data;
  return (
    <SpaceBetween size="xs">
      <FormField label={t.severity}>
        <Select
          data-testid="severity-select"
          selectedOption={options.find((o) => o.value === severity) ?? null}
          options={options}
          onChange={({ detail }) => setSeverity((detail.selectedOption.value as Severity) ?? c.severity)}
        />
      </FormField>
      {severity !== c.severity && (
        <>
          <FormField label={t.reason} description={severity === 'SEV1' ? t.raiseHint : t.lowerHint}>
            <Input value={reason} onChange={({ detail }) => setReason(detail.value)} ariaLabel={t.severityReason} />
          </FormField>
          <Button
            onClick={() => change.mutate()}
            loading={change.isPending}
            disabled={reason.trim().length < 3}
          >
            {t.changeSeverity}
          </Button>
        </>
      )}
      {result && (
        <Alert type={result.paging === 'started' ? 'warning' : 'success'}>
          {result.paging === 'started'
            ? `${t.pagingStarted}: ${result.pagingReason}`
            : result.paging === 'stopped'
              ? t.pagingStopped
              : `${t.noPaging} ${result.pagingReason}`}
        </Alert>
      )}
      {change.error && (
        <Alert type="error">{change.error instanceof ApiError ? change.error.message : String(change.error)}</Alert>
      )}
    </SpaceBetween>
  );
}
