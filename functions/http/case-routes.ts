import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import { ConfirmedIntervalSchema } from '../domain/availability';
import type { CaseRecord } from '../domain/case';
import { actorName } from '../domain/staff';
import { TeamSchema } from '../domain/team';
import { addNote, MAX_MENTIONS, MentionError, NoteError } from '../use-cases/add-note';
import { checkReply, notePresence, queuePresence, replySent } from '../use-cases/case-presence';
import { confirmCaseCallback } from '../use-cases/confirm-callback';
import type { Services } from '../use-cases/deps';
import { AttachmentLimitError, ReplyError, replyToCustomer } from '../use-cases/reply-to-customer';
import { replyToIncident } from '../use-cases/reply-to-incident';
import { CASE_READ_ACTION } from '../use-cases/reports/case-facts';
import {
  confirmCaseOutages,
  MAX_CASE_INTERVALS,
  outagesRefusal,
} from '../use-cases/reports-time/case-outages';
import { proposeResolution, ResolutionError } from '../use-cases/resolution';
import { resolveCase } from '../use-cases/resolve-case';
import { needsPerson, personOf, visibleCase as visibleCaseOf } from './case-access';
import { answerSearch, SEARCH_PARAMETERS } from './case-query';
import { BAD_CURSOR, jsonBody, limitOf, pageOrBadCursor, takesQuery } from './request';
import { audit, refuse, requires, requiresToChange, type StaffEnv, seesTeam } from './staff-access';

export type CaseApiDeps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'intakeGuards'
  | 'slaClocks'
  | 'reports'
  | 'caseTransactions'
  | 'paging'
  | 'incidents'
  | 'workflows'
  | 'events'
  | 'mailer'
  | 'ids'
  | 'log'
  | 'attachments'
  | 'audit'
  | 'signer'
  | 'presence'
  | 'search'
  | 'outages'
  | 'staff'
  | 'publicBaseUrl'
>;

