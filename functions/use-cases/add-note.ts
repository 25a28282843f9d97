import { searchEntries } from '../domain/search-text';
import type { Services } from './deps';

type Deps = Pick<Services, 'clock' | 'cases' | 'ids' | 'search'>;

export class NoteError extends Error {}

/**
 * An internal note on a case (R-BOX-2): stored as a message of kind `note` with a `note.added`
 * timeline entry. It is never mailed to anyone, so it can never reach the customer.
 */
export async function addNote(
  deps: Deps,
  note: { caseId: string; by: string; text: string; via: 'api' | 'mail' }
): Promise<{ noteId: string }> {
  const c = await deps.cases.getCase(note.caseId);
  if (!c) throw new NoteError(`no case ${note.caseId}`);
  const text = note.text.trim();
  if (!text) throw new NoteError('the note is empty');
  const at = deps.clock.now().toISOString();
  const noteId = deps.ids.newId();
  await deps.cases.addMessage({
    id: noteId,
    caseId: c.id,
    direction: 'INTERNAL',
    messageId: null,
    from: note.by,
    to: [],
    subject: `Note on ${c.reference}`,
    text,
    at,
    kind: 'note',
  });
  // Notes are searchable: only staff search, and they see the notes anyway.
  await deps.search.addWords(c.id, c.createdAt, searchEntries({ texts: [text] }));
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'note.added',
      summary: `internal note by ${note.by}${note.via === 'mail' ? ' (by mail)' : ''}`,
      actor: note.by,
      data: { noteId },
    },
  ]);
  return { noteId };
}
