import { Hono } from 'hono';
import * as z from 'zod';
import {
  actorName,
  PERMISSIONS,
  type StaffUser,
  StaffUserChangeSchema,
  StaffUserInputSchema,
} from '../domain/staff';
import type { IdentityAccounts } from '../ports';
import { folderCatalogue } from '../use-cases/case-filing';
import type { Services } from '../use-cases/deps';
import { addRosterOverride, currentRoster, oncallView, RosterError } from '../use-cases/oncall-roster';
import { changeStaffUser, createStaffUser, StaffUserError, setStaffPassword } from '../use-cases/staff-users';
import { BAD_CURSOR, jsonBody, limitOf, pageOfAll, pageOrBadCursor, takesQuery } from './request';
import { audit, requires, requiresToChange, type StaffEnv } from './staff-access';

export type StaffApiDeps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'rosterOverrides'
  | 'staff'
  | 'audit'
  | 'events'
  | 'ids'
  | 'log'
  | 'cases'
  | 'filingCatalogue'
> & { identity: IdentityAccounts; forgetUser?: (id: string) => void };

const OverrideBodySchema = z.strictObject({
  rotation: z.string().min(1),
  person: z.string().min(1),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  reason: z.string().max(500).optional(),
});
const NewUserBodySchema = StaffUserInputSchema.extend({ password: z.string().max(256).optional() });
const PasswordBodySchema = z.strictObject({ password: z.string().max(256) });

/** A user as the API shows it (there is nothing secret on the record; the hash lives elsewhere). */
const userView = (u: StaffUser) => u;

const userError = (error: unknown) => {
  if (!(error instanceof StaffUserError)) throw error;
  return {
    body: { error: error.message },
    status: error.kind === 'not-found' ? 404 : error.kind === 'exists' ? 409 : 400,
  } as const;
};

/** A 400's words when a user is given case folders that do not exist; null when all do. */
async function unknownFolders(deps: StaffApiDeps, caseFolders: string[] | null | undefined) {
  if (!caseFolders?.length) return null;
  const known = new Set((await folderCatalogue(deps)).map((f) => f.id));
  const unknown = caseFolders.filter((f) => !known.has(f));
  return unknown.length ? `caseFolders: no case folder ${unknown.join(', ')}` : null;
}

/**
 * Who is who and who did what, under /api: the signed-in user (`/me`), users (admins, R-BOX-6),
 * the audit log (supervisors and admins), and the on-call roster with its overrides.
 */