/** The longest an engineer may promise until the next customer update (the plan's interval caps it further). */
export const MAX_UPDATE_MINUTES = 24 * 60;
/** How far a queue's total is counted: past it the answer says `totalExact: false` ("1000+"). */
export const QUEUE_TOTAL_COUNTED = 1000;
/** An attachment on a staff reply: content in base64 (R-BOX-4 limits are checked by the use-case). */
const ReplyAttachmentSchema = z.strictObject({
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

// The author of every change is the signed-in actor: bodies name no author (`from`, `by`).
const ReplyBodySchema = z.strictObject({
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
  /** When the draft began: a customer message, reply or note after it refuses the send (R-BOX-3). */
  draftStartedAt: z.iso.datetime({ offset: true }).optional(),
  /** Send even though a colleague holds the reply: the lock moves here (R-BOX-3). */
  takeOver: z.boolean().optional(),
});
/** The console's "I am on this case", every few seconds: viewing, or writing a reply. */
const PresenceBodySchema = z.strictObject({
  replying: z.boolean().default(false),
  takeOver: z.boolean().default(false),
});
/** An internal note (R-BOX-2) or a proposed resolution (R-SEV1-5). */
const StaffTextBodySchema = z.strictObject({ text: z.string().min(1).max(100_000) });
const ResolveBodySchema = z.strictObject({
  outageIntervals: z.array(ConfirmedIntervalSchema).max(MAX_CASE_INTERVALS).optional(),
});
const NoteBodySchema = z.strictObject({
  text: z.string().min(1).max(100_000),
  /** User ids of colleagues to tell (never names from the text). */
  mentions: z.array(z.string().min(1).max(200)).max(MAX_MENTIONS).optional(),
});
const CallbackBodySchema = z.strictObject({
  nextUpdateInMinutes: z.number().int().min(1).max(MAX_UPDATE_MINUTES).optional(),
});

/**
 * The target people owe next (the earliest due among those still running or paused), with its
 * warning instants: a list shows its countdown and colours without the whole SLA.
 */
function nextTarget(c: CaseRecord) {
  const open = (c.sla?.targets ?? []).filter((t) => !t.stoppedAt);
  const next = open.sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (!next) return null;
  return {
    label: next.label,
    startedAt: next.startedAt,
    dueAt: next.dueAt,
    warnings: next.warnings,
    paused: next.pauses.some((p) => p.end === null),
  };
}

/** Summary fields of a case in lists. */
export function summary(c: CaseRecord) {
  return {
    id: c.id,
    reference: c.reference,
    subject: c.subject,
    status: c.status,
    severity: c.severity,
    team: c.team,
    plan: c.plan,
    customerId: c.customerId,
    customerName: c.customerName,
    requester: { email: c.requester.email, name: c.requester.name },
    contactStatus: c.contactStatus,
    receivedAt: c.receivedAt,
    deadlines: c.deadlines,
    guaranteed: c.sla?.terms.guaranteed ?? false,
    nextTarget: nextTarget(c),
    assignee: c.assignee ? { userId: c.assignee.userId, name: c.assignee.name } : null,
    labels: c.labels ?? [],
    folder: c.folder ?? null,
    spam: c.spam ? { at: c.spam.at, by: c.spam.by } : null,
  };
}

/**
 * The case API under /api: lists, a case with its thread, the team queue, and what staff do on a
 * case (reply, note, callback, propose resolution, resolve). Agents see and act on the cases of
 * their teams; every change is audited with the signed-in actor as its author.
 */
export function caseRoutes(deps: CaseApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const visibleCase = (c: Context<StaffEnv>, action: string) => visibleCaseOf(deps, c, action);
  const person = personOf;

  app.use('/cases', requires(deps, 'cases:read'));
  app.use('/cases/*', requires(deps, 'cases:read'));
  app.use('/queue', requires(deps, 'cases:read'));
  app.use('/cases/*', requiresToChange(deps, 'cases:act'));
  app.use('/bounces', requires(deps, 'intake:operate'));

  // Newest first, a page at a time: `cursor` from the previous answer goes on where it stopped.
  // With any search parameter it searches (R-BOX-14); agents see their teams' cases only.
  app.get('/cases', takesQuery('limit', 'cursor', ...SEARCH_PARAMETERS), async (c) => {
    const searched = await answerSearch(deps, c, summary);
    if (searched) return searched;
    const page = await pageOrBadCursor(() =>
      deps.cases.pageCases(limitOf(c.req.query('limit')), c.req.query('cursor') || undefined)
    );
    if (!page) return c.json(BAD_CURSOR, 400);
    // The tally counts every case: it is the total only for those who see every team's.
    const total = TeamSchema.options.every((team) => seesTeam(c, team))
      ? await deps.cases.countCases()
      : null;
    return c.json({
      cases: page.items.filter((x) => seesTeam(c, x.team)).map(summary),
      cursor: page.cursor,
      total,
    });
  });

  // Delivery reports no case could be found for (bounces of mail we did not send, or forgeries).
  app.get('/bounces', takesQuery('limit', 'cursor'), async (c) => {
    const page = await pageOrBadCursor(() =>
      deps.intakeGuards.pageUnattributedBounces(
        limitOf(c.req.query('limit')),
        c.req.query('cursor') || undefined
      )
    );
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({
      bounces: page.items,
      cursor: page.cursor,
      total: await deps.intakeGuards.countUnattributedBounces(),
    });
  });

  app.get('/cases/:id', takesQuery(), async (c) => {
    const found = await visibleCase(c, 'case.read');
    if ('response' in found) return found.response;
    const detail = await deps.cases.getCaseDetail(found.case.id);
    if (!detail) return c.json({ error: `no case ${c.req.param('id')}` }, 404);
    // A staff member opened the case: the reports count the messages they read (R-BOX-9). Only an
    // open that shows them a message newer than their last such open is audited: a message counts
    // as read at the first open after it arrived, and the console's refetches would flood the log.
    const actor = c.get('actor');
    const newest = detail.messages
      .filter((m) => m.direction === 'INBOUND')
      .reduce((latest, m) => (m.at > latest ? m.at : latest), '');
    if (
      actor.kind === 'staff' &&
      newest &&
      (await deps.reports.openedWithNews(
        found.case.id,
        actorName(actor),
        newest,
        deps.clock.now().toISOString()
      ))
    )
      await audit(deps, c, CASE_READ_ACTION, { target: found.case.id, caseId: found.case.id });
    return c.json({
      ...detail.case,
      nextTarget: nextTarget(detail.case),
      messages: detail.messages,
      timeline: detail.timeline,
    });
  });

  // The earliest-deadline-first queue of a team (R-SLA-3), served by the queue index. Its total is
  // counted up to QUEUE_TOTAL_COUNTED, so a queue of ten thousand opens as fast as one of ten.
  app.get('/queue', takesQuery('team', 'assignee', 'limit', 'cursor'), async (c) => {
    // `assignee=me` or `none` keeps those of the page (a page may then hold fewer than `limit`).
    const assignee = c.req.query('assignee');
    if (assignee && assignee !== 'me' && assignee !== 'none')
      return c.json({ error: 'assignee must be me or none' }, 400);
    const me = personOf(c);
    const keep = (x: CaseRecord) =>
      !assignee || (assignee === 'none' ? !x.assignee : x.assignee?.userId === me?.id && !!me);
    const team = TeamSchema.safeParse(c.req.query('team') ?? 'L1');
    if (!team.success) return c.json({ error: `team must be one of ${TeamSchema.options.join(', ')}` }, 400);
    if (!seesTeam(c, team.data)) return refuse(deps, c, 'queue.read', `access to team ${team.data}'s queue`);
    // The page, who is on its cases and the count are three reads that need nothing of each other.
    const [page, presence, total] = await Promise.all([
      pageOrBadCursor(() =>
        deps.slaClocks.pageQueue(team.data, limitOf(c.req.query('limit')), c.req.query('cursor') || undefined)
      ),
      queuePresence(deps, team.data),
      deps.slaClocks.countQueue(team.data, QUEUE_TOTAL_COUNTED),
    ]);
    if (!page) return c.json({ error: 'cursor is not one this queue gave out' }, 400);
    return c.json({
      team: team.data,
      cases: page.items.filter(keep).map((x) => ({
        ...summary(x),
        nextDueAt: x.deadlines.nextDueAt ?? null,
        viewers: (presence.get(x.id) ?? []).map((v) => ({ name: v.name, replying: v.replying })),
      })),
      cursor: page.cursor,
      total: total.count,
      totalExact: total.exact,
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
  app.post('/cases/:id/replies', replyBodyLimit, async (c) => {
    const input = await jsonBody(c.req, ReplyBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(c, 'case.reply');
    if ('response' in found) return found.response;
    const user = person(c);
    if (!user) return needsPerson(c);
    try {
      const attachments = input.data.attachments?.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: new Uint8Array(Buffer.from(a.content, 'base64')),
      }));
      const { incident, draftStartedAt, takeOver, ...fields } = input.data;
      const check = await checkReply(deps, found.case, user, { draftStartedAt, takeOver: takeOver ?? false });
      if (!check.ok) {
        const { refusal } = check;
        return c.json(
          refusal.kind === 'locked'
            ? {
                error: `${refusal.heldBy.name} is already replying`,
                code: 'reply-locked',
                replyLock: refusal.heldBy,
              }
            : {
                error: 'needs attention: the case changed since this draft began',
                code: 'case-changed',
                changes: refusal.changes,
              },
          409
        );
      }
      if (check.tookOverFrom)
        await audit(deps, c, 'case.reply-take-over', {
          target: check.tookOverFrom.userId,
          caseId: found.case.id,
        });
      const reply = {
        ...fields,
        from: user.email,
        author: { name: user.displayName, signature: user.signature },
        attachments,
      };
      // `incident: true` on a storm incident's leader: the same update to every customer of it.
      const sent = incident
        ? await replyToIncident(deps, found.case.id, reply)
        : await replyToCustomer(deps, { caseId: found.case.id, ...reply });
      await replySent(deps, found.case, user);
      await audit(deps, c, incident ? 'case.reply-incident' : 'case.reply', {
        target: found.case.id,
        caseId: found.case.id,
      });
      return c.json(sent, 201);
    } catch (error) {
      if (error instanceof AttachmentLimitError)
        return c.json({ error: error.message }, error.kind === 'size' ? 413 : 400);
      if (error instanceof ReplyError) return c.json({ error: error.message }, 409);
      throw error;
    }
  });

  // Who is on the case, and who is replying (R-BOX-3): the console calls this every few seconds.
  app.post('/cases/:id/presence', async (c) => {
    const input = await jsonBody(c.req, PresenceBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(c, 'case.presence');
    if ('response' in found) return found.response;
    const user = person(c);
    if (!user) return needsPerson(c);
    const view = await notePresence(deps, found.case, user, input.data);
    if (input.data.takeOver && input.data.replying && !view.refusedBy)
      await audit(deps, c, 'case.reply-take-over', { target: found.case.id, caseId: found.case.id });
    return c.json(view, view.refusedBy ? 409 : 200);
  });

  // "Customer reached" for one case: how each customer of a storm incident is confirmed.
  app.post('/cases/:id/callback', async (c) => {
    const input = await jsonBody(c.req, CallbackBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(c, 'case.callback');
    if ('response' in found) return found.response;
    const user = person(c);
    if (!user) return needsPerson(c);
    const result = await confirmCaseCallback(
      deps,
      found.case,
      user.email,
      null,
      input.data.nextUpdateInMinutes
    );
    if (result.outcome === 'confirmed') {
      await audit(deps, c, 'case.callback', { target: found.case.id, caseId: found.case.id });
      return c.json(result);
    }
    // Not done now: say why, with the state the callback is in.
    const sev1 = (await deps.cases.getCase(found.case.id))?.sev1;
    return c.json(
      {
        error:
          result.outcome === 'already-confirmed'
            ? 'already confirmed'
            : result.outcome === 'not-acknowledged'
              ? 'the page is not acknowledged yet'
              : result.outcome,
        ...result,
        status: found.case.status,
        acknowledgedBy: sev1?.acknowledgedBy ?? null,
        calledBackAt: sev1?.calledBackAt ?? null,
        calledBackBy: sev1?.calledBackBy ?? null,
      },
      409
    );
  });

  app.post('/cases/:id/resolve', async (c) => {
    const input = await jsonBody(c.req, ResolveBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(c, 'case.resolve');
    if ('response' in found) return found.response;
    // Unavailable intervals staff confirm as they resolve a Sev-1 (R-SLA-7): docs/reports.md.
    const intervals = input.data.outageIntervals;
    const refusal = intervals ? outagesRefusal(found.case) : null;
    if (refusal) return c.json({ error: refusal }, 400);
    if (!(await resolveCase(deps, found.case.id, actorName(c.get('actor'))))) {
      // Resolving twice (a double click, two agents) answers with the state it is already in.
      const detail = await deps.cases.getCaseDetail(found.case.id);
      const status = detail?.case.status ?? found.case.status;
      const settled = detail?.timeline.findLast(
        (e) => e.type === 'case.resolved' || e.type === 'case.closed'
      );
      return c.json(
        {
          error:
            status === 'RESOLVED' || status === 'CLOSED'
              ? `already ${status.toLowerCase()}`
              : `case ${found.case.reference} is not open`,
          status,
          resolvedAt: settled?.at ?? null,
          by: settled?.actor ?? null,
        },
        409
      );
    }
    await audit(deps, c, 'case.resolve', { target: found.case.id, caseId: found.case.id });
    if (intervals) {
      const confirmed = await confirmCaseOutages(deps, found.case, intervals, actorName(c.get('actor')));
      if ('saved' in confirmed)
        await audit(deps, c, 'case.outages', {
          target: found.case.id,
          caseId: found.case.id,
          detail: `revision ${confirmed.saved.revision}: ${confirmed.saved.intervals.length} interval(s)`,
        });
      return c.json({ status: 'RESOLVED', outages: 'saved' in confirmed ? confirmed.saved : null });
    }
    return c.json({ status: 'RESOLVED' });
  });

  // Internal notes never reach the customer; propose-resolution waits for their confirmation.
  app.post('/cases/:id/notes', async (c) => {
    const input = await jsonBody(c.req, NoteBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(c, 'case.note');
    if ('response' in found) return found.response;
    try {
      const note = await addNote(deps, {
        caseId: found.case.id,
        by: actorName(c.get('actor')),
        text: input.data.text,
        via: 'api',
        mentions: input.data.mentions,
        authorName: personOf(c)?.displayName,
      });
      await audit(deps, c, 'case.note', { target: found.case.id, caseId: found.case.id });
      return c.json(note, 201);
    } catch (error) {
      if (error instanceof MentionError) return c.json({ error: error.message }, 400);
      if (error instanceof NoteError) return c.json({ error: error.message }, 404);
      throw error;
    }
  });

  app.post('/cases/:id/propose-resolution', async (c) => {
    const input = await jsonBody(c.req, StaffTextBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(c, 'case.propose-resolution');
    if ('response' in found) return found.response;
    const user = person(c);
    if (!user) return needsPerson(c);
    try {
      const proposal = await proposeResolution(deps, {
        caseId: found.case.id,
        by: user.email,
        author: { name: user.displayName, signature: user.signature },
        text: input.data.text,
      });
      await audit(deps, c, 'case.propose-resolution', { target: found.case.id, caseId: found.case.id });
      return c.json(proposal, 201);
    } catch (error) {
      if (error instanceof ResolutionError || error instanceof ReplyError)
        return c.json({ error: error.message }, 409);
      throw error;
    }
  });

  return app;
}
