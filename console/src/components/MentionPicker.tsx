import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import TokenGroup from '@cloudscape-design/components/token-group';
import { useQuery } from '@tanstack/react-query';
import { apiAll, type Team } from '../lib/api';
import { useStrings } from '../lib/i18n';

export interface Mention {
  id: string;
  name: string;
}

/** The `@word` being typed at the end of the note, or null. */
export function mentionQuery(text: string): string | null {
  const typed = /(?:^|\s)@([\p{L}\p{N}._-]*)$/u.exec(text);
  return typed ? (typed[1] ?? '') : null;
}

/**
 * `@mention` in a note (R-BOX-2): typing `@` offers the colleagues who work the case's team; the
 * chosen ones are sent as user ids (the API tells them by mail), shown as removable tokens.
 */
export function MentionPicker({
  team,
  text,
  mentions,
  onPick,
  onRemove,
}: {
  team: Team;
  text: string;
  mentions: Mention[];
  onPick: (mention: Mention, textWithName: string) => void;
  onRemove: (id: string) => void;
}) {
  const t = useStrings();
  const colleagues = useQuery({
    queryKey: ['colleagues', team],
    queryFn: () => apiAll<'colleagues', { id: string; name: string; email: string }>(`/colleagues?team=${team}`, 'colleagues'),
    staleTime: 60_000,
  });
  const query = mentionQuery(text);
  const matches =
    query === null
      ? []
      : (colleagues.data?.colleagues ?? [])
          .filter((c) => !mentions.some((m) => m.id === c.id))
          .filter((c) => `${c.name} ${c.email}`.toLowerCase().includes(query.toLowerCase()))
          .slice(0, 6);
  return (
    <SpaceBetween size="xs">
      {query !== null && (
        <div role="group" aria-label={t.mentionColleague}>
          <SpaceBetween direction="horizontal" size="xs">
            {matches.length ? (
              matches.map((c) => (
                <Button
                  key={c.id}
                  formAction="none"
                  iconName="user-profile"
                  ariaLabel={`${t.mention} ${c.name}`}
                  onClick={() => onPick({ id: c.id, name: c.name }, `${text.slice(0, text.length - query.length - 1)}@${c.name} `)}
                >
                  {c.name}
                </Button>
              ))
            ) : (
              <Box variant="small">{colleagues.isLoading ? t.loading : t.noColleague}</Box>
            )}
          </SpaceBetween>
        </div>
      )}
      {mentions.length > 0 && (
        <SpaceBetween size="xxxs">
          <Box variant="small">{t.mentionedTold}</Box>
          <TokenGroup
            items={mentions.map((m) => ({ label: `@${m.name}`, dismissLabel: `${t.removeMention} ${m.name}` }))}
            onDismiss={({ detail }) => {
              const gone = mentions[detail.itemIndex];
              if (gone) onRemove(gone.id);
            }}
          />
        </SpaceBetween>
      )}
    </SpaceBetween>
  );
}
