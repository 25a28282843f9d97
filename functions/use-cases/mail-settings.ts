import * as z from 'zod';
import type { Config } from '../config/schema';
import type { StoredMailSettings } from '../data/mail-settings/mail-settings-store';
import { listInForce, type StoredList } from '../domain/mail-settings';
import { type MessageRule, MessageRuleSchema } from '../domain/message-rules';
import { type SupportAddress, SupportAddressSchema } from '../domain/support-address';
import type { Services } from './deps';

/**
 * The admins' mail settings (R-BOX-5/7) over the config: while the table has no list, the config
 * file's is in force (it is the bootstrap); once an admin saved one, the saved one is. Nothing is
 * copied at start, so a deployment keeps following its config file until someone edits a list.
 */
export function configWithMailSettings(config: Config, settings: StoredMailSettings | undefined): Config {
  if (!settings) return config;
  return {
    ...config,
    messageRules: settings.messageRules?.items ?? config.messageRules,
    supportAddresses: settings.supportAddresses?.items ?? config.supportAddresses,
  };
}

export const MessageRulesChangeSchema = z
  .object({
    rules: z.array(MessageRuleSchema).max(200),
    /** The version the admin edited (0: the config's list, never saved). */
    version: z.number().int().min(0),
  })
  .strict();

export const SupportAddressesChangeSchema = z
  .object({
    addresses: z.array(SupportAddressSchema.strict()).min(1).max(50),
    version: z.number().int().min(0),
  })
  .strict();

export class MailSettingsConflict extends Error {
  constructor(readonly current: StoredList<unknown> & { source: string }) {
    super('someone else saved this list meanwhile: reload it and make the change again');
  }
}

type Deps = Pick<Services, 'config' | 'mailSettings' | 'clock'>;

export async function messageRulesInForce(deps: Deps) {
  return listInForce((await deps.mailSettings.read()).messageRules, deps.config.messageRules);
}

export async function supportAddressesInForce(deps: Deps) {
  return listInForce((await deps.mailSettings.read()).supportAddresses, deps.config.supportAddresses);
}

/** What is wrong with the rules for this deployment (the checks the config file gets), or []. */
export function messageRuleProblems(config: Config, rules: MessageRule[]): string[] {
  return rules.flatMap((rule, i) =>
    rule.set.team && !config.teams[rule.set.team as keyof Config['teams']]
      ? [`rule ${i + 1} ("${rule.name}"): team ${rule.set.team} is not configured`]
      : []
  );
}

/** What is wrong with the addresses for this deployment (the config file's checks), or []. */
export function supportAddressProblems(config: Config, addresses: SupportAddress[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const a of addresses) {
    if (seen.has(a.address)) problems.push(`${a.address} is listed twice`);
    seen.add(a.address);
    if (!config.teams[a.team]) problems.push(`${a.address}: team ${a.team} is not configured`);
    if (!a.address.endsWith(`@${config.domain.toLowerCase()}`))
      problems.push(`${a.address} is not on the support domain ${config.domain}`);
  }
  return problems;
}

/** Saves the ordered rules; throws MailSettingsConflict when someone saved since `version`. */
export async function saveMessageRules(
  deps: Deps,
  change: { rules: MessageRule[]; version: number },
  by: string
): Promise<StoredList<MessageRule>> {
  const list = {
    items: change.rules,
    version: change.version + 1,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: by,
  };
  if (!(await deps.mailSettings.saveMessageRules(list, change.version)))
    throw new MailSettingsConflict(await messageRulesInForce(deps));
  return list;
}

/** Saves the support addresses; throws MailSettingsConflict when someone saved since `version`. */
export async function saveSupportAddresses(
  deps: Deps,
  change: { addresses: SupportAddress[]; version: number },
  by: string
): Promise<StoredList<SupportAddress>> {
  const list = {
    items: change.addresses,
    version: change.version + 1,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: by,
  };
  if (!(await deps.mailSettings.saveSupportAddresses(list, change.version)))
    throw new MailSettingsConflict(await supportAddressesInForce(deps));
  return list;
}
