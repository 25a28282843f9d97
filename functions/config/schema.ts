import * as z from 'zod';
import { DEFAULT_QUEUE_SHARDS } from '../data/table-keys';
import { deliverabilityConfigIssues, deliverabilityConfigSections } from '../deliverability/config';
import { isValidTimeZone } from '../domain/calendar/time-zone';
import { MessageRuleSchema } from '../domain/message-rules';
import { SupportAddressSchema } from '../domain/support-address';
import { TeamSchema } from '../domain/team';

import { defaultTeams, planPresets } from './plan-presets';
import { type Plan, PlanSchema, TeamConfigSchema } from './plan-schema';

export * from './plan-schema';

/**
 * The deployment's configuration: support addresses, plans, customers and the on-call chain.
 * Declared once here; documented in docs/config.md; loaded by functions/config/load.ts.
 */

export { type SupportAddress, SupportAddressSchema } from '../domain/support-address';

export const ContactSchema = z.object({
  email: z.email().transform((a) => a.toLowerCase()),
  name: z.string().min(1),
  phone: z.string().min(1).optional(),
  /** Designated contacts may use the plan's guarantees (R-IN-4). */
  designated: z.boolean().default(true),
});

export const CustomerSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  /** Mail domains of the customer's organisation. */
  domains: z
    .array(
      z
        .string()
        .min(1)
        .transform((d) => d.toLowerCase())
    )
    .min(1),
  plan: z.string().min(1),
  contacts: z.array(ContactSchema).min(1),
  /** The language of mail to the customer that answers no message of theirs: the monthly summary. */
  language: z.enum(['pl', 'en']).default('en'),
  /**
   * Who gets the monthly SLA and availability summary (docs/reports.md): the TAM of the customer's
   * account (R-DLV-1; its designated contacts when no account names a TAM), or its designated
   * contacts.
   */
  monthlySummaryTo: z.enum(['tam', 'designated-contacts']).default('tam'),
});
export type Customer = z.infer<typeof CustomerSchema>;
export type Contact = z.infer<typeof ContactSchema>;

export const EscalationLevelSchema = z.object({
  /** Role name shown on the timeline, e.g. "primary". */
  name: z.string().min(1),
  email: z.email().transform((a) => a.toLowerCase()),
  /** Minutes after the case was received when this level is paged (if nobody acknowledged yet). */
  afterMinutes: z.number().int().min(0),
});

const HandoffSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');
const PersonIdSchema = z.string().regex(/^[a-z0-9._-]+$/);

/** Someone who can be paged (issue 5): email always; an SMS number is a second channel. */
export const PersonSchema = z.object({
  name: z.string().min(1),
  email: z.email().transform((a) => a.toLowerCase()),
  sms: z
    .string()
    .regex(/^\+\d{6,15}$/, 'E.164, e.g. +48600100200')
    .optional(),
  /** Signature under this person's replies to customers, by mail or API (R-BOX-6). */
  signature: z.string().min(1).max(2000).optional(),
});

/** A rotation: members take turns, handing off at a local time in a time zone, daily or weekly. */
export const RotationSchema = z.object({
  id: PersonIdSchema,
  name: z.string().min(1).optional(),
  timeZone: z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' }),
  handoffAt: HandoffSchema,
  every: z.enum(['daily', 'weekly']),
  /** Local date of the first shift; weekly handoffs fall on this weekday. */
  start: z.iso.date(),
  members: z.array(PersonIdSchema).min(1),
});

/** Someone else is on call for a rotation during [from, to). */
export const RosterOverrideSchema = z
  .object({
    rotation: PersonIdSchema,
    person: PersonIdSchema,
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    reason: z.string().optional(),
  })
  .refine((o) => Date.parse(o.to) > Date.parse(o.from), { message: 'an override must end after it starts' });

export const EscalationTargetSchema = z.union([
  z.object({ person: PersonIdSchema }).strict(),
  z.object({ rotation: PersonIdSchema }).strict(),
  z.object({ team: TeamSchema }).strict(),
]);

/** Ordered levels, each with its own ack timeout; the list repeated; management last. */
export const EscalationPolicySchema = z.object({
  levels: z
    .array(
      z.object({
        name: z.string().min(1),
        target: EscalationTargetSchema,
        ackTimeoutMinutes: z.number().int().min(1),
      })
    )
    .min(1),
  /** How many more rounds after the first (PagerDuty caps loops at 9). */
  repeat: z.number().int().min(0).max(9).default(0),
  /** Page management as the final level after the last round. */
  finalManagement: z.boolean().default(true),
});

