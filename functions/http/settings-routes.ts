import { type Context, Hono } from 'hono';
import { actorName } from '../domain/staff';
import type { Services } from '../use-cases/deps';
import {
  MailSettingsConflict,
  MessageRulesChangeSchema,
  messageRuleProblems,
  messageRulesInForce,
  SupportAddressesChangeSchema,
  saveMessageRules,
  saveSupportAddresses,
  supportAddressesInForce,
  supportAddressProblems,
} from '../use-cases/mail-settings';
import { jsonBody, takesQuery } from './request';
import { audit, requires, type StaffEnv } from './staff-access';

export type SettingsApiDeps = Pick<
  Services,
  'config' | 'mailSettings' | 'clock' | 'audit' | 'events' | 'ids' | 'log'
>;

/**
 * The admins' mail settings under /api (R-BOX-5/7): the ordered message rules and the support
 * addresses. Each list is read and saved whole with its version; intake reads them with its first
 * look at every mail, so a save is in force for the next mail.
 */
export function settingsRoutes(deps: SettingsApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('/message-rules', requires(deps, 'mail-settings:manage'));
  app.use('/support-addresses', requires(deps, 'mail-settings:manage'));

  const conflict = (c: Context<StaffEnv>, error: unknown) => {
    if (!(error instanceof MailSettingsConflict)) throw error;
    return c.json({ error: error.message, code: 'changed-meanwhile', current: error.current }, 409);
  };
  const teams = () => Object.keys(deps.config.teams);
  /**
   * Addresses mail is not yet received for: the receipt rules (SES on AWS, the local SMTP's
   * recipients) are made from the config file's addresses at deploy or start, one per address, and
   * are not changed at run time. Such an address needs adding to the config file and a deploy.
   */
  const notReceived = (addresses: { address: string }[]) =>
    addresses
      .map((a) => a.address)
      .filter((a) => !deps.config.supportAddresses.some((known) => known.address === a));

  app.get('/message-rules', takesQuery(), async (c) => {
    const list = await messageRulesInForce(deps);
    return c.json({ ...listBody(list), rules: list.items, total: list.items.length, teams: teams() });
  });

  app.post('/message-rules', async (c) => {
    const input = await jsonBody(c.req, MessageRulesChangeSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const problems = messageRuleProblems(deps.config, input.data.rules);
    if (problems.length) return c.json({ error: problems.join('; ') }, 400);
    try {
      const saved = await saveMessageRules(deps, input.data, actorName(c.get('actor')));
      await audit(deps, c, 'message-rules.change', {
        detail: `${saved.items.length} rules, version ${saved.version}`,
      });
      return c.json({
        ...listBody({ ...saved, source: 'table' }),
        rules: saved.items,
        total: saved.items.length,
      });
    } catch (error) {
      return conflict(c, error);
    }
  });

  app.get('/support-addresses', takesQuery(), async (c) => {
    const list = await supportAddressesInForce(deps);
    return c.json({
      ...listBody(list),
      addresses: list.items,
      total: list.items.length,
      teams: teams(),
      domain: deps.config.domain,
      notReceived: notReceived(list.items),
    });
  });

  app.post('/support-addresses', async (c) => {
    const input = await jsonBody(c.req, SupportAddressesChangeSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const problems = supportAddressProblems(deps.config, input.data.addresses);
    if (problems.length) return c.json({ error: problems.join('; ') }, 400);
    try {
      const saved = await saveSupportAddresses(deps, input.data, actorName(c.get('actor')));
      await audit(deps, c, 'support-addresses.change', {
        detail: saved.items.map((a) => a.address).join(', '),
      });
      return c.json({
        ...listBody({ ...saved, source: 'table' }),
        addresses: saved.items,
        total: saved.items.length,
        notReceived: notReceived(saved.items),
      });
    } catch (error) {
      return conflict(c, error);
    }
  });

  return app;
}

const listBody = (list: { version: number; updatedAt: string; updatedBy: string; source: string }) => ({
  version: list.version,
  source: list.source,
  updatedAt: list.updatedAt || null,
  updatedBy: list.source === 'config' ? null : list.updatedBy,
});
