import { type Context, Hono } from 'hono';
import * as z from 'zod';
import {
  type CaseFolder,
  FolderInputSchema,
  filingId,
  type Label,
  LabelChangeSchema,
  LabelInputSchema,
  SPAM_FOLDER,
} from '../domain/case-filing';
import { actorName, maySeeCaseFolder } from '../domain/staff';
import {
  FilingError,
  fileCase,
  folderCatalogue,
  labelCatalogue,
  markSpam,
  relabelCase,
  unmarkSpam,
} from '../use-cases/case-filing';
import type { Services } from '../use-cases/deps';
import { visibleCase } from './case-access';
import { summary } from './case-routes';
import { BAD_CURSOR, jsonBody, limitOf, pageOrBadCursor, takesQuery } from './request';
import { audit, refuse, requires, type StaffEnv, seesTeam } from './staff-access';

export type FilingApiDeps = Pick<
  Services,
  'config' | 'filingCatalogue' | 'filing' | 'cases' | 'clock' | 'ids' | 'audit' | 'events' | 'log'
> &
  Parameters<typeof markSpam>[0];

const LabelsBodySchema = z
  .strictObject({
    add: z.array(z.string().min(1).max(80)).max(50).default([]),
    remove: z.array(z.string().min(1).max(80)).max(50).default([]),
  })
  .refine((x) => x.add.length + x.remove.length > 0, { message: 'name labels to add or remove' });
const FolderBodySchema = z.strictObject({ folder: z.string().min(1).max(80).nullable() });

const filingError = (c: Context<StaffEnv>, error: unknown) => {
  if (!(error instanceof FilingError)) throw error;
  const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 400;
  return c.json({ error: error.message }, status);
};

/**
 * Labels and case folders under /api (R-BOX-5/7/8): the catalogue with each entry's count, the
 * cases of one, what staff keep of them (labels: supervisors and admins; folders: admins), and
 * filing a case: labels on and off, a folder, spam and back.
 */