export const OncallSchema = z.object({
  /** The default policy when `policy` is absent: fixed addresses paged at minutes after receipt. */
  escalation: z
    .array(EscalationLevelSchema)
    .min(1)
    .optional()
    .refine(
      (levels) =>
        !levels || levels.every((l, i) => i === 0 || l.afterMinutes > (levels[i - 1]?.afterMinutes ?? -1)),
      {
        message: 'escalation levels must be in increasing afterMinutes order',
      }
    ),
  /** Told of every missed target (R-ESC-6). */
  management: z.array(z.email().transform((a) => a.toLowerCase())).min(1),
  /** People who can be paged, by id. */
  people: z.record(PersonIdSchema, PersonSchema).default({}),
  rotations: z.array(RotationSchema).default([]),
  overrides: z.array(RosterOverrideSchema).default([]),
  /**
   * Storm correlation: Sev-1 reports with the same symptom within `windowMinutes` of the previous
   * one are grouped under one incident with one page chain. Absent: every Sev-1 pages on its own.
   */
  storm: z
    .object({
      windowMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
    })
    .optional(),
  /** The escalation policy; takes precedence over `escalation`. */
  policy: EscalationPolicySchema.optional(),
  /**
   * Customer updates after the Sev-1 callback (R-SEV1-4): the interval is the plan's
   * `critical.updateEvery` (60 minutes when a plan sets none); a late update pages the owner at
   * once and the next level `escalateAfterMinutes` later.
   */
  updates: z
    .object({
      escalateAfterMinutes: z.number().int().min(1).max(240).default(15),
      defaultIntervalMinutes: z.number().int().min(5).default(60),
    })
    .prefault({}),
  /** Sev-1 workflow loops before it continues as a new execution (history limit 25,000 events). */
  workflowLoopsBeforeContinue: z.number().int().min(2).max(1500).default(1000),
});

const TeamsSchema = z.record(TeamSchema, TeamConfigSchema);

export const ConfigSchema = z
  .object({
    /** The support domain: support addresses live here and mail is sent from it. */
    domain: z.string().min(1),
    supportAddresses: z.array(SupportAddressSchema).min(1),
    /**
     * The deployment's own plans. Every preset (plan-presets.ts) is known by its name as well; a
     * plan here with a preset's name replaces that preset.
     */
    plans: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), PlanSchema).default({}),
    customers: z.array(CustomerSchema),
    oncall: OncallSchema,
    /** The tiers; absent: the default tiers on the support domain (defaultTeams). */
    teams: TeamsSchema.optional(),
    /** Words that mark a report of a persistent outage (R-TRI-2), matched without diacritics. */
    outageKeywords: z.array(z.string().min(2)).default([]),
    pageLinks: z
      .object({
        /** How long a page link stays valid. */
        ttlMinutes: z
          .number()
          .int()
          .positive()
          .default(24 * 60),
      })
      .default({ ttlMinutes: 24 * 60 }),
    /**
     * Resolution confirmation (R-SEV1-5): a case whose proposed resolution the customer does not
     * answer closes after this many calendar days (docs/staff-mail.md).
     */
    resolution: z
      .object({ autoCloseDays: z.number().positive().max(60).default(7) })
      .default({ autoCloseDays: 7 }),
    /** The deliverability desk's sections, `accounts` and `deliverability` (the one seam with it). */
    ...deliverabilityConfigSections,
    /**
     * Table layout for load (docs/scale.md): each team's queue spread over `queueShards` index
     * partitions, read together and merged in deadline order. Raising it needs nothing else; after
     * lowering it, run `npx caseflow admin backfill-index-keys`.
     */
    scale: z
      .object({ queueShards: z.number().int().min(1).max(64).default(DEFAULT_QUEUE_SHARDS) })
      .default({ queueShards: DEFAULT_QUEUE_SHARDS }),
    /** Ordered rules that file incoming mail into folders, teams and labels (R-BOX-7): docs/config.md. */
    messageRules: z.array(MessageRuleSchema).default([]),
    /**
     * At most `perSender` acknowledgements to one sender address (lower-cased, `+tag` removed) per
     * `windowMinutes` (a fixed window), `designatedPerSender` to a designated contact,
     * `sameTextPerSender` for copies of one mail (subject and text) from one sender, and `globalPerHour` to
     * everyone together: a mail loop with a robot that strips RFC 3834 headers dies out. Beyond them cases are still opened, without an acknowledgement.
     */
    ackRateLimit: z
      .object({
        perSender: z.number().int().min(1).default(10),
        designatedPerSender: z.number().int().min(1).default(30),
        sameTextPerSender: z.number().int().min(1).default(5),
        globalPerHour: z.number().int().min(1).default(1000),
        windowMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(60),
      })
      .prefault({}),
  })
  .transform(({ plans, teams, ...config }) => ({
    ...config,
    plans: { ...presetPlans(), ...plans },
    teams: teams ?? TeamsSchema.parse(defaultTeams(config.domain)),
  }))
  .superRefine((config, ctx) => {
    for (const issue of deliverabilityConfigIssues(config)) ctx.addIssue(issue);
    for (const [i, customer] of config.customers.entries()) {
      if (!config.plans[customer.plan]) {
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'plan'],
          message: unknownPlan(customer.plan, Object.keys(config.plans)),
        });
      }
    }
    for (const issue of oncallIssues(config.oncall)) ctx.addIssue(issue);
    const teams = new Set(Object.keys(config.teams));
    for (const [name, team] of Object.entries(config.teams)) {
      if (team.escalatesTo && !teams.has(team.escalatesTo)) {
        ctx.addIssue({
          code: 'custom',
          path: ['teams', name, 'escalatesTo'],
          message: `unknown team "${team.escalatesTo}"`,
        });
      }
    }
    for (const [i, rule] of config.messageRules.entries()) {
      if (rule.set.team && !teams.has(rule.set.team)) {
        ctx.addIssue({
          code: 'custom',
          path: ['messageRules', i, 'set', 'team'],
          message: `team ${rule.set.team} is not configured under teams`,
        });
      }
    }
    for (const [i, a] of config.supportAddresses.entries()) {
      if (!teams.has(a.team)) {
        ctx.addIssue({
          code: 'custom',
          path: ['supportAddresses', i, 'team'],
          message: `team ${a.team} is not configured under teams`,
        });
      }
      if (!a.address.endsWith(`@${config.domain.toLowerCase()}`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['supportAddresses', i, 'address'],
          message: `support address ${a.address} is not on the support domain ${config.domain}`,
        });
      }
    }
  });

