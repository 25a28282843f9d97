import type { CaseRecord } from '../domain/case';
import { searchEntries } from '../domain/search-text';
import { maySeeTeam, type StaffUser } from '../domain/staff';
import { AUTO_GENERATED_HEADERS, type Services } from './deps';

type Deps = Pick<
  Services,
  'clock' | 'cases' | 'ids' | 'search' | 'staff' | 'mailer' | 'config' | 'log' | 'publicBaseUrl'
>;

export class NoteError extends Error {}
/** A mention of someone who is not an enabled colleague working the case's team. */
export class MentionError extends Error {}

/** At most this many colleagues are told of one note. */
export const MAX_MENTIONS = 10;

/**
 * An internal note on a case (R-BOX-2): stored as a message of kind `note` with a `note.added`
 * timeline entry. It is never mailed to the customer, so it can never reach them. Colleagues
 * `@mentioned` by user id (never by a name in the text) are told by mail at their staff address,
 * with a link to the case in the console.
 */
export async function addNote(
  deps: Deps,
  note: {
    caseId: string;
    by: string;
    text: string;
    via: 'api' | 'mail';
    /** User ids of colleagues to tell. */
    mentions?: string[];
    /** The author's name for the mention mail (their address otherwise). */
    authorName?: string;
  }
): Promise<{ noteId: string; mentions: { userId: string; name: string }[] }> {
  const c = await deps.cases.getCase(note.caseId);
  if (!c) throw new NoteError(`no case ${note.caseId}`);
  const text = note.text.trim();
  if (!text) throw new NoteError('the note is empty');
  const mentioned = await colleaguesMentioned(deps, c, note.mentions ?? []);
  const mentions = mentioned.map((u) => ({ userId: u.id, name: u.displayName }));
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
    ...(mentions.length ? { mentions } : {}),
  });
  // Notes are searchable: only staff search, and they see the notes anyway.
  await deps.search.addWords(c.id, c.createdAt, searchEntries({ texts: [text] }));
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'note.added',
      summary: `internal note by ${note.by}${note.via === 'mail' ? ' (by mail)' : ''}${
        mentions.length ? `, mentioning ${mentions.map((m) => m.name).join(', ')}` : ''
      }`,
      actor: note.by,
      data: { noteId, mentions: mentions.map((m) => m.userId).join(',') || null },
    },
  ]);
  for (const colleague of mentioned) await tellMentioned(deps, c, colleague, { ...note, text });
  return { noteId, mentions };
}

/** The mentioned users, each an enabled colleague who works the case's team; else MentionError. */
async function colleaguesMentioned(
  deps: Pick<Deps, 'staff'>,
  c: CaseRecord,
  ids: string[]
): Promise<StaffUser[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_MENTIONS) throw new MentionError(`at most ${MAX_MENTIONS} colleagues per note`);
  const users = await Promise.all(unique.map((id) => deps.staff.getUser(id)));
  return unique.map((id, i) => {
    const user = users[i];
    if (!user?.enabled || !maySeeTeam({ kind: 'staff', user }, c.team))
      throw new MentionError(`cannot mention ${id}: not a colleague who works team ${c.team}'s cases`);
    return user;
  });
}

/**
 * The mail a mentioned colleague gets: to their staff address only, from caseflow, never in the
 * customer's thread (no threading headers, no case tag in the subject, no reply address of the
 * case); a reply goes to the note's author.
 */
async function tellMentioned(
  deps: Deps,
  c: CaseRecord,
  colleague: StaffUser,
  note: { by: string; text: string; authorName?: string }
): Promise<void> {
  const author = note.authorName ?? note.by;
  const link = `${deps.publicBaseUrl.replace(/\/$/, '')}/cases/${encodeURIComponent(c.reference)}`;
  try {
    await deps.mailer.send({
      from: { address: `caseflow@${deps.config.domain}`, name: 'caseflow' },
      to: [colleague.email],
      subject: `${author} mentioned you in a note on ${c.reference}`,
      text: [
        `${author} mentioned you in an internal note on ${c.reference} "${c.subject}":`,
        '',
        note.text,
        '',
        `Open the case: ${link}`,
        '',
        'The note is internal: the customer does not see it.',
      ].join('\n'),
      ...(note.by.includes('@') ? { replyTo: note.by } : {}),
      headers: { ...AUTO_GENERATED_HEADERS },
    });
  } catch (error) {
    // The note stands; the colleague still sees it on the case.
    deps.log.warn('mention mail failed', {
      caseId: c.id,
      userId: colleague.id,
      error: (error as Error).name,
    });
  }
}
