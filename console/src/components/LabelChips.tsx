import type { Label } from '../lib/api';

/** A case's labels as coloured chips; ids no longer in the list (deleted labels) are left out. */
export function LabelChips({ ids, labels }: { ids: string[]; labels: Label[] | undefined }) {
  const shown = ids.flatMap((id) => labels?.find((l) => l.id === id) ?? []);
  if (!shown.length) return null;
  return (
    <span className="label-chips">
      {shown.map((l) => (
        <span key={l.id} className={`label-chip label-${l.colour}`}>
          {l.name}
        </span>
      ))}
    </span>
  );
}

/** A colour swatch with its name, for pickers. */
export function ColourSwatch({ colour, name }: { colour: string; name: string }) {
  return <span className={`label-chip label-${colour}`}>{name}</span>;
}
