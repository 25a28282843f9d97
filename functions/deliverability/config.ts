import * as z from 'zod';
import { parseHostPort } from './domain/net';
import {
  type Account,
  AccountSchema,
  type DeliverabilitySettings,
  DeliverabilitySettingsSchema,
  REFUSED_PUBLIC_RESOLVERS,
} from './domain/settings';
import { knownZoneIds } from './domain/zones';

/**
 * What the deliverability desk adds to the one config schema: its sections and their checks.
 * config/schema.ts composes them at one seam; nothing here imports outside this folder, so the
 * config depends on the desk and never the other way round.
 */
export const deliverabilityConfigSections = {
  /** Enterprise accounts with a TAM, sending IPs, domains and streams (R-DLV-1): docs/deliverability.md. */
  accounts: z.array(AccountSchema).default([]),
  /** Blacklist monitoring, IP warm-up and remediation settings (R-DLV-2…4): docs/deliverability.md. */
  deliverability: DeliverabilitySettingsSchema.prefault({}),
};

export type ConfigIssue = {
  code: 'custom';
  path: (string | number)[];
  message: string;
};

/** Cross-field checks of the deliverability sections against the rest of the config. */
export function deliverabilityConfigIssues(config: {
  customers: { id: string }[];
  accounts: Account[];
  deliverability: DeliverabilitySettings;
}): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const customers = new Set(config.customers.map((c) => c.id));
  const seen = new Set<string>();
  for (const [i, a] of config.accounts.entries()) {
    if (seen.has(a.id))
      issues.push({ code: 'custom', path: ['accounts', i, 'id'], message: `duplicate account id "${a.id}"` });
    seen.add(a.id);
    if (a.customerId && !customers.has(a.customerId))
      issues.push({
        code: 'custom',
        path: ['accounts', i, 'customerId'],
        message: `unknown customer "${a.customerId}"`,
      });
  }
  const bl = config.deliverability.blacklist;
  const known = new Set(knownZoneIds(bl.zones.extra));
  for (const key of ['enabled', 'disabled'] as const) {
    for (const [i, id] of (bl.zones[key] ?? []).entries()) {
      if (!known.has(id))
        issues.push({
          code: 'custom',
          path: ['deliverability', 'blacklist', 'zones', key, i],
          message: `unknown zone "${id}"`,
        });
    }
  }
  const r = bl.resolver ? parseHostPort(bl.resolver) : undefined;
  if (r && REFUSED_PUBLIC_RESOLVERS.includes(r.host)) {
    issues.push({
      code: 'custom',
      path: ['deliverability', 'blacklist', 'resolver'],
      message: `${r.host} is a public or cloud resolver: Spamhaus and URIBL refuse it (127.255.255.254 / 127.0.0.1). Use a non-forwarding resolver of your own, or a Spamhaus DQS key`,
    });
  }
  return issues;
}
