import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, apiAll } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';
import { formatDateTime } from '../lib/time';
import { WORK_KINDS, type WorkEntry } from '../lib/time-reports';

/** Work done on the case (R-SLA-6): what was logged, and a small form to log more. */
export function WorkLog({ reference }: { reference: string }) {
  const t = useStrings();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<(typeof WORK_KINDS)[number]>('remote');
  const [minutes, setMinutes] = useState('');
  const [note, setNote] = useState('');
  const path = `/cases/${encodeURIComponent(reference)}/work`;
  const entries = useQuery({ queryKey: ['work', reference], queryFn: () => apiAll<'entries', WorkEntry>(path, 'entries') });
  const log = useMutation({
    mutationFn: () =>
      api(path, { method: 'POST', body: { kind, minutes: Number(minutes), ...(note.trim() ? { note: note.trim() } : {}) } }),
    onSuccess: async () => {
      setMinutes('');
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['work', reference] });
      await queryClient.invalidateQueries({ queryKey: ['case', reference] });
    },
  });
  const kindLabel = (k: WorkEntry['kind']) => t.workKinds[k];
  const valid = /^\d+$/.test(minutes) && Number(minutes) >= 1 && Number(minutes) <= 1440;
  return (
    <ExpandableSection headerText={`${t.workLog} (${entries.data?.entries.length ?? 0})`} variant="container">
      <SpaceBetween size="m">
        {(entries.data?.entries ?? []).length > 0 && (
          <ul className="work-entries">
            {entries.data?.entries.map((e) => (
              <li key={e.id}>
                <time dateTime={e.performedAt}>{formatDateTime(e.performedAt, me.language)}</time> {kindLabel(e.kind)}{' '}
                {e.minutes} min · {e.loggedBy}
                {e.note ? ` · ${e.note}` : ''}
              </li>
            ))}
          </ul>
        )}
        <form
          aria-label={t.logWork}
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) log.mutate();
          }}
        >
          <SpaceBetween size="s">
            <ColumnLayout columns={2}>
              <FormField label={t.workKind}>
                <Select
                  selectedOption={{ value: kind, label: kindLabel(kind) }}
                  options={WORK_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
                  onChange={({ detail }) => setKind((detail.selectedOption.value ?? 'remote') as WorkEntry['kind'])}
                />
              </FormField>
              <FormField label={t.minutes}>
                <Input type="number" inputMode="numeric" value={minutes} onChange={({ detail }) => setMinutes(detail.value)} />
              </FormField>
            </ColumnLayout>
            <FormField label={t.workNote}>
              <Input value={note} onChange={({ detail }) => setNote(detail.value)} />
            </FormField>
            {log.error && <Alert type="error">{log.error instanceof ApiError ? log.error.message : String(log.error)}</Alert>}
            <Box>
              <Button variant="primary" loading={log.isPending} disabled={!valid}>
                {t.logWork}
              </Button>
            </Box>
          </SpaceBetween>
        </form>
      </SpaceBetween>
    </ExpandableSection>
  );
}
