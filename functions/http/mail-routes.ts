import { Hono } from 'hono';
import type { CaseRecord } from '../domain/case';
import { HELD_FOLDERS, type HeldFolder, type HeldMail, type IntakeFailure } from '../domain/held-mail';
import { maySeeFolder } from '../domain/staff';
import type { UndeliveredIntake } from '../ports';
import type { Services } from '../use-cases/deps';
import { isHeld, ReplayError, replayIntakeFailure } from '../use-cases/receive-mail';
import { BAD_CURSOR, limitOf, pageOrBadCursor, takesQuery } from './request';
import { audit, refuse, requires, type StaffEnv, seesTeam } from './staff-access';

export type MailApiDeps = Parameters<typeof replayIntakeFailure>[0] & Pick<Services, 'attachments' | 'audit'>;
type Deps = MailApiDeps;

/** A held mail as listed: metadata only (the text of spam and quarantined mail is never served). */
function heldView(h: HeldMail) {
  return {
    id: h.id,
    folder: h.folder,
    receivedAt: h.receivedAt,
    from: h.from,
    envelopeFrom: h.envelopeFrom,
    recipients: h.recipients,
    subject: h.subject,
    verdicts: h.verdicts,
    sizeBytes: h.sizeBytes,
    attachmentCount: h.attachmentCount,
    reason: h.reason,
    expiresAt: h.expiresAt,
  };
}

function failureView(f: IntakeFailure) {
  return {
    id: f.id,
    status: f.status,
    error: f.error,
    attempts: f.attempts,
    firstFailedAt: f.firstFailedAt,
    lastFailedAt: f.lastFailedAt,
    receivedAt: f.mail.receivedAt,
    recipients: f.mail.recipients,
    envelopeFrom: f.mail.source,
    verdicts: f.mail.verdicts,
    rawKey: f.mail.rawKey,
    resolvedAt: f.resolvedAt ?? null,
    outcome: f.outcome ?? null,
  };
}

/**
 * Mail outside the case views (mounted under /api):
 * - `GET /folders/spam`, `GET /folders/quarantine`: held mail, newest first (R-BOX-10);
 * - `GET /intake/failures`, `GET /intake/failures/:id`, `POST /intake/failures/:id/replay`:
 *   mail intake could not handle, kept with its error, replayable (idempotent); with them, where
 *   the host keeps it, accepted mail whose intake is not yet recorded at all (`undelivered`: the
 *   database was down), listed and replayed from its stored event even while the table is away;
 * - `POST /intake/redrive`: runs intake again for every undelivered mail;
 * - `GET /cases/:id/attachments/:sha256`: an attachment's content, always as a download.
 */