export function filingRoutes(deps: FilingApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  for (const path of ['/labels', '/labels/*', '/case-folders', '/case-folders/*'])
    app.use(path, requires(deps, 'cases:read'));
  app.use('/cases/:id/labels', requires(deps, 'cases:act'));
  app.use('/cases/:id/folder', requires(deps, 'cases:act'));
  app.use('/cases/:id/spam', requires(deps, 'cases:act'));
  app.use('/cases/:id/not-spam', requires(deps, 'cases:act'));
  const by = (c: Context<StaffEnv>) => actorName(c.get('actor'));
  const now = () => deps.clock.now().toISOString();

  // The whole catalogue (it is small: a page of it is all of it) with the cases in each.
  const withCounts = async <T extends { id: string }>(kind: 'label' | 'folder', entries: T[]) =>
    Promise.all(entries.map(async (e) => ({ ...e, count: await deps.filing.countFiled(kind, e.id) })));
  app.get('/labels', takesQuery(), async (c) => {
    const labels = await withCounts('label', await labelCatalogue(deps));
    return c.json({ labels, cursor: null, total: labels.length });
  });
  // The folders the user was given to see (R-BOX-6); the rest are not listed.
  app.get('/case-folders', takesQuery(), async (c) => {
    const visible = (await folderCatalogue(deps)).filter((f) => maySeeCaseFolder(c.get('actor'), f.id));
    const folders = await withCounts('folder', visible);
    return c.json({ folders, cursor: null, total: folders.length });
  });

  // The cases of a label or folder, newest first, in the queue's row shape.
  const filedCases = (kind: 'label' | 'folder') => async (c: Context<StaffEnv>) => {
    const id = c.req.param('id') ?? '';
    const catalogue: { id: string }[] =
      kind === 'label' ? await labelCatalogue(deps) : await folderCatalogue(deps);
    if (!catalogue.some((e) => e.id === id)) return c.json({ error: `no ${kind} ${id}` }, 404);
    if (kind === 'folder' && !maySeeCaseFolder(c.get('actor'), id))
      return refuse(deps, c, 'folder.read', `access to case folder ${id}`);
    const page = await pageOrBadCursor(() =>
      deps.filing.pageFiled(kind, id, limitOf(c.req.query('limit')), c.req.query('cursor') || undefined)
    );
    if (!page) return c.json(BAD_CURSOR, 400);
    const [cases, total] = await Promise.all([
      deps.cases.getCases(page.items),
      deps.filing.countFiled(kind, id),
    ]);
    // Agents see their teams' cases only (a page may then hold fewer than `limit`); the total counts all.
    return c.json({
      cases: cases.filter((x) => seesTeam(c, x.team)).map(summary),
      cursor: page.cursor,
      total,
    });
  };
  app.get('/labels/:id/cases', takesQuery('limit', 'cursor'), filedCases('label'));
  app.get('/case-folders/:id/cases', takesQuery('limit', 'cursor'), filedCases('folder'));

  // --- keeping labels: supervisors and admins ---
  app.post('/labels', requires(deps, 'labels:manage'), async (c) => {
    const input = await jsonBody(c.req, LabelInputSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const id = filingId(input.data.name);
    if ((await labelCatalogue(deps)).some((l) => l.id === id))
      return c.json({ error: `a label named like "${input.data.name}" exists` }, 409);
    const label: Label = {
      id,
      name: input.data.name,
      colour: input.data.colour,
      updatedAt: now(),
      updatedBy: by(c),
    };
    // A deleted entry of that id is kept as deleted: it is written over.
    const stored = await deps.filingCatalogue.getLabel(id);
    if (stored?.deleted) await deps.filingCatalogue.saveLabel(label);
    else if (!(await deps.filingCatalogue.createLabel(label)))
      return c.json({ error: `a label named like "${input.data.name}" exists` }, 409);
    await audit(deps, c, 'label.create', { target: id, detail: `${label.name} (${label.colour})` });
    return c.json(label, 201);
  });
  app.post('/labels/:id', requires(deps, 'labels:manage'), async (c) => {
    const input = await jsonBody(c.req, LabelChangeSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = (await labelCatalogue(deps)).find((l) => l.id === c.req.param('id'));
    if (!found) return c.json({ error: `no label ${c.req.param('id')}` }, 404);
    const { bootstrap: _, ...rest } = found;
    const label: Label = { ...rest, ...input.data, updatedAt: now(), updatedBy: by(c) };
    await deps.filingCatalogue.saveLabel(label);
    await audit(deps, c, 'label.change', { target: label.id, detail: `${label.name} (${label.colour})` });
    return c.json(label);
  });
  app.post('/labels/:id/delete', requires(deps, 'labels:manage'), async (c) => {
    const input = await jsonBody(c.req, z.strictObject({}));
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = (await labelCatalogue(deps)).find((l) => l.id === c.req.param('id'));
    if (!found) return c.json({ error: `no label ${c.req.param('id')}` }, 404);
    const inUse = await deps.filing.countFiled('label', found.id);
    if (inUse)
      return c.json(
        { error: `label "${found.name}" is on ${inUse} cases: remove it from them first`, count: inUse },
        409
      );
    await deps.filingCatalogue.saveLabel({ ...found, deleted: true, updatedAt: now(), updatedBy: by(c) });
    await audit(deps, c, 'label.delete', { target: found.id, detail: found.name });
    return c.json({ deleted: found.id });
  });

  // --- keeping folders: admins ---
  app.post('/case-folders', requires(deps, 'folders:manage'), async (c) => {
    const input = await jsonBody(c.req, FolderInputSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const id = filingId(input.data.name);
    if ((await folderCatalogue(deps)).some((f) => f.id === id))
      return c.json({ error: `a folder named like "${input.data.name}" exists` }, 409);
    const folder: CaseFolder = { id, name: input.data.name, updatedAt: now(), updatedBy: by(c) };
    const stored = await deps.filingCatalogue.getFolder(id);
    if (stored?.deleted) await deps.filingCatalogue.saveFolder(folder);
    else if (!(await deps.filingCatalogue.createFolder(folder)))
      return c.json({ error: `a folder named like "${input.data.name}" exists` }, 409);
    await audit(deps, c, 'folder.create', { target: id, detail: folder.name });
    return c.json(folder, 201);
  });
  app.post('/case-folders/:id', requires(deps, 'folders:manage'), async (c) => {
    const input = await jsonBody(c.req, FolderInputSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = (await folderCatalogue(deps)).find((f) => f.id === c.req.param('id'));
    if (!found) return c.json({ error: `no folder ${c.req.param('id')}` }, 404);
    if (found.system) return c.json({ error: 'the spam folder is built in: it cannot be renamed' }, 400);
    const { bootstrap: _, ...rest } = found;
    const folder: CaseFolder = { ...rest, name: input.data.name, updatedAt: now(), updatedBy: by(c) };
    await deps.filingCatalogue.saveFolder(folder);
    await audit(deps, c, 'folder.change', { target: folder.id, detail: folder.name });
    return c.json(folder);
  });
  app.post('/case-folders/:id/delete', requires(deps, 'folders:manage'), async (c) => {
    const input = await jsonBody(c.req, z.strictObject({}));
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = (await folderCatalogue(deps)).find((f) => f.id === c.req.param('id'));
    if (!found) return c.json({ error: `no folder ${c.req.param('id')}` }, 404);
    if (found.id === SPAM_FOLDER)
      return c.json({ error: 'the spam folder is built in: it cannot be deleted' }, 400);
    const inUse = await deps.filing.countFiled('folder', found.id);
    if (inUse)
      return c.json(
        { error: `folder "${found.name}" holds ${inUse} cases: move them first`, count: inUse },
        409
      );
    await deps.filingCatalogue.saveFolder({ ...found, deleted: true, updatedAt: now(), updatedBy: by(c) });
    await audit(deps, c, 'folder.delete', { target: found.id, detail: found.name });
    return c.json({ deleted: found.id });
  });

  // --- filing a case ---
  app.post('/cases/:id/labels', async (c) => {
    const input = await jsonBody(c.req, LabelsBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.label');
    if ('response' in found) return found.response;
    try {
      const labels = await relabelCase(deps, found.case, input.data, by(c));
      await audit(deps, c, 'case.label', {
        target: found.case.id,
        caseId: found.case.id,
        detail: [...input.data.add.map((l) => `+${l}`), ...input.data.remove.map((l) => `-${l}`)].join(' '),
      });
      return c.json({ labels });
    } catch (error) {
      return filingError(c, error);
    }
  });
  app.post('/cases/:id/folder', async (c) => {
    const input = await jsonBody(c.req, FolderBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.file');
    if ('response' in found) return found.response;
    // Filing into a folder the user does not see would hide the case from them.
    if (input.data.folder && !maySeeCaseFolder(c.get('actor'), input.data.folder))
      return refuse(deps, c, 'case.file', `access to case folder ${input.data.folder}`, found.case.id);
    try {
      const folder = await fileCase(deps, found.case, input.data.folder, by(c));
      await audit(deps, c, 'case.file', { target: folder ?? 'inbox', caseId: found.case.id });
      return c.json({ folder });
    } catch (error) {
      return filingError(c, error);
    }
  });
  app.post('/cases/:id/spam', async (c) => {
    const input = await jsonBody(c.req, z.strictObject({}));
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.spam');
    if ('response' in found) return found.response;
    try {
      await markSpam(deps, found.case, by(c));
      await audit(deps, c, 'case.spam', { target: found.case.id, caseId: found.case.id });
      const after = await deps.cases.getCase(found.case.id);
      return c.json({ folder: SPAM_FOLDER, status: after?.status ?? found.case.status });
    } catch (error) {
      return filingError(c, error);
    }
  });
  app.post('/cases/:id/not-spam', async (c) => {
    const input = await jsonBody(c.req, z.strictObject({}));
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.not-spam');
    if ('response' in found) return found.response;
    try {
      await unmarkSpam(deps, found.case, by(c));
      await audit(deps, c, 'case.not-spam', { target: found.case.id, caseId: found.case.id });
      const after = await deps.cases.getCase(found.case.id);
      return c.json({ folder: after?.folder ?? null, status: after?.status ?? found.case.status });
    } catch (error) {
      return filingError(c, error);
    }
  });

  return app;
}
