import { Hono } from 'hono';
import type { CaseRecord } from '../domain/case';
import { acknowledgePage } from '../use-cases/acknowledge-page';
import { confirmCallback } from '../use-cases/confirm-callback';
import type { Services } from '../use-cases/deps';
import { openPageLink } from '../use-cases/open-page-link';
import { messageView, pageView } from './page-views';

type Deps = Pick<Services, 'clock' | 'store' | 'signer' | 'workflows' | 'events' | 'log'>;

export interface AppOptions {
  /** Readiness: the local runtime answers ok only once SMTP, database and workflows are up. */
  health: () => Promise<boolean> | boolean;
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
    const ok = await options.health();
    return c.json({ status: ok ? 'ok' : 'starting' }, ok ? 200 : 503);
  });

  app.get('/api/cases', async (c) => {
    const limit = Math.min(200, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    const cases = await deps.store.listCases(limit);
    return c.json({ cases: cases.map(summary) });
  });

  app.get('/api/cases/:id', async (c) => {
    const key = c.req.param('id');
    const caseId = /^CF-\d+$/.test(key) ? await deps.store.findCaseIdByReference(key) : key;
    const detail = caseId ? await deps.store.getCaseDetail(caseId) : undefined;
    if (!detail) return c.json({ error: `no case ${key}` }, 404);
    return c.json({ ...detail.case, messages: detail.messages, timeline: detail.timeline });
  });

  const linkQuery = (exp: number, sig: string) => `?exp=${exp}&sig=${encodeURIComponent(sig)}`;
  const targets = (pageId: string, exp: number, sig: string) => ({
    ackAction: `/pages/${encodeURIComponent(pageId)}${linkQuery(exp, sig)}`,
    callbackAction: `/pages/${encodeURIComponent(pageId)}/callback${linkQuery(exp, sig)}`,
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
    status = 200
  ) => {
    const access = await openPageLink(deps, pageId, exp, sig);
    if (!access.ok)
      return { body: await refused(access.reason), status: access.reason === 'expired' ? 410 : 404 };
    const body = await pageView(access.case, access.page, targets(pageId, access.exp, access.sig), notice);
    return { body, status };
  };

  app.get('/pages/:id', async (c) => {
    const { body, status } = await renderPage(c.req.param('id'), c.req.query('exp'), c.req.query('sig'));
    return c.html(body, status as 200);
  });

  app.post('/pages/:id', async (c) => {
    const [pageId, exp, sig] = [c.req.param('id'), c.req.query('exp'), c.req.query('sig')];
    const result = await acknowledgePage(deps, pageId, exp, sig);
    if (result.outcome === 'invalid' || result.outcome === 'expired') {
      return c.html(await refused(result.outcome), result.outcome === 'expired' ? 410 : 404);
    }
    const notice =
      result.outcome === 'already-acknowledged'
        ? `Already acknowledged by ${result.by}; your acknowledgement was not needed.`
        : result.outcome === 'case-closed'
          ? 'This case is no longer open.'
          : undefined;
    const { body } = await renderPage(pageId, exp, sig, notice);
    return c.html(body, result.outcome === 'acknowledged' ? 200 : 409);
  });

  app.post('/pages/:id/callback', async (c) => {
    const [pageId, exp, sig] = [c.req.param('id'), c.req.query('exp'), c.req.query('sig')];
    const result = await confirmCallback(deps, pageId, exp, sig);
    if (result.outcome === 'invalid' || result.outcome === 'expired') {
      return c.html(await refused(result.outcome), result.outcome === 'expired' ? 410 : 404);
    }
    const notice =
      result.outcome === 'already-confirmed'
        ? `The callback was already confirmed by ${result.by}.`
        : result.outcome === 'not-acknowledged'
          ? 'Acknowledge the page first.'
          : undefined;
    const { body } = await renderPage(pageId, exp, sig, notice);
    return c.html(body, result.outcome === 'confirmed' ? 200 : 409);
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    deps.log.error('http request failed', { path: c.req.path, error: error.message });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
