import { type Context, Hono } from 'hono';
import { type Actor, actorName } from '../domain/staff';
import { parseTarget } from './domain/net';
import {
  BOUNCE_CODES,
  LEVEL_2_OUT_OF_SCOPE,
  MAILBOX_PROVIDERS,
  recogniseBounceCodes,
} from './domain/providers';
import { CHECKLIST_ITEMS } from './domain/remediation';
import { ZONE_CATALOGUE, ZONE_CATALOGUE_VERSION } from './domain/zones';
import { deleteAccount, effectiveAccounts, putAccount, requireAccount } from './use-cases/accounts';
import { targetView } from './use-cases/blacklist-cycle';
import { type DeliverabilityDeps, DeliverabilityInputError } from './use-cases/deps';
import {
  prepareRemediationRequest,
  recordDetections,
  recordRemediationAnswer,
  recordRemediationSubmission,
  requireTask,
  updateChecklist,
} from './use-cases/remediation';
import { ingestSendingData } from './use-cases/sending-data';
import {
  accountMigration,
  createWarmupPlan,
  exportStages,
  importStages,
  warmupSchedule,
  warmupStatus,
} from './use-cases/warmup';

export type DeliverabilityApiDeps = Omit<DeliverabilityDeps, 'elapsedMs'>;

/** Who made a change: the signed-in actor (or IAM caller) the API authenticated; never the body. */
function actor(c: Context, body?: unknown): string {
  if (body && typeof body === 'object' && 'by' in body)
    throw new DeliverabilityInputError('field "by" is not accepted: the author is the signed-in user');
  const who = c.get('actor') as Actor | undefined;
  if (!who) throw new Error('deliverability routes are mounted behind staff access');
  return actorName(who);
}

/** The body with its author set to the signed-in actor (a body that names one is refused). */
async function authoredBody(c: Context): Promise<unknown> {
  const body = await jsonBody(c);
  const by = actor(c, body);
  return body && typeof body === 'object' ? { ...body, by } : body;
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new DeliverabilityInputError('the body must be JSON');
  }
}

/**
 * The deliverability desk's HTTP API, mounted at /api/deliverability (IAM-authorized on AWS):
 * accounts (R-DLV-1), warm-up plans and the sending-data ingest (R-DLV-2), blacklist status
 * (R-DLV-3), providers and remediation tasks (R-DLV-4). docs/deliverability.md lists every route.
 */
