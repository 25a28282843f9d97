import * as z from 'zod';
import { CalendarDefinitionSchema } from '../domain/calendar';
import { TeamSchema } from '../domain/team';

/**
 * Plans and tiers: the parts of the configuration that plan presets are written in, apart from the
 * whole config schema so the presets can be typed by them while the schema composes the presets.
 */

/** A target: minutes of the policy's calendar (business minutes; clock minutes when it is 24/7). */
export const TargetSchema = z.object({ minutes: z.number().positive() });

/**
 * How one class of case is served on a plan: the calendar its clocks count in and its targets.
 * `response` is the first human response (R-SLA-2) and every later one: it runs from the oldest
 * unanswered customer message (RT's semantics). `resolution` pauses while waiting on the customer.
 * `updateEvery` is the agreed cadence of status updates (R-SEV1-4).
 */
export const ServicePolicySchema = z.object({
  calendar: CalendarDefinitionSchema,
  response: TargetSchema.nullable(),
  resolution: TargetSchema.nullable().default(null),
  updateEvery: TargetSchema.nullable().default(null),
});
export type ServicePolicy = z.infer<typeof ServicePolicySchema>;

export const PlanSchema = z.object({
  /** One line for people, with the source document it encodes. */
  description: z.string().min(1),
  /** Service hours as people read them; quoted in acknowledgements. */
  serviceHours: z.string().min(1),
  /** Non-critical cases: defects without persistent unavailability, configuration, questions (R-TRI-3). */
  nonCritical: ServicePolicySchema,
  /** Critical cases (R-TRI-2), also those a plan without the Sev-1 callback receives. */
  critical: ServicePolicySchema,
  /** The 24/7/365 Sev-1 callback (R-SEV1-1, R-SEV1-2); only plans with it page on-call. */
  sev1Callback: z
    .object({
      callbackMinutes: z.number().int().positive().default(15),
    })
    .nullable(),
  /** The automatic acknowledgement, in clock minutes (R-IN-2). */
  acknowledgementMinutes: z.number().positive().default(2),
  /** Warnings at these fractions of a target's business time. */
  warnAt: z.array(z.number().gt(0).lt(1)).default([0.75, 0.9]),
  /**
   * Monthly limit of guaranteed e-mail support for matters other than defects (R-SLA-4): once the
   * work recorded this month reaches it, new non-defect cases carry no guarantee. null: no limit.
   */
  monthlyGuaranteedMinutes: z.number().positive().nullable().default(null),
  /** Hours of phone/remote/development work in the monthly package. */
  packageHours: z.number().min(0).nullable().default(null),
  /**
   * Remote, phone and on-site work beyond the package (R-SLA-6): each job's minutes plus the
   * write-up are counted per started increment; e-mail support never draws on the package.
   * Rate null: individually agreed, the statement shows minutes without a price.
   */
  billing: z
    .object({
      remoteRatePlnPerHour: z.number().positive().nullable(),
      remoteIncrementMinutes: z.number().int().positive().default(30),
      phoneIncrementMinutes: z.number().int().positive().default(15),
      /** On-site work: the source documents name no increment; ours, like remote work, 30. */
      onSiteIncrementMinutes: z.number().int().positive().default(30),
      writeUpMinutes: z.number().int().min(0).default(5),
    })
    .default({
      remoteRatePlnPerHour: null,
      remoteIncrementMinutes: 30,
      phoneIncrementMinutes: 15,
      onSiteIncrementMinutes: 30,
      writeUpMinutes: 5,
    }),
  phoneSupport: z.boolean().default(false),
  developmentWork: z.boolean().default(false),
  /** A technical account manager is assigned (R-DLV-1). */
  technicalAccountManager: z.boolean().default(false),
  /** Monthly availability target of the service, percent (R-SLA-7). */
  availabilityPercent: z.number().min(0).max(100).nullable().default(null),
  priceMonthlyPln: z.number().min(0).nullable().default(null),
  minimumTermMonths: z.number().int().min(0).nullable().default(null),
});
export type Plan = z.infer<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;

/** A support tier (R-ESC-2): who it is, when it works, where its cases go when a target is missed. */
export const TeamConfigSchema = z.object({
  name: z.string().min(1),
  email: z.email().transform((a) => a.toLowerCase()),
  calendar: CalendarDefinitionSchema,
  /** Working hours as people read them; quoted when a case is handed to this team. */
  hours: z.string().min(1),
  escalatesTo: TeamSchema.nullable(),
});
export type TeamConfig = z.infer<typeof TeamConfigSchema>;
