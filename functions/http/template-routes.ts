import { type Context, Hono } from 'hono';
import {
  fillTemplate,
  type ReplyTemplate,
  ReplyTemplateChangeSchema,
  ReplyTemplateInputSchema,
  unknownPlaceholders,
} from '../domain/reply-templates';
import { hasPermission } from '../domain/staff';
import type { Services } from '../use-cases/deps';
import { needsPerson, personOf, visibleCase } from './case-access';
import { BAD_CURSOR, jsonBody, limitOf, pageOfAll, takesQuery } from './request';
import { audit, refuse, requires, type StaffEnv } from './staff-access';

export type TemplateApiDeps = Pick<
  Services,
  'templates' | 'cases' | 'clock' | 'ids' | 'audit' | 'events' | 'log'
>;

/**
 * Reply templates under /api (R-BOX-1): each agent's own and the shared ones (kept by supervisors
 * and admins), and a case's templates filled in for it and the agent (`{{customer.name}}`,
 * `{{case.reference}}`, `{{agent.name}}`, …).
 */
export function templateRoutes(deps: TemplateApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('/templates', requires(deps, 'cases:read'));
  app.use('/templates/*', requires(deps, 'cases:act'));
  app.use('/cases/:id/templates', requires(deps, 'cases:read'));

  const person = personOf;
  /** The template, when this user may change it: their own, or a shared one with the right to share. */
  const changeable = async (c: Context<StaffEnv>): Promise<ReplyTemplate | Response> => {
    const user = person(c);
    if (!user) return needsPerson(c);
    const template = await deps.templates.getTemplate(c.req.param('id') ?? '');
    if (!template || (template.owner !== 'shared' && template.owner !== user.id))
      return c.json({ error: 'no such template' }, 404);
    if (template.owner === 'shared' && !hasPermission(c.get('actor'), 'templates:share'))
      return refuse(deps, c, 'template.change', 'templates:share');
    return template;
  };
  const badPlaceholders = (c: Context<StaffEnv>, text: string | undefined) => {
    const unknown = text ? unknownPlaceholders(text) : [];
    return unknown.length
      ? c.json({ error: `unknown placeholders: ${unknown.map((n) => `{{${n}}}`).join(', ')}` }, 400)
      : null;
  };

  app.get('/templates', takesQuery('limit', 'cursor'), async (c) => {
    const user = person(c);
    if (!user) return needsPerson(c);
    const all = await deps.templates.listTemplates(user.id);
    const page = pageOfAll(all, limitOf(c.req.query('limit')), c.req.query('cursor'));
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({ templates: page.items, cursor: page.cursor, total: page.total });
  });

  app.post('/templates', async (c) => {
    const input = await jsonBody(c.req, ReplyTemplateInputSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const user = person(c);
    if (!user) return needsPerson(c);
    if (input.data.shared && !hasPermission(c.get('actor'), 'templates:share'))
      return refuse(deps, c, 'template.create', 'templates:share');
    const bad = badPlaceholders(c, input.data.text);
    if (bad) return bad;
    const template: ReplyTemplate = {
      id: deps.ids.newId(),
      name: input.data.name,
      text: input.data.text,
      owner: input.data.shared ? 'shared' : user.id,
      updatedAt: deps.clock.now().toISOString(),
      updatedBy: user.email,
    };
    await deps.templates.saveTemplate(template);
    await audit(deps, c, 'template.create', { target: template.id });
    return c.json(template, 201);
  });

  app.post('/templates/:id', async (c) => {
    const input = await jsonBody(c.req, ReplyTemplateChangeSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await changeable(c);
    if (found instanceof Response) return found;
    const bad = badPlaceholders(c, input.data.text);
    if (bad) return bad;
    const user = person(c);
    const template = {
      ...found,
      ...input.data,
      updatedAt: deps.clock.now().toISOString(),
      updatedBy: user?.email ?? found.updatedBy,
    };
    await deps.templates.saveTemplate(template);
    await audit(deps, c, 'template.change', { target: template.id });
    return c.json(template);
  });

  app.post('/templates/:id/delete', async (c) => {
    const found = await changeable(c);
    if (found instanceof Response) return found;
    await deps.templates.deleteTemplate(found.id);
    await audit(deps, c, 'template.delete', { target: found.id });
    return c.json({ deleted: found.id });
  });

  // The templates this agent may use, filled in for this case.
  app.get('/cases/:id/templates', takesQuery('limit', 'cursor'), async (c) => {
    const user = person(c);
    if (!user) return needsPerson(c);
    const visible = await visibleCase(deps, c, 'case.templates');
    if ('response' in visible) return visible.response;
    const found = visible.case;
    const context = {
      customerName: found.customerName,
      requesterName: found.requester.name,
      reference: found.reference,
      subject: found.subject,
      agentName: user.displayName,
    };
    const page = pageOfAll(
      await deps.templates.listTemplates(user.id),
      limitOf(c.req.query('limit')),
      c.req.query('cursor')
    );
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({
      cursor: page.cursor,
      total: page.total,
      templates: page.items.map((t) => ({
        id: t.id,
        name: t.name,
        shared: t.owner === 'shared',
        text: fillTemplate(t.text, context),
      })),
    });
  });

  return app;
}
