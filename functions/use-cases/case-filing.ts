import type { CaseRecord } from '../domain/case';
import {
  bootstrapFolders,
  bootstrapLabels,
  type CaseFolder,
  effectiveEntries,
  type Label,
  SPAM_FOLDER,
} from '../domain/case-filing';
import { refreshCaseClock } from './case-clock';
import type { Services } from './deps';

type CatalogueDeps = Pick<Services, 'config' | 'filingCatalogue'>;
type Deps = CatalogueDeps & Pick<Services, 'filing' | 'clock'> & Parameters<typeof refreshCaseClock>[0];

/** Why a filing change was refused: no such label or folder, not allowed here, or the case changed meanwhile. */
export class FilingError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'invalid' | 'conflict'
  ) {
    super(message);
  }
}

/** Every label staff may apply: the stored ones over the config's bootstrap, by name. */
export async function labelCatalogue(deps: CatalogueDeps): Promise<Label[]> {
  return effectiveEntries(bootstrapLabels(deps.config.messageRules), await deps.filingCatalogue.listLabels());
}

/** Every case folder: the spam folder, the config's and the stored ones, by name. */
export async function folderCatalogue(deps: CatalogueDeps): Promise<CaseFolder[]> {
  const folders = effectiveEntries(
    bootstrapFolders(deps.config.messageRules),
    await deps.filingCatalogue.listFolders()
  );
  // The spam folder is always there, whatever is stored.
  return folders.some((f) => f.id === SPAM_FOLDER)
    ? folders
    : [...bootstrapFolders([]), ...folders].sort((a, b) => a.name.localeCompare(b.name, 'pl'));
}

const nameOf = (entries: { id: string; name: string }[], id: string | null | undefined) =>
  entries.find((e) => e.id === id)?.name ?? id ?? 'inbox';

/**
 * Applies and removes labels on a case; the timeline names each change and who made it. Labels
 * already on (or already off) the case are left as they are; unknown labels are refused.
 */
export async function relabelCase(
  deps: Deps,
  c: CaseRecord,
  change: { add: string[]; remove: string[] },
  by: string
): Promise<string[]> {
  const catalogue = await labelCatalogue(deps);
  const unknown = change.add.filter((id) => !catalogue.some((l) => l.id === id));
  if (unknown.length) throw new FilingError(`no label ${unknown.join(', ')}`, 'invalid');
  const before = c.labels ?? [];
  const labels = [
    ...before.filter((l) => !change.remove.includes(l)),
    ...change.add.filter((l) => !before.includes(l)),
  ];
  const added = labels.filter((l) => !before.includes(l));
  const removed = before.filter((l) => !labels.includes(l));
  if (!added.length && !removed.length) return before;
  const at = deps.clock.now().toISOString();
  const words = [
    ...(added.length ? [`labelled ${added.map((id) => `"${nameOf(catalogue, id)}"`).join(', ')}`] : []),
    ...(removed.length
      ? [`label ${removed.map((id) => `"${nameOf(catalogue, id)}"`).join(', ')} removed`]
      : []),
  ];
  const written = await deps.filing.setLabels(c, labels, [
    {
      at,
      type: 'case.labelled',
      summary: `${words.join('; ')} by ${by}`,
      actor: by,
      data: { added: added.join(','), removed: removed.join(',') },
    },
  ]);
  if (!written) throw new FilingError('the case was changed meanwhile; read it again and retry', 'conflict');
  return labels;
}

/** Moves a case to a folder, or back to the inbox (null). The spam folder is entered only by marking spam. */
export async function fileCase(
  deps: Deps,
  c: CaseRecord,
  folder: string | null,
  by: string
): Promise<string | null> {
  if (c.spam) throw new FilingError('the case is marked spam: un-mark it first', 'invalid');
  if (folder === SPAM_FOLDER)
    throw new FilingError('mark the case as spam to move it to the spam folder', 'invalid');
  const folders = await folderCatalogue(deps);
  if (folder !== null && !folders.some((f) => f.id === folder))
    throw new FilingError(`no folder ${folder}`, 'invalid');
  const from = c.folder ?? null;
  if (from === folder) return folder;
  const at = deps.clock.now().toISOString();
  const written = await deps.filing.setFolder(c, folder, [
    {
      at,
      type: 'case.filed',
      summary: `moved from ${from ? `folder "${nameOf(folders, from)}"` : 'the inbox'} to ${folder ? `folder "${nameOf(folders, folder)}"` : 'the inbox'} by ${by}`,
      actor: by,
      data: { from, to: folder },
    },
  ]);
  if (!written) throw new FilingError('the case was changed meanwhile; read it again and retry', 'conflict');
  return folder;
}

/**
 * Marks a case spam: it moves to the spam folder and, when still being worked, is settled the
 * way resolving settles a case (a `resolved` fact: its clocks stop and it leaves the queue).
 * Sev-1 cases are refused: their callback chain is running and someone was paged.
 */
export async function markSpam(deps: Deps, c: CaseRecord, by: string): Promise<void> {
  if (c.spam) throw new FilingError(`case ${c.reference} is already marked spam`, 'conflict');
  if (c.severity === 'SEV1')
    throw new FilingError('a Sev-1 case cannot be marked spam: lower its severity or resolve it', 'invalid');
  const at = deps.clock.now().toISOString();
  const active = c.status === 'OPEN' || c.status === 'WAITING_ON_CUSTOMER' ? c.status : null;
  const written = await deps.filing.setFolder(
    c,
    SPAM_FOLDER,
    [
      {
        at,
        type: 'case.spam',
        summary: `marked spam by ${by}`,
        actor: by,
        data: { folderBefore: c.folder ?? null },
      },
    ],
    {
      fields: {
        spam: { at, by, folderBefore: c.folder ?? null, ...(active ? { statusBefore: active } : {}) },
      },
      ...(active && c.sla ? { fact: { at, kind: 'resolved' as const }, status: 'RESOLVED' as const } : {}),
    }
  );
  if (!written) throw new FilingError('the case was changed meanwhile; read it again and retry', 'conflict');
  // As after a resolution: the queue place goes, and the clock ends at its next wake-up.
  await refreshCaseClock(deps, c.id);
}

/** Un-marks a spam case: back to the folder it was in, and to work (reopened) if it was being worked. */
export async function unmarkSpam(deps: Deps, c: CaseRecord, by: string): Promise<void> {
  const spam = c.spam;
  if (!spam) throw new FilingError(`case ${c.reference} is not marked spam`, 'conflict');
  const at = deps.clock.now().toISOString();
  const folders = await folderCatalogue(deps);
  // The folder it came from may have been deleted since: then the inbox.
  const back =
    spam.folderBefore && folders.some((f) => f.id === spam.folderBefore) ? spam.folderBefore : null;
  const reopen = spam.statusBefore !== undefined && c.status === 'RESOLVED' && !!c.sla;
  const written = await deps.filing.setFolder(
    c,
    back,
    [{ at, type: 'case.not-spam', summary: `spam mark removed by ${by}`, actor: by, data: { folder: back } }],
    {
      fields: { spam: null },
      ...(reopen ? { fact: { at, kind: 'reopened' as const }, status: 'OPEN' as const } : {}),
    }
  );
  if (!written) throw new FilingError('the case was changed meanwhile; read it again and retry', 'conflict');
  await refreshCaseClock(deps, c.id);
}
