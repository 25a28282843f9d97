import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Select from '@cloudscape-design/components/select';
import { useMemo, useState } from 'react';
import { useReportStrings } from '../lib/report-strings';
import { downloadCsv, recentMonths } from '../lib/time-reports';

/** The month a report shows: one of the last twelve UTC months (the address keeps it). */
export function MonthPicker({ month, onChange }: { month: string; onChange: (month: string) => void }) {
  const r = useReportStrings();
  const months = useMemo(() => {
    const recent = recentMonths(new Date());
    return recent.includes(month) ? recent : [month, ...recent];
  }, [month]);
  return (
    <FormField label={r.month}>
      <Select
        selectedOption={{ value: month, label: month }}
        options={months.map((m) => ({ value: m, label: m }))}
        onChange={({ detail }) => onChange(detail.selectedOption.value ?? month)}
      />
    </FormField>
  );
}

/** The report as CSV, as the API writes it (`format=csv`), downloaded with the user's token. */
export function CsvButton({ path, filename, onError }: { path: string; filename: string; onError: (message: string | null) => void }) {
  const r = useReportStrings();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      iconName="download"
      loading={busy}
      onClick={() => {
        onError(null);
        setBusy(true);
        downloadCsv(path, filename)
          .catch((e: Error) => onError(`${r.csvFailed}: ${e.message}`))
          .finally(() => setBusy(false));
      }}
    >
      {r.downloadCsv}
    </Button>
  );
}
