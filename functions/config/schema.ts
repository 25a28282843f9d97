import { z } from 'zod';

/**
 * The deployment's configuration: support addresses, plans, customers and the on-call chain.
 * Declared once here; documented in docs/config.md; loaded by functions/config/load.ts.
 */

export const TeamSchema = z.enum(['L1', 'L2_BILLING', 'L2_DATACENTER', 'L3_SYSADMIN', 'MANAGEMENT']);
export type Team = z.infer<typeof TeamSchema>;

export const SupportAddressSchema = z.object({
  address: z.email().transform((a) => a.toLowerCase()),
  /** `sev1` is the Sev-1 hotline; `general` and `billing` are ordinary intake channels (R-IN-1). */
  purpose: z.enum(['general', 'sev1', 'billing']),
  /** The team a case opened through this address goes to first. */
  team: TeamSchema,
  /** Display name used as the sender of acknowledgements. */
  displayName: z.string().min(1),
});
export type SupportAddress = z.infer<typeof SupportAddressSchema>;

export const PlanSchema = z.object({
  /** Human description of service hours, quoted in acknowledgements. */
  serviceHours: z.string().min(1),
  /** Guaranteed first reaction in business hours (R-SLA-2); null: no guarantee. */
  reactionHours: z.number().positive().nullable(),
  /** Critical issues are also handled on days off (STANDARD: "critical only"). */
  criticalOnDaysOff: z.boolean(),
  /** The 24/7/365 Sev-1 callback (R-SEV1-1, R-SEV1-2); only plans with it page on-call. */
  sev1Callback: z
    .object({
      callbackMinutes: z.number().int().positive().default(15),
    })
    .nullable(),
});
export type Plan = z.infer<typeof PlanSchema>;

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

export const OncallSchema = z.object({
  escalation: z
    .array(EscalationLevelSchema)
    .min(1)
    .refine(
      (levels) => levels.every((l, i) => i === 0 || l.afterMinutes > (levels[i - 1]?.afterMinutes ?? -1)),
      {
        message: 'escalation levels must be in increasing afterMinutes order',
      }
    ),
  /** Told of every missed target (R-ESC-6). */
  management: z.array(z.email().transform((a) => a.toLowerCase())).min(1),
});

export const ConfigSchema = z
  .object({
    /** The support domain: support addresses live here and mail is sent from it. */
    domain: z.string().min(1),
    supportAddresses: z.array(SupportAddressSchema).min(1),
    plans: z.record(z.string().regex(/^[A-Z0-9_-]+$/), PlanSchema),
    customers: z.array(CustomerSchema),
    oncall: OncallSchema,
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
  })
  .superRefine((config, ctx) => {
    for (const [i, customer] of config.customers.entries()) {
      if (!config.plans[customer.plan]) {
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'plan'],
          message: `unknown plan "${customer.plan}" (known: ${Object.keys(config.plans).join(', ')})`,
        });
      }
    }
    for (const [i, a] of config.supportAddresses.entries()) {
      if (!a.address.endsWith(`@${config.domain.toLowerCase()}`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['supportAddresses', i, 'address'],
          message: `support address ${a.address} is not on the support domain ${config.domain}`,
        });
      }
    }
  });

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