export function staffRoutes(deps: StaffApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();

  app.get('/me', takesQuery(), (c) => {
    const actor = c.get('actor');
    const permissions = Object.keys(PERMISSIONS).filter((p) =>
      (PERMISSIONS[p as keyof typeof PERMISSIONS] as readonly string[]).some((r) =>
        (actor.kind === 'staff' ? actor.user.roles : actor.roles).includes(r as never)
      )
    );
    return c.json(
      actor.kind === 'staff'
        ? { kind: 'staff', ...userView(actor.user), permissions }
        : { kind: 'service', name: actor.name, roles: actor.roles, permissions }
    );
  });

  app.use('/users', requires(deps, 'users:manage'));
  app.use('/users/*', requires(deps, 'users:manage'));
  app.get('/users', takesQuery('limit', 'cursor'), async (c) => {
    const page = pageOfAll(
      await deps.staff.listUsers(),
      limitOf(c.req.query('limit')),
      c.req.query('cursor')
    );
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({ users: page.items.map(userView), cursor: page.cursor, total: page.total });
  });
  app.get('/users/:id', takesQuery(), async (c) => {
    const user = await deps.staff.getUser(c.req.param('id'));
    return user ? c.json(userView(user)) : c.json({ error: 'no such user' }, 404);
  });
  app.post('/users', async (c) => {
    const input = await jsonBody(c.req, NewUserBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const { password, ...fields } = input.data;
    const unknown = await unknownFolders(deps, fields.caseFolders);
    if (unknown) return c.json({ error: unknown }, 400);
    try {
      return c.json(
        userView(await createStaffUser(deps, c.get('actor'), fields, password, source(c.get('source')))),
        201
      );
    } catch (error) {
      const { body, status } = userError(error);
      return c.json(body, status);
    }
  });
  app.post('/users/:id', async (c) => {
    const input = await jsonBody(c.req, StaffUserChangeSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const unknown = await unknownFolders(deps, input.data.caseFolders);
    if (unknown) return c.json({ error: unknown }, 400);
    try {
      const user = await changeStaffUser(
        deps,
        c.get('actor'),
        c.req.param('id'),
        input.data,
        source(c.get('source'))
      );
      deps.forgetUser?.(user.id);
      return c.json(userView(user));
    } catch (error) {
      const { body, status } = userError(error);
      return c.json(body, status);
    }
  });
  app.post('/users/:id/password', async (c) => {
    const input = await jsonBody(c.req, PasswordBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    try {
      await setStaffPassword(
        deps,
        c.get('actor'),
        c.req.param('id'),
        input.data.password,
        source(c.get('source'))
      );
      return c.json({ id: c.req.param('id'), password: 'set' });
    } catch (error) {
      const { body, status } = userError(error);
      return c.json(body, status);
    }
  });

  // The audit log: read-only through the API, newest first, by actor and/or case.
  app.use('/audit', requires(deps, 'audit:read'));
  app.get('/audit', takesQuery('actor', 'case', 'limit', 'cursor'), async (c) => {
    // `case` is a case id or its reference (CF-1001, any case).
    const named = c.req.query('case');
    const caseId =
      named && /^CF-\d+$/i.test(named) ? await deps.cases.findCaseIdByReference(named.toUpperCase()) : named;
    if (named && !caseId) return c.json({ error: `no case ${named}` }, 404);
    const question = {
      actor: c.req.query('actor')?.toLowerCase() || undefined,
      caseId: caseId || undefined,
      now: deps.clock.now(),
    };
    const page = await pageOrBadCursor(() =>
      deps.audit.list({
        ...question,
        limit: limitOf(c.req.query('limit')),
        cursor: c.req.query('cursor') || undefined,
      })
    );
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({ records: page.items, cursor: page.cursor, total: await deps.audit.count(question) });
  });

  // On-call: who is on call, and overrides made at run time (seen by the pager at once).
  app.use('/oncall', requires(deps, 'oncall:read'));
  app.use('/oncall/*', requires(deps, 'oncall:read'));
  app.use('/oncall/*', requiresToChange(deps, 'oncall:change'));
  app.get('/oncall', takesQuery('at'), async (c) => {
    const raw = c.req.query('at');
    const at = raw ? new Date(raw) : deps.clock.now();
    if (Number.isNaN(at.getTime())) return c.json({ error: 'at must be an ISO 8601 instant' }, 400);
    return c.json(oncallView(deps.config, await currentRoster(deps, at), at));
  });
  app.get('/oncall/overrides', takesQuery('limit', 'cursor'), async (c) => {
    const all = await deps.rosterOverrides.listRosterOverrides(deps.clock.now().toISOString());
    const page = pageOfAll(all, limitOf(c.req.query('limit')), c.req.query('cursor'));
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({ overrides: page.items, cursor: page.cursor, total: page.total });
  });
  app.post('/oncall/overrides', async (c) => {
    const input = await jsonBody(c.req, OverrideBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    try {
      const override = await addRosterOverride(deps, { ...input.data, by: actorName(c.get('actor')) });
      await audit(deps, c, 'oncall.override', { target: override.id, detail: override.rotation });
      return c.json(override, 201);
    } catch (error) {
      if (error instanceof RosterError) return c.json({ error: error.message }, 400);
      throw error;
    }
  });
  // A POST (not DELETE): staff routes are GET and POST.
  app.post('/oncall/overrides/:id/cancel', async (c) => {
    const cancel = await deps.rosterOverrides.cancelRosterOverride(
      c.req.param('id'),
      actorName(c.get('actor')),
      deps.clock.now().toISOString()
    );
    if (cancel.outcome === 'not-found') return c.json({ error: 'no such override' }, 404);
    if (cancel.outcome === 'already-cancelled')
      return c.json(
        { error: 'already cancelled', cancelledAt: cancel.cancelledAt, cancelledBy: cancel.cancelledBy },
        409
      );
    await audit(deps, c, 'oncall.override-cancel', { target: c.req.param('id') });
    return c.json({ cancelled: c.req.param('id') });
  });

  return app;
}

const source = (s: string): 'console' | 'cli' | 'api' => (s === 'console' || s === 'cli' ? s : 'api');