export function deliverabilityRoutes(deps: DeliverabilityApiDeps): Hono {
  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof DeliverabilityInputError) return c.json({ error: error.message }, error.status);
    deps.log.error('deliverability request failed', { path: c.req.path, error: error.message });
    return c.json({ error: 'internal error' }, 500);
  });

  // ---- accounts --------------------------------------------------------------------------
  app.get('/accounts', async (c) => c.json({ accounts: await effectiveAccounts(deps) }));
  app.get('/accounts/:id', async (c) => {
    const account = await requireAccount(deps, c.req.param('id'));
    return c.json({ ...account, timeline: await deps.desk.accountTimeline(account.id, 100) });
  });
  app.put('/accounts/:id', async (c) => {
    const body = await jsonBody(c);
    return c.json(await putAccount(deps, c.req.param('id'), body, actor(c, body)));
  });
  app.delete('/accounts/:id', async (c) => {
    await deleteAccount(deps, c.req.param('id'));
    return c.body(null, 204);
  });
  app.get('/accounts/:id/migration', async (c) => {
    const expected = Number(c.req.query('expectedDailyVolume')) || undefined;
    const days = Math.min(400, Number(c.req.query('days')) || 45);
    return c.json(await accountMigration(deps, c.req.param('id'), { expectedDailyVolume: expected, days }));
  });

  // ---- warm-up ---------------------------------------------------------------------------
  app.get('/warmup', async (c) => {
    const plans = await deps.desk.listWarmupPlans();
    return c.json({
      plans: plans.map((p) => ({
        ip: p.ip,
        accountId: p.accountId,
        status: p.status,
        stage: p.status === 'completed' ? 'done' : p.currentStage,
        stages: p.stages.length,
        startDate: p.startDate,
        lastDecidedDay: p.lastDecidedDay,
        overflowPool: p.overflowPool,
      })),
    });
  });
  app.get('/warmup/stages.csv', async (c) =>
    c.text(await exportStages(deps), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
  );
  app.put('/warmup/:ip', async (c) => {
    const body = await jsonBody(c);
    return c.json(await createWarmupPlan(deps, c.req.param('ip'), body, actor(c, body)), 201);
  });
  app.get('/warmup/:ip', async (c) => c.json(await warmupStatus(deps, c.req.param('ip'))));
  app.get('/warmup/:ip/schedule', async (c) =>
    c.json({ days: await warmupSchedule(deps, c.req.param('ip'), Number(c.req.query('days')) || undefined) })
  );
  app.get('/warmup/:ip/stages.csv', async (c) =>
    c.text(await exportStages(deps, c.req.param('ip')), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
  );
  app.put('/warmup/:ip/stages', async (c) => {
    const type = c.req.header('content-type') ?? '';
    const csv = type.includes('json')
      ? String(((await jsonBody(c)) as { csv?: unknown }).csv ?? '')
      : await c.req.text();
    return c.json(await importStages(deps, c.req.param('ip'), csv, actor(c)));
  });

  // ---- sending data ----------------------------------------------------------------------
  app.post('/ingest', async (c) => c.json(await ingestSendingData(deps, await jsonBody(c)), 202));

  // ---- blacklist -------------------------------------------------------------------------
  app.get('/blacklist', async (c) => {
    const accounts = await effectiveAccounts(deps);
    const targets = [...new Set(accounts.flatMap((a) => [...a.ips, ...a.domains]))];
    const statuses = await Promise.all(targets.map((t) => deps.desk.getTargetStatus(t)));
    return c.json({
      catalogueVersion: ZONE_CATALOGUE_VERSION,
      lastCycle: (await deps.desk.latestCycleReport()) ?? null,
      targets: targets.map((t, i) => {
        const s = statuses[i];
        // Never checked yet: unknown, not clean.
        return s ? targetView(s) : { target: t, outcome: 'unknown', reason: 'not checked yet', zones: [] };
      }),
    });
  });
  app.get('/blacklist/catalogue', (c) =>
    c.json({
      version: ZONE_CATALOGUE_VERSION,
      zones: ZONE_CATALOGUE,
      settings: deps.config.deliverability.blacklist.zones,
    })
  );
  app.get('/blacklist/:target', async (c) => {
    const t = parseTarget(c.req.param('target'));
    if (!t) throw new DeliverabilityInputError('not an IP address or a domain');
    const s = await deps.desk.getTargetStatus(t.value);
    if (!s) return c.json({ target: t.value, outcome: 'unknown', reason: 'not checked yet', zones: [] });
    return c.json(targetView(s));
  });

  // ---- providers and remediation ---------------------------------------------------------
  app.get('/providers', (c) =>
    c.json({
      level2: LEVEL_2_OUT_OF_SCOPE,
      checklist: CHECKLIST_ITEMS,
      providers: MAILBOX_PROVIDERS,
      bounceCodes: BOUNCE_CODES.map((b) => ({ ...b, pattern: b.pattern.source })),
    })
  );
  app.post('/bounce-codes', async (c) => {
    const body = (await jsonBody(c)) as { text?: unknown };
    if (typeof body.text !== 'string') throw new DeliverabilityInputError('send {"text": "…"}');
    return c.json({
      codes: recogniseBounceCodes(body.text).map((r) => ({
        ...r.rule,
        pattern: r.rule.pattern.source,
        match: r.match,
      })),
    });
  });
  app.get('/remediation', async (c) =>
    c.json({ level2: LEVEL_2_OUT_OF_SCOPE, tasks: await deps.desk.listRemediationTasks() })
  );
  app.post('/remediation', async (c) => {
    const body = (await jsonBody(c)) as { accountId?: unknown; text?: unknown; by?: unknown };
    if (typeof body.accountId !== 'string' || typeof body.text !== 'string')
      throw new DeliverabilityInputError('send {"accountId": "…", "text": "the bounce or NDR"}');
    const account = await requireAccount(deps, body.accountId);
    const codes = recogniseBounceCodes(body.text);
    if (!codes.length)
      throw new DeliverabilityInputError('no known provider code in the text (GET /providers lists them)');
    const ids = await recordDetections(deps, account, codes, { source: 'manual' });
    return c.json({ tasks: await Promise.all(ids.map((id) => requireTask(deps, id))) }, 201);
  });
  app.get('/remediation/:id', async (c) =>
    c.json({ ...(await requireTask(deps, c.req.param('id'))), level2: LEVEL_2_OUT_OF_SCOPE })
  );
  app.post('/remediation/:id/checklist/:item', async (c) =>
    c.json(await updateChecklist(deps, c.req.param('id'), c.req.param('item'), await authoredBody(c)))
  );
  app.post('/remediation/:id/prepare', async (c) => {
    const body = await jsonBody(c).catch(() => ({}));
    return c.json(await prepareRemediationRequest(deps, c.req.param('id'), actor(c, body)));
  });
  app.post('/remediation/:id/submission', async (c) =>
    c.json(await recordRemediationSubmission(deps, c.req.param('id'), await authoredBody(c)))
  );
  app.post('/remediation/:id/answer', async (c) =>
    c.json(await recordRemediationAnswer(deps, c.req.param('id'), await authoredBody(c)))
  );

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
