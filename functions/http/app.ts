import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { type DeliverabilityApiDeps, deliverabilityRoutes } from '../deliverability/routes';
import type { IdentityAccounts, UndeliveredIntake } from '../ports';
import { type CaseApiDeps, caseRoutes } from './case-routes';
import { type CustomerApiDeps, customerRoutes } from './customer-routes';
import { type FilingApiDeps, filingRoutes } from './filing-routes';
import { type MailApiDeps, mailRoutes } from './mail-routes';
import { type PageRouteDeps, pageRoutes } from './page-routes';
import { type RailApiDeps, railRoutes } from './rail-routes';
import { type ReportApiDeps, reportRoutes } from './report-routes';
import { type ReportTimeApiDeps, reportTimeRoutes } from './report-time-routes';
import { type SettingsApiDeps, settingsRoutes } from './settings-routes';
import { type Authenticate, requires, requiresToChange, type StaffEnv, staffAccess } from './staff-access';
import { type StaffApiDeps, staffRoutes } from './staff-routes';
import { type TemplateApiDeps, templateRoutes } from './template-routes';
import { type TriageApiDeps, triageRoutes } from './triage-routes';

/** What the routes below need, together. */
type Deps = CaseApiDeps &
  CustomerApiDeps &
  RailApiDeps &
  PageRouteDeps &
  Omit<StaffApiDeps, 'identity' | 'forgetUser'> &
  MailApiDeps &
  TemplateApiDeps &
  TriageApiDeps &
  ReportTimeApiDeps &
  FilingApiDeps &
  SettingsApiDeps &
  ReportApiDeps;

export interface AppOptions {
  /**
   * Readiness: true once SMTP, database and workflows are up; false while starting; otherwise
   * why not (the database is down, say).
   */
  health: () => Promise<boolean | string> | boolean | string;
  /** Who a bearer token proves (the same verification on AWS and locally). */
  authenticate: Authenticate;
  /** The identity provider's accounts, for admins managing users. */
  identity: IdentityAccounts;
  /** Accepted mail not yet made into a case or a recorded failure, where the host keeps it. */
  undelivered?: UndeliveredIntake;
  /** The deliverability desk's API (/api/deliverability), where the host provides its services. */
  deliverability?: DeliverabilityApiDeps;
}

/**
 * The HTTP API, one app for the Lambda behind API Gateway and for the local server: health, the
 * page-link screens (public, signed links), and the staff API under /api, where every request is
 * made by a proven actor (docs/access.md).
 */
export function createApp(deps: Deps, options: AppOptions): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();

  app.get('/health', async (c) => {
    const state = await options.health();
    if (state === true) return c.json({ status: 'ok' });
    return c.json(state === false ? { status: 'starting' } : { status: 'unavailable', reason: state }, 503);
  });
  app.route('/', pageRoutes(deps));

  app.use('/api/*', staffAccess(options.authenticate));
  // A weak ETag over every answer to a read: the console's polling (while its live channel is
  // down) sends it back, and an unchanged list or case is a 304 with no body.
  app.use('/api/*', etag({ weak: true }));
  app.route('/api', caseRoutes(deps));
  app.route(
    '/api',
    staffRoutes({ ...deps, identity: options.identity, forgetUser: options.authenticate.forget })
  );
  if (options.deliverability) {
    app.use('/api/deliverability/*', requires(deps, 'deliverability:read'));
    app.use('/api/deliverability/*', requiresToChange(deps, 'deliverability:change'));
    app.route('/api/deliverability', deliverabilityRoutes(options.deliverability));
  }
  app.route('/api', mailRoutes(deps, options.undelivered));
  app.route('/api', templateRoutes(deps));
  app.route('/api', triageRoutes(deps));
  app.route('/api', reportTimeRoutes(deps));
  app.route('/api', filingRoutes(deps));
  app.route('/api', settingsRoutes(deps));
  app.route('/api', customerRoutes(deps));
  app.route('/api', railRoutes(deps));
  app.route('/api/reports', reportRoutes(deps));

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    deps.log.error('http request failed', { path: c.req.path, error: error.message });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
