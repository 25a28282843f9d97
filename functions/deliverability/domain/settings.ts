import * as z from 'zod';
import { parseHostPort, parseTarget } from './net';
import { WARMUP_PROVIDERS, type WarmupProvider } from './providers';
import type { ProviderCap, ProviderThresholds, WarmupRules } from './warmup';
import type { ZoneDefinition } from './zones';

/**
 * The deliverability parts of the config: enterprise accounts (R-DLV-1) and the desk's settings.
 * Both are optional sections with defaults, so configs written before them stay valid. The same
 * account schema validates accounts created through the API and the CLI.
 */

const ipAddress = z.string().transform((text, ctx) => {
  const t = parseTarget(text);
  if (!t || t.kind === 'domain') {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not an IPv4 or IPv6 address` });
    return z.NEVER;
  }
  return t.value;
});

const domainName = z.string().transform((text, ctx) => {
  const t = parseTarget(text);
  if (t?.kind !== 'domain') {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a domain name` });
    return z.NEVER;
  }
  return t.value;
});

export const TamSchema = z.object({
  name: z.string().min(1),
  email: z.email().transform((a) => a.toLowerCase()),
  phone: z.string().min(1).optional(),
  /** The designated business hours in which the TAM is the point of contact (R-DLV-1), as people read them. */
  hours: z.string().min(1).default('Mon–Fri 09:00–17:00 Europe/Warsaw'),
});

export const StreamSchema = z.object({
  /** `transactional`, `marketing`, … : a message stream of the account. */
  name: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(['transactional', 'marketing', 'mixed']).default('mixed'),
  ips: z.array(ipAddress).default([]),
  domains: z.array(domainName).default([]),
});

export const AccountSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    /** The customer (config `customers[].id`) whose plan and contacts the account's cases carry. */
    customerId: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .nullable()
      .default(null),
    tam: TamSchema,
    /** Sending IPs, IPv4 and IPv6, monitored on IP blacklists and warmed per IP. */
    ips: z.array(ipAddress).default([]),
    /** Sending domains (From / DKIM d= / return-path), monitored on domain blacklists. */
    domains: z.array(domainName).default([]),
    streams: z.array(StreamSchema).default([]),
    /** The daily volume the account will move onto its new IPs (the migration plan's 100%). */
    expectedDailyVolume: z.number().int().positive().nullable().default(null),
  })
  .superRefine((a, ctx) => {
    for (const [i, s] of a.streams.entries()) {
      for (const ip of s.ips) {
        if (!a.ips.includes(ip))
          ctx.addIssue({
            code: 'custom',
            path: ['streams', i, 'ips'],
            message: `${ip} is not one of the account's ips`,
          });
      }
      for (const d of s.domains) {
        if (!a.domains.includes(d))
          ctx.addIssue({
            code: 'custom',
            path: ['streams', i, 'domains'],
            message: `${d} is not one of the account's domains`,
          });
      }
    }
  });
export type Account = z.infer<typeof AccountSchema>;
export type AccountInput = z.input<typeof AccountSchema>;

const rates = z.object({ bounceRate: z.number().min(0).max(1), complaintRate: z.number().min(0).max(1) });
const thresholds = z
  .object({ hold: rates, stepBack: rates })
  .refine(
    (t) => t.stepBack.bounceRate >= t.hold.bounceRate && t.stepBack.complaintRate >= t.hold.complaintRate,
    {
      message: 'step-back thresholds must not be below the hold thresholds',
    }
  );

/**
 * Defaults from research/deliverability.md §2.3 and §3.1:
 * - hold at 2% bounces or 0.1% complaints (Delivra; Gmail's "under 0.10%");
 * - step back at 0.3% complaints (Gmail: "never 0.30% or more"; Yahoo: "under 0.3%");
 * - step back at 5% bounces: our choice (no source publishes one); configurable.
 */
export const DEFAULT_THRESHOLDS: ProviderThresholds = {
  hold: { bounceRate: 0.02, complaintRate: 0.001 },
  stepBack: { bounceRate: 0.05, complaintRate: 0.003 },
};

export const DEFAULT_WARMUP_RULES: WarmupRules = {
  advanceDeliveredRatio: 0.9,
  stepBackStages: 1,
  providerHoldDays: 7,
  providerRampFactor: 1.5,
  minProviderSample: 50,
  thresholds: Object.fromEntries(
    [...WARMUP_PROVIDERS, 'other', 'overall'].map((p) => [p, DEFAULT_THRESHOLDS])
  ) as WarmupRules['thresholds'],
};

export const DEFAULT_PROVIDER_CAPS: Record<WarmupProvider, ProviderCap> = Object.fromEntries(
  [...WARMUP_PROVIDERS, 'other'].map((p) => [p, { maxShare: 1, maxPerDay: null }])
) as Record<WarmupProvider, ProviderCap>;

const providerKey = z.enum([...WARMUP_PROVIDERS, 'other']);

export const WarmupRulesSchema = z.object({
  advanceDeliveredRatio: z.number().gt(0).max(1).default(DEFAULT_WARMUP_RULES.advanceDeliveredRatio),
  stepBackStages: z.number().int().min(1).default(DEFAULT_WARMUP_RULES.stepBackStages),
  providerHoldDays: z.number().int().min(1).default(DEFAULT_WARMUP_RULES.providerHoldDays),
  providerRampFactor: z.number().gt(1).max(3).default(DEFAULT_WARMUP_RULES.providerRampFactor),
  minProviderSample: z.number().int().min(1).default(DEFAULT_WARMUP_RULES.minProviderSample),
  /** Per provider (`gmail`, `microsoft`, `yahoo`, `wp`, `onet`, `interia`, `other`) and `overall`; missing ones use the defaults. */
  thresholds: z.partialRecord(z.enum([...WARMUP_PROVIDERS, 'other', 'overall']), thresholds).default({}),
});

