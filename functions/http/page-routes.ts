import { type Context, Hono } from 'hono';
import { formatInstant } from '../domain/time-format';
import { acknowledgePage, MAX_ETA_MINUTES } from '../use-cases/acknowledge-page';
import { confirmCallback } from '../use-cases/confirm-callback';
import type { Services } from '../use-cases/deps';
import { loadPageScreen } from '../use-cases/page-screen';
import { MAX_UPDATE_MINUTES } from './case-routes';
import { COUNTDOWN_SCRIPT } from './page-script';
import { COUNTDOWN_SCRIPT_PATH, messageView, pageView } from './page-views';

export type PageRouteDeps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'slaClocks'
  | 'caseTransactions'
  | 'paging'
  | 'incidents'
  | 'signer'
  | 'workflows'
  | 'events'
  | 'mailer'
  | 'ids'
  | 'log'
>;

/**
 * The page-link screens (`/pages/:id`): the signed, expiring link is their authorization; GET
 * shows, POST acts (acknowledge, take over, confirm the callback).
 */
export function pageRoutes(deps: PageRouteDeps): Hono {
  const app = new Hono();
  app.use('/pages/*', async (c, next) => {
    await next();
    // Page links carry a signature: never cache them, never leak them in a Referer.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    // Scripts only as files from this origin (the countdown): nothing inline, nothing injected runs.
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    );
  });

  app.get(COUNTDOWN_SCRIPT_PATH, (c) =>
    c.body(COUNTDOWN_SCRIPT, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    })
  );

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
    notice?: string
  ) => {
    const opened = await loadPageScreen(deps, pageId, exp, sig);
    if (!opened.ok)
      return { body: await refused(opened.reason), status: opened.reason === 'expired' ? 410 : 404 };
    const body = await pageView(opened.screen, targets(pageId, opened.exp, opened.sig), opened.now, notice);
    return { body, status: 200 };
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
      // "Acknowledge late" on a page escalation moved past: acknowledges, but never takes the case
      // from someone who acknowledged meanwhile (that stays the explicit take-over).
      acceptLate: form.late === '1',
    });
    if (result.outcome === 'invalid' || result.outcome === 'expired') {
      return c.html(await refused(result.outcome), result.outcome === 'expired' ? 410 : 404);
    }
    const notice =
      result.outcome === 'already-acknowledged'
        ? `Already acknowledged by ${result.by}; your acknowledgement was not needed.`
        : result.outcome === 'moved-on'
          ? `This page moved on: ${result.to} was paged at ${formatInstant(result.at)}. You can still acknowledge it late.`
          : result.outcome === 'taken-over'
            ? `You took the case over from ${result.from}.`
            : result.outcome === 'case-closed'
              ? 'This case is no longer open.'
              : undefined;
    // The screen itself offers the late acknowledgement or the take-over, whichever fits now.
    const { body } = await renderPage(pageId, exp, sig, notice);
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

  return app;
}