/** The presets, parsed once: every config knows them by name. */
let presets: Record<string, Plan> | undefined;
function presetPlans(): Record<string, Plan> {
  presets ??= Object.fromEntries(Object.entries(planPresets).map(([name, p]) => [name, PlanSchema.parse(p)]));
  return presets;
}

/**
 * Plan references that can be checked on a config the schema refused for other reasons, so a
 * config's problems come in one list: customers naming a plan that neither `plans` nor the presets
 * have.
 */
export function planReferenceIssues(input: unknown): { path: (string | number)[]; message: string }[] {
  if (!input || typeof input !== 'object') return [];
  const { plans, customers } = input as { plans?: unknown; customers?: unknown };
  if (!Array.isArray(customers)) return [];
  const known = [
    ...new Set([
      ...Object.keys(planPresets),
      ...(plans && typeof plans === 'object' ? Object.keys(plans) : []),
    ]),
  ];
  return customers.flatMap((customer, i) => {
    const plan = (customer as { plan?: unknown } | null)?.plan;
    return typeof plan === 'string' && plan && !known.includes(plan)
      ? [{ path: ['customers', i, 'plan'], message: unknownPlan(plan, known) }]
      : [];
  });
}

const unknownPlan = (plan: string, known: string[]) => `unknown plan "${plan}" (known: ${known.join(', ')})`;

type Oncall = z.infer<typeof OncallSchema>;

/** Every person and rotation named in the on-call section exists; some policy is configured. */
function oncallIssues(oncall: Oncall): { code: 'custom'; path: (string | number)[]; message: string }[] {
  const issues: { code: 'custom'; path: (string | number)[]; message: string }[] = [];
  const people = new Set(Object.keys(oncall.people));
  const rotations = new Set(oncall.rotations.map((r) => r.id));
  if (!oncall.escalation && !oncall.policy)
    issues.push({
      code: 'custom',
      path: ['oncall'],
      message: 'configure oncall.policy or oncall.escalation',
    });
  for (const [i, r] of oncall.rotations.entries())
    for (const m of r.members)
      if (!people.has(m))
        issues.push({
          code: 'custom',
          path: ['oncall', 'rotations', i, 'members'],
          message: `unknown person ${m}`,
        });
  for (const [i, o] of oncall.overrides.entries()) {
    if (!rotations.has(o.rotation))
      issues.push({
        code: 'custom',
        path: ['oncall', 'overrides', i],
        message: `unknown rotation ${o.rotation}`,
      });
    if (!people.has(o.person))
      issues.push({
        code: 'custom',
        path: ['oncall', 'overrides', i],
        message: `unknown person ${o.person}`,
      });
  }
  for (const [i, l] of (oncall.policy?.levels ?? []).entries()) {
    const t = l.target;
    if ('person' in t && !people.has(t.person))
      issues.push({
        code: 'custom',
        path: ['oncall', 'policy', 'levels', i],
        message: `unknown person ${t.person}`,
      });
    if ('rotation' in t && !rotations.has(t.rotation))
      issues.push({
        code: 'custom',
        path: ['oncall', 'policy', 'levels', i],
        message: `unknown rotation ${t.rotation}`,
      });
  }
  return issues;
}

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