export const ProviderCapsSchema = z
  .partialRecord(
    providerKey,
    z.object({
      maxShare: z.number().gt(0).max(1).default(1),
      maxPerDay: z.number().int().positive().nullable().default(null),
    })
  )
  .default({});

/** The resolver a blacklist check asks: `host:port`, an IP address (no names: a name would need another resolver). */
const resolver = z.string().refine((s) => parseHostPort(s) !== undefined, {
  message: 'resolver must be an IP address with an optional port, e.g. 127.0.0.1:5353 or [::1]:53',
});

/** Public and cloud resolvers that Spamhaus (and URIBL) refuse: configuring one would make every check "unknown". */
export const REFUSED_PUBLIC_RESOLVERS = [
  '8.8.8.8',
  '8.8.4.4',
  '1.1.1.1',
  '1.0.0.1',
  '9.9.9.9',
  '149.112.112.112',
  '208.67.222.222',
  '208.67.220.220',
  '169.254.169.253',
  '2001:4860:4860::8888',
  '2001:4860:4860::8844',
  '2606:4700:4700::1111',
  'fd00:ec2::253',
];

const ZoneDefinitionSchema: z.ZodType<ZoneDefinition> = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  zone: z.string().min(3),
  name: z.string().min(1),
  kind: z.enum(['ip', 'domain']),
  ipv6: z.boolean(),
  encoding: z.enum(['value', 'bitmask']),
  codes: z.array(
    z.object({
      value: z.union([z.string(), z.number()]),
      meaning: z.string(),
      impact: z.enum(['action', 'informational']),
    })
  ),
  errorCodes: z.array(z.object({ value: z.string(), meaning: z.string() })),
  testPoints: z.object({
    listed: z.string(),
    notListed: z.string(),
    ipv6Listed: z.string().optional(),
    ipv6NotListed: z.string().optional(),
  }),
  delistUrl: z.string(),
  refusesPublicResolvers: z.boolean(),
  terms: z.string(),
  lastVerified: z.string(),
  status: z.enum(['active', 'retired']),
  note: z.string().optional(),
  source: z.string(),
}) as z.ZodType<ZoneDefinition>;

export const BlacklistSettingsSchema = z.object({
  /** Minutes between checks (the EventBridge schedule; the local scheduler runs it scaled). */
  intervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(15),
  /**
   * The DNS resolver to ask, `host:port`. Locally CASEFLOW_DNS_RESOLVER overrides it and only
   * loopback is accepted. Never a public or cloud resolver: Spamhaus refuses them. Absent: every
   * check is reported "unknown" and nothing is queried.
   */
  resolver: resolver.optional(),
  /** A Spamhaus DQS key: ZEN and DBL are then asked at <key>.zen.dq.spamhaus.net (any resolver works). */
  spamhausDqsKey: z
    .string()
    .regex(/^[a-z0-9]{26}$/, 'a DQS key is 26 lower-case letters and digits')
    .optional(),
  zones: z
    .object({
      /** Only these zone ids (default: every active zone of the catalogue). */
      enabled: z.array(z.string()).optional(),
      disabled: z.array(z.string()).default([]),
      extra: z.array(ZoneDefinitionSchema).default([]),
    })
    .default({ disabled: [], extra: [] }),
  /** Queries in flight at once. */
  concurrency: z.number().int().min(1).max(64).default(8),
  /** Time one query may take, per attempt. */
  queryTimeoutMs: z.number().int().min(100).max(10_000).default(2_000),
  /** Attempts per query (a lost UDP datagram is retried once by default). */
  attempts: z.number().int().min(1).max(3).default(2),
  /** Wall-clock budget of a whole cycle; queries not started by then are "unknown (budget)". */
  cycleBudgetSeconds: z.number().int().min(5).max(840).default(120),
  /** Also check documentation addresses (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32): demos and tests. */
  checkDocumentationRanges: z.boolean().default(false),
});
export type BlacklistSettings = z.infer<typeof BlacklistSettingsSchema>;

export const DeliverabilitySettingsSchema = z.object({
  blacklist: BlacklistSettingsSchema.prefault({}),
  warmup: z
    .object({
      rules: WarmupRulesSchema.prefault({}),
      providerCaps: ProviderCapsSchema,
      /** Days of missed progression caught up in one run. */
      maxCatchUpDays: z.number().int().min(1).max(60).default(14),
      /** UTC hour and minute of the daily progression (EventBridge cron; the local scheduler uses the same). */
      dailyAt: z
        .string()
        .regex(/^\d{2}:\d{2}$/)
        .default('00:15'),
    })
    .prefault({}),
  remediation: z
    .object({
      /** Follow-ups before a task is flagged as unanswered. */
      maxFollowUps: z.number().int().min(0).max(10).default(3),
    })
    .prefault({}),
});
export type DeliverabilitySettings = z.infer<typeof DeliverabilitySettingsSchema>;

/** Full rules of a plan: config defaults, then the plan's own overrides. */
export function resolveWarmupRules(input: z.infer<typeof WarmupRulesSchema>): WarmupRules {
  const t = { ...DEFAULT_WARMUP_RULES.thresholds };
  for (const [k, v] of Object.entries(input.thresholds)) if (v) t[k as keyof typeof t] = v;
  return { ...input, thresholds: t };
}

export function resolveProviderCaps(
  input: z.infer<typeof ProviderCapsSchema>
): Record<WarmupProvider, ProviderCap> {
  const caps = { ...DEFAULT_PROVIDER_CAPS };
  for (const [k, v] of Object.entries(input)) if (v) caps[k as WarmupProvider] = v;
  return caps;
}
