import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { CursorError, type Page } from '../data/page';
import { type DeliverabilityApiDeps, deliverabilityRoutes } from '../deliverability/routes';
import type { CaseRecord } from '../domain/case';
import { TeamSchema } from '../domain/team';
import { formatInstant } from '../domain/time-format';
import type { UndeliveredIntake } from '../ports';
import { acknowledgePage, MAX_ETA_MINUTES } from '../use-cases/acknowledge-page';
import { addNote, NoteError } from '../use-cases/add-note';
import { confirmCallback, confirmCaseCallback } from '../use-cases/confirm-callback';
import type { Services } from '../use-cases/deps';
import { addRosterOverride, currentRoster, oncallView, RosterError } from '../use-cases/oncall-roster';
import { openPageLink } from '../use-cases/open-page-link';
import { AttachmentLimitError, ReplyError, replyToCustomer } from '../use-cases/reply-to-customer';
import { replyToIncident } from '../use-cases/reply-to-incident';
import { proposeResolution, ResolutionError } from '../use-cases/resolution';
import { resolveCase } from '../use-cases/resolve-case';
import { mailRoutes } from './mail-routes';
import { messageView, pageView } from './page-views';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'intakeGuards'
  | 'slaClocks'
  | 'rosterOverrides'
  | 'caseTransactions'
  | 'paging'
  | 'incidents'
  | 'signer'
  | 'workflows'
  | 'events'
  | 'mailer'
  | 'ids'
  | 'log'
  | 'attachments'
  | 'held'
  | 'codec'
  | 'bucket'
>;

/** The longest an engineer may promise until the next customer update (the plan's interval caps it further). */
const MAX_UPDATE_MINUTES = 24 * 60;
/** An attachment on a staff reply: content in base64 (R-BOX-4 limits are checked by the use-case). */
const ReplyAttachmentSchema = z.object({
  filename: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => ![...name].some((ch) => ch < ' ' || ch === '/' || ch === '\\'), {
      message: 'no control characters or slashes',
    }),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/)
    .default('application/octet-stream'),
  content: z.base64(),
});
/** JSON with base64 content: 20 MB of attachments are about 27 MB of request body. */
const MAX_REPLY_BODY_BYTES = 30 * 1024 * 1024;

const ReplyBodySchema = z.object({
  from: z.email(),
  text: z.string().min(1).max(100_000),
  waitingOnCustomer: z.boolean().optional(),
  workMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  /** On a called-back Sev-1: when the customer hears next (capped at the plan's update interval). */
  nextUpdateInMinutes: z.number().int().min(1).max(MAX_UPDATE_MINUTES).optional(),
  attachments: z.array(ReplyAttachmentSchema).max(20).optional(),
  /** On the leader of a storm incident: send the same reply to every customer of the incident. */
  incident: z.boolean().optional(),
});
const ResolveBodySchema = z.object({ by: z.email() });
/** An internal note (R-BOX-2) or a proposed resolution (R-SEV1-5): who and what. */
const StaffTextBodySchema = z.object({ by: z.email(), text: z.string().min(1).max(100_000) });

const OverrideBodySchema = z.object({
  rotation: z.string().min(1),
  person: z.string().min(1),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  reason: z.string().max(500).optional(),
  /** Who made it, for the record. */
  by: z.email(),
});

export interface AppOptions {
  /**
   * Readiness: true once SMTP, database and workflows are up; false while starting; otherwise
   * why not (the database is down, say).
   */
  health: () => Promise<boolean | string> | boolean | string;
  /** Accepted mail not yet made into a case or a recorded failure, where the host keeps it. */
  undelivered?: UndeliveredIntake;
  /** The deliverability desk's API (/api/deliverability), where the host provides its services. */
  deliverability?: DeliverabilityApiDeps;
}

/** A page of a listing, or undefined when the cursor given was not one of ours. */
async function pageOrBadCursor<T>(read: () => Promise<Page<T>>): Promise<Page<T> | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CursorError) return undefined;
    throw error;
  }
}

/** Summary fields of a case in lists. */
function summary(c: CaseRecord) {
  return {
    id: c.id,
    reference: c.reference,
    subject: c.subject,
    status: c.status,
    severity: c.severity,
    team: c.team,
    plan: c.plan,
    customerId: c.customerId,
    contactStatus: c.contactStatus,
    receivedAt: c.receivedAt,
    deadlines: c.deadlines,
    guaranteed: c.sla?.terms.guaranteed ?? false,
  };
}

