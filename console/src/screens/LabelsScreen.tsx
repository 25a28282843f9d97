import FormField from '@cloudscape-design/components/form-field';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { CatalogueEditor } from '../components/CatalogueEditor';
import { ColourSwatch, LabelChips } from '../components/LabelChips';
import { LABEL_COLOURS, type Label, type LabelColour } from '../lib/api';
import { useLabels } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';

/** A colour picker: each option shows the chip it gives. */
function ColourSelect({ value, onChange }: { value: LabelColour; onChange: (c: LabelColour) => void }) {
  const t = useStrings();
  const options = LABEL_COLOURS.map((c) => ({ value: c, label: t.colourNames[c] ?? c }));
  return (
    <SpaceBetween direction="horizontal" size="s" alignItems="center">
      <Select
        selectedOption={options.find((o) => o.value === value) ?? null}
        options={options}
        ariaLabel={t.colour}
        onChange={({ detail }) => onChange((detail.selectedOption.value ?? 'grey') as LabelColour)}
      />
      <ColourSwatch colour={value} name={t.colourNames[value] ?? value} />
    </SpaceBetween>
  );
}

/** Labels (R-BOX-8): name and colour, kept by supervisors and admins; everyone sees how many cases carry each. */
export function LabelsScreen() {
  const t = useStrings();
  const { me } = useSession();
  const labels = useLabels();
  return (
    <CatalogueEditor<Label>
      title={t.labels}
      hint={t.labelsHint}
      newTitle={t.newLabel}
      empty={t.noLabels}
      editText={t.edit}
      path="/labels"
      queryKey="labels"
      items={labels.data}
      loading={labels.isLoading}
      mayKeep={me.permissions.includes('labels:manage')}
      columns={[
        { id: 'label', header: t.label, cell: (l) => <LabelChips ids={[l.id]} labels={[l]} /> },
        { id: 'colour', header: t.colour, cell: (l) => t.colourNames[l.colour] ?? l.colour },
        { id: 'count', header: t.cases, cell: (l) => l.count },
        { id: 'origin', header: '', cell: (l) => (l.bootstrap ? t.fromRules : '') },
      ]}
      blank={{ colour: 'blue' }}
      fields={(draft, set) => (
        <FormField label={t.colour}>
          <ColourSelect value={draft.colour} onChange={(colour) => set({ ...draft, colour })} />
        </FormField>
      )}
      body={(l) => ({ name: l.name, colour: l.colour })}
    />
  );
}