export function mailRoutes(deps: Deps, undelivered: UndeliveredIntake | undefined): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const caseOf = async (key: string): Promise<CaseRecord | undefined> => {
    const caseId = /^CF-\d+$/i.test(key) ? await deps.cases.findCaseIdByReference(key.toUpperCase()) : key;
    return caseId ? deps.cases.getCase(caseId) : undefined;
  };
  app.use('/folders/*', requires(deps, 'held-mail:read'));
  app.use('/folders/:folder/*', async (c, next) => {
    if (!maySeeFolder(c.get('actor'), c.req.param('folder') ?? ''))
      return refuse(deps, c, 'folder.read', `the ${c.req.param('folder')} folder`);
    await next();
  });
  app.use('/intake/*', requires(deps, 'intake:operate'));

  app.get('/folders/:folder', takesQuery('limit', 'cursor'), async (c) => {
    if (!maySeeFolder(c.get('actor'), c.req.param('folder')))
      return refuse(deps, c, 'folder.read', `the ${c.req.param('folder')} folder`);
    const folder = c.req.param('folder') as HeldFolder;
    if (!HELD_FOLDERS.includes(folder))
      return c.json({ error: `folder must be one of ${HELD_FOLDERS.join(', ')}` }, 404);
    const now = deps.clock.now();
    const page = await pageOrBadCursor(() =>
      deps.held.pageHeld(folder, now, limitOf(c.req.query('limit')), c.req.query('cursor') || undefined)
    );
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({
      folder,
      mail: page.items.map(heldView),
      cursor: page.cursor,
      total: await deps.held.countHeld(folder, now),
    });
  });

  app.get('/folders/:folder/:id', takesQuery(), async (c) => {
    const held = await deps.held.getHeld(c.req.param('id'));
    if (!held || held.folder !== c.req.param('folder')) return c.json({ error: 'no such held mail' }, 404);
    return c.json(heldView(held));
  });

  app.get('/intake/failures', takesQuery('limit', 'cursor'), async (c) => {
    const waiting = (await undelivered?.list()) ?? [];
    try {
      const page = await pageOrBadCursor(() =>
        deps.held.pageIntakeFailures(limitOf(c.req.query('limit')), c.req.query('cursor') || undefined)
      );
      if (!page) return c.json(BAD_CURSOR, 400);
      return c.json({
        failures: page.items.map(failureView),
        cursor: page.cursor,
        total: await deps.held.countIntakeFailures(),
        undelivered: waiting,
      });
    } catch (error) {
      // The table is away: what the host holds is still listed (and replayable).
      deps.log.error('intake failures unreadable', { error: (error as Error).name });
      return c.json({ error: 'the database is unavailable', failures: null, undelivered: waiting }, 503);
    }
  });

  app.post('/intake/redrive', async (c) => {
    if (!undelivered) return c.json({ error: 'this host redrives through its on-failure queue' }, 404);
    const result = await undelivered.redrive();
    await audit(deps, c, 'intake.redrive');
    return c.json(result);
  });

  app.get('/intake/failures/:id', takesQuery(), async (c) => {
    const failure = await deps.held.getIntakeFailure(c.req.param('id'));
    if (!failure) return c.json({ error: 'no such intake failure' }, 404);
    return c.json(failureView(failure));
  });

  app.post('/intake/failures/:id/replay', async (c) => {
    const id = c.req.param('id');
    await audit(deps, c, 'intake.replay', { target: id });
    if (undelivered && (await undelivered.list()).some((m) => m.id === id)) {
      await undelivered.redriveOne(id);
      const still = (await undelivered.list()).find((m) => m.id === id);
      return still
        ? c.json({ error: 'replay failed', undelivered: still }, 409)
        : c.json({ id, outcome: 'redriven' }, 200);
    }
    try {
      const result = await replayIntakeFailure(deps, id);
      return c.json(
        isHeld(result)
          ? { id, outcome: 'held', folder: result.held }
          : {
              id,
              outcome: 'case',
              caseId: result.caseId,
              reference: result.reference,
              created: result.created,
            },
        200
      );
    } catch (error) {
      if (error instanceof ReplayError) return c.json({ error: error.message }, 404);
      // Failed again: recorded with the new error; the mail stays replayable.
      const failure = await deps.held.getIntakeFailure(id);
      return c.json({ error: 'replay failed', failure: failure ? failureView(failure) : null }, 409);
    }
  });

  app.get('/cases/:id/attachments/:sha256', takesQuery(), async (c) => {
    const found = await caseOf(c.req.param('id'));
    const sha256 = c.req.param('sha256');
    if (found && !seesTeam(c, found.team))
      return refuse(deps, c, 'case.attachment', `access to team ${found.team}'s cases`, found.id);
    if (!found || !/^[0-9a-f]{64}$/.test(sha256)) return c.json({ error: 'no such attachment' }, 404);
    const detail = await deps.cases.getCaseDetail(found.id);
    const ref = detail?.messages.flatMap((m) => m.attachments ?? []).find((a) => a.sha256 === sha256);
    const content = ref ? await deps.attachments.get(ref.key) : undefined;
    if (!ref || !content) return c.json({ error: 'no such attachment' }, 404);
    const name = (ref.filename ?? sha256).replace(/[^\w.-]+/g, '_');
    // Never rendered by the browser: a download, whatever the sender said it was.
    return c.body(Buffer.from(content), 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  // The HTML part of a customer's mail, as sent: the console sanitises it and shows it in a
  // sandboxed frame (no scripts, no forms, remote images only on request). Never rendered here.
  app.get('/cases/:id/messages/:messageId/html', takesQuery(), async (c) => {
    const found = await caseOf(c.req.param('id'));
    if (found && !seesTeam(c, found.team))
      return refuse(deps, c, 'case.read', `access to team ${found.team}'s cases`, found.id);
    const detail = found ? await deps.cases.getCaseDetail(found.id) : undefined;
    const message = detail?.messages.find((m) => m.id === c.req.param('messageId'));
    if (!message) return c.json({ error: 'no such message' }, 404);
    const raw = message.rawKey ? await deps.bucket.get(message.rawKey).catch(() => undefined) : undefined;
    const html = raw ? (await deps.codec.parse(raw)).html : null;
    return c.json({ html }, 200, {
      'Cache-Control': 'private, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  return app;
}