/**
 * The HTTP API, one app for the Lambda behind API Gateway and for the local server:
 * read-only case API, health, and the page-link screens (GET shows, POST acts).
 */
export function createApp(deps: Deps, options: AppOptions): Hono {
  const app = new Hono();

  app.use('/pages/*', async (c, next) => {
    await next();
    // Page links carry a signature: never cache them, never leak them in a Referer.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    );
  });

  app.get('/health', async (c) => {
    const state = await options.health();
    if (state === true) return c.json({ status: 'ok' });
    return c.json(state === false ? { status: 'starting' } : { status: 'unavailable', reason: state }, 503);
  });

  // Newest first, a page at a time: `cursor` from the previous answer goes on where it stopped.
  app.get('/api/cases', async (c) => {
    const limit = Math.min(200, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    const page = await pageOrBadCursor(() => deps.cases.pageCases(limit, c.req.query('cursor') || undefined));
    if (!page) return c.json({ error: 'cursor is not one this list gave out' }, 400);
    return c.json({ cases: page.items.map(summary), cursor: page.cursor });
  });

  // Delivery reports no case could be found for (bounces of mail we did not send, or forgeries).
  app.get('/api/bounces', async (c) => {
    const limit = Math.min(200, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    return c.json({ bounces: await deps.intakeGuards.listUnattributedBounces(limit) });
  });

  app.get('/api/cases/:id', async (c) => {
    const key = c.req.param('id');
    const caseId = /^CF-\d+$/.test(key) ? await deps.cases.findCaseIdByReference(key) : key;
    const detail = caseId ? await deps.cases.getCaseDetail(caseId) : undefined;
    if (!detail) return c.json({ error: `no case ${key}` }, 404);
    return c.json({ ...detail.case, messages: detail.messages, timeline: detail.timeline });
  });

  const caseIdOf = async (key: string) =>
    /^CF-\d+$/.test(key) ? deps.cases.findCaseIdByReference(key) : key;
  const body = async <T extends z.ZodType>(req: { json(): Promise<unknown> }, schema: T) => {
    const parsed = schema.safeParse(await req.json().catch(() => undefined));
    return parsed.success
      ? { ok: true as const, data: parsed.data as z.infer<T> }
      : {
          ok: false as const,
          error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
        };
  };

  // The earliest-deadline-first queue of a team (R-SLA-3), served by the queue index.
  app.get('/api/queue', async (c) => {
    const team = TeamSchema.safeParse(c.req.query('team') ?? 'L1');
    if (!team.success) return c.json({ error: `team must be one of ${TeamSchema.options.join(', ')}` }, 400);
    const limit = Math.min(200, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    const page = await pageOrBadCursor(() =>
      deps.slaClocks.pageQueue(team.data, limit, c.req.query('cursor') || undefined)
    );
    if (!page) return c.json({ error: 'cursor is not one this queue gave out' }, 400);
    return c.json({
      team: team.data,
      cases: page.items.map((x) => ({ ...summary(x), nextDueAt: x.deadlines.nextDueAt ?? null })),
      cursor: page.cursor,
    });
  });

  const replyBodyLimit = bodyLimit({
    maxSize: MAX_REPLY_BODY_BYTES,
    onError: (c) =>
      c.json(
        {
          error: `request body over ${MAX_REPLY_BODY_BYTES / 1048576} MB; at most 20 MB per message (R-BOX-4)`,
        },
        413
      ),
  });
  app.post('/api/cases/:id/replies', replyBodyLimit, async (c) => {
    const caseId = await caseIdOf(c.req.param('id'));
    const input = await body(c.req, ReplyBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    if (!caseId) return c.json({ error: 'no such case' }, 404);
    try {
      const attachments = input.data.attachments?.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: new Uint8Array(Buffer.from(a.content, 'base64')),
      }));
      const { incident, ...reply } = input.data;
      // `incident: true` on a storm incident's leader: the same update to every customer of it.
      if (incident) return c.json(await replyToIncident(deps, caseId, { ...reply, attachments }), 201);
      const sent = await replyToCustomer(deps, { caseId, ...reply, attachments });
      return c.json(sent, 201);
    } catch (error) {
      if (error instanceof AttachmentLimitError)
        return c.json({ error: error.message }, error.kind === 'size' ? 413 : 400);
      if (error instanceof ReplyError) return c.json({ error: error.message }, 409);
      throw error;
    }
  });

  // "Customer reached" for one case: how each customer of a storm incident is confirmed.
  app.post('/api/cases/:id/callback', async (c) => {
    const caseId = await caseIdOf(c.req.param('id'));
    const input = await body(
      c.req,
      z.object({
        by: z.email(),
        nextUpdateInMinutes: z.number().int().min(1).max(MAX_UPDATE_MINUTES).optional(),
      })
    );
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = caseId ? await deps.cases.getCase(caseId) : undefined;
    if (!found) return c.json({ error: 'no such case' }, 404);
    const result = await confirmCaseCallback(
      deps,
      found,
      input.data.by.toLowerCase(),
      null,
      input.data.nextUpdateInMinutes
    );
    return c.json(result, result.outcome === 'confirmed' ? 200 : 409);
  });

  app.post('/api/cases/:id/resolve', async (c) => {
    const caseId = await caseIdOf(c.req.param('id'));
    const input = await body(c.req, ResolveBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    if (!caseId || !(await resolveCase(deps, caseId, input.data.by)))
      return c.json({ error: 'no open case by that id' }, 404);
    return c.json({ status: 'RESOLVED' });
  });

  // On-call: who is on call, and overrides made at run time (seen by the pager at once).
  app.get('/api/oncall', async (c) => {
    const raw = c.req.query('at');
    const at = raw ? new Date(raw) : deps.clock.now();
    if (Number.isNaN(at.getTime())) return c.json({ error: 'at must be an ISO 8601 instant' }, 400);
    return c.json(oncallView(deps.config, await currentRoster(deps, at), at));
  });
  app.get('/api/oncall/overrides', async (c) =>
    c.json({ overrides: await deps.rosterOverrides.listRosterOverrides(deps.clock.now().toISOString()) })
  );
  app.post('/api/oncall/overrides', async (c) => {
    const input = await body(c.req, OverrideBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    try {
      return c.json(await addRosterOverride(deps, input.data), 201);
    } catch (error) {
      if (error instanceof RosterError) return c.json({ error: error.message }, 400);
      throw error;
    }
  });
  // A POST (not DELETE): staff routes are GET and POST, each IAM-authorized (infra/constructs/http-api.ts).
  app.post('/api/oncall/overrides/:id/cancel', async (c) =>
    (await deps.rosterOverrides.deleteRosterOverride(c.req.param('id')))
      ? c.json({ cancelled: c.req.param('id') })
      : c.json({ error: 'no such override' }, 404)
  );
  // Internal notes never reach the customer; propose-resolution waits for their confirmation.
  app.post('/api/cases/:id/notes', async (c) => {
    const caseId = await caseIdOf(c.req.param('id'));
    const input = await body(c.req, StaffTextBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    if (!caseId) return c.json({ error: 'no such case' }, 404);
    try {
      const { by, text } = input.data;
      return c.json(await addNote(deps, { caseId, by: by.toLowerCase(), text, via: 'api' }), 201);
    } catch (error) {
      if (error instanceof NoteError) return c.json({ error: error.message }, 404);
      throw error;
    }
  });

  app.post('/api/cases/:id/propose-resolution', async (c) => {
    const caseId = await caseIdOf(c.req.param('id'));
    const input = await body(c.req, StaffTextBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    if (!caseId) return c.json({ error: 'no such case' }, 404);
    try {
      const { by, text } = input.data;
      return c.json(await proposeResolution(deps, { caseId, by: by.toLowerCase(), text }), 201);
    } catch (error) {
      if (error instanceof ResolutionError || error instanceof ReplyError)
        return c.json({ error: error.message }, 409);
      throw error;
    }
  });

  const linkQuery = (exp: number, sig: string) => `?exp=${exp}&sig=${encodeURIComponent(sig)}`;
  const targets = (pageId: string, exp: number, sig: string) => ({
    ackAction: `/pages/${encodeURIComponent(pageId)}${linkQuery(exp, sig)}`,
    callbackAction: `/pages/${encodeURIComponent(pageId)}/callback${linkQuery(exp, sig)}`,
    takeOverAction: `/pages/${encodeURIComponent(pageId)}/take-over${linkQuery(exp, sig)}`,
  });
  const refused = (reason: 'invalid' | 'expired') =>
    reason === 'expired'
      ? messageView(
          'Link expired',
          'This page link has expired',
          'Open the newest page you received, or ask the case owner.'
        )
      : messageView(
          'Not found',
          'This page link is not valid',
          'Check that you opened the whole link from the page mail.'
        );

  /** Renders the current state of the page's case, optionally with a notice about what just happened. */
  const renderPage = async (
    pageId: string,
    exp: string | undefined,
    sig: string | undefined,
    notice?: string,
    status = 200,
    offerTakeOver = false
  ) => {
    const access = await openPageLink(deps, pageId, exp, sig);
    if (!access.ok)
      return { body: await refused(access.reason), status: access.reason === 'expired' ? 410 : 404 };
    const body = await pageView(
      access.case,
      access.page,
      targets(pageId, access.exp, access.sig),
      notice,
      offerTakeOver &&
        access.page.recipient !== access.case.sev1?.acknowledgedBy &&
        !access.case.sev1?.calledBackAt
    );
    return { body, status };
  };

  app.get('/pages/:id', async (c) => {
    const { body, status } = await renderPage(c.req.param('id'), c.req.query('exp'), c.req.query('sig'));
    return c.html(body, status as 200);
  });

  const ackRoute = (takeOver: boolean) => async (c: Context) => {
    const [pageId, exp, sig] = [c.req.param('id') ?? '', c.req.query('exp'), c.req.query('sig')];
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const eta = typeof form.eta === 'string' && /^\d{1,3}$/.test(form.eta) ? Number(form.eta) : undefined;
    const result = await acknowledgePage(deps, pageId, exp, sig, {
      etaMinutes: eta !== undefined && eta >= 1 && eta <= MAX_ETA_MINUTES ? eta : undefined,
      takeOver,
    });
    if (result.outcome === 'invalid' || result.outcome === 'expired') {
      return c.html(await refused(result.outcome), result.outcome === 'expired' ? 410 : 404);
    }
    const notice =
      result.outcome === 'already-acknowledged'
        ? `Already acknowledged by ${result.by}; your acknowledgement was not needed.`
        : result.outcome === 'moved-on'
          ? `This page moved on: ${result.to} was paged at ${formatInstant(result.at)}. You can still take it over.`
          : result.outcome === 'taken-over'
            ? `You took the case over from ${result.from}.`
            : result.outcome === 'case-closed'
              ? 'This case is no longer open.'
              : undefined;
    const offerTakeOver = result.outcome === 'moved-on' || result.outcome === 'already-acknowledged';
    const { body } = await renderPage(pageId, exp, sig, notice, 200, offerTakeOver);
    return c.html(body, result.outcome === 'acknowledged' || result.outcome === 'taken-over' ? 200 : 409);
  };
  app.post('/pages/:id', ackRoute(false));
  app.post('/pages/:id/take-over', ackRoute(true));

  app.post('/pages/:id/callback', async (c) => {
    const [pageId, exp, sig] = [c.req.param('id'), c.req.query('exp'), c.req.query('sig')];
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const next =
      typeof form.nextUpdate === 'string' && /^\d{1,3}$/.test(form.nextUpdate) ? Number(form.nextUpdate) : 0;
    const nextUpdate = next >= 1 && next <= MAX_UPDATE_MINUTES ? next : undefined;
    const result = await confirmCallback(deps, pageId, exp, sig, nextUpdate);
    if (result.outcome === 'invalid' || result.outcome === 'expired') {
      return c.html(await refused(result.outcome), result.outcome === 'expired' ? 410 : 404);
    }
    const notice =
      result.outcome === 'already-confirmed'
        ? `The callback was already confirmed by ${result.by}.`
        : result.outcome === 'not-acknowledged'
          ? 'Acknowledge the page first.'
          : result.outcome === 'not-yours'
            ? `${result.by} acknowledged this page: only they confirm the callback.`
            : undefined;
    const { body } = await renderPage(pageId, exp, sig, notice);
    return c.html(body, result.outcome === 'confirmed' ? 200 : 409);
  });

  if (options.deliverability) app.route('/api/deliverability', deliverabilityRoutes(options.deliverability));
  app.route(
    '/api',
    mailRoutes(deps, options.undelivered, async (key) => {
      const caseId = await caseIdOf(key);
      return caseId ? deps.cases.getCase(caseId) : undefined;
    })
  );

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    deps.log.error('http request failed', { path: c.req.path, error: error.message });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
