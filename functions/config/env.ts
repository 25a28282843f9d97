import * as z from 'zod';

/**
 * Environment variables of the Lambda functions, declared once. Each handler validates
 * `process.env` against its schema at cold start; each CDK construct is typed by the same schema,
 * so a missing variable is a compile error in infra and a clear error at run time.
 */
const base = {
  TABLE_NAME: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1),
  /** The support domain mail is sent from (an SES identity). */
  SUPPORT_DOMAIN: z.string().min(1),
  POWERTOOLS_SERVICE_NAME: z.string().default('caseflow'),
  POWERTOOLS_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
};

/** Functions that change cases start the case's SLA clock. */
const clocks = { CASE_CLOCK_STATE_MACHINE_ARN: z.string().min(1) };

export const IntakeEnvSchema = z.object({
  ...base,
  ...clocks,
  RAW_MAIL_BUCKET: z.string().min(1),
  RAW_MAIL_PREFIX: z.string(),
  SEV1_STATE_MACHINE_ARN: z.string().min(1),
  /** KMS HMAC key that signs each case's reply address (the page-link key; docs/staff-mail.md). */
  PAGE_LINK_KEY_ID: z.string().min(1),
});

export const Sev1StepEnvSchema = z.object({
  ...base,
  /** Where page links point: the HTTP API's URL (or a custom domain). */
  PUBLIC_BASE_URL: z.string().url(),
  /** KMS HMAC key that signs page links; the key never leaves KMS. */
  PAGE_LINK_KEY_ID: z.string().min(1),
  /** Its own state machine, which a long incident continues in as a new execution. */
  SEV1_STATE_MACHINE_ARN: z.string().min(1),
});

/**
 * Who the API trusts to say who a staff member is: the OpenID issuer (the Cognito user pool on AWS,
 * the local issuer on `npm start`), whose keys are at `<issuer>/.well-known/jwks.json`, and the app
 * clients whose access tokens it accepts.
 */
const identity = {
  IDENTITY_ISSUER: z.string().url(),
  IDENTITY_CLIENT_IDS: z.string().min(1),
  /** Users are created, disabled and signed out in this Cognito user pool. */
  USER_POOL_ID: z.string().min(1),
};

/** The header CloudFront adds to every request it sends to the HTTP API (infra/constructs/public-edge.ts). */
export const EDGE_ORIGIN_HEADER = 'x-caseflow-edge';

export const ApiEnvSchema = z.object({
  ...base,
  ...identity,
  ...clocks,
  PUBLIC_BASE_URL: z.string().url(),
  PAGE_LINK_KEY_ID: z.string().min(1),
  /** Set by MailIntake.grantReplayAndAttachments: failed-mail replay and attachment downloads. */
  RAW_MAIL_BUCKET: z.string().min(1).optional(),
  RAW_MAIL_PREFIX: z.string().optional(),
  SEV1_STATE_MACHINE_ARN: z.string().min(1).optional(),
  /** The intake function's on-failure queue: `POST /api/intake/redrive` runs its events again. */
  INTAKE_FAILURE_QUEUE_URL: z.string().url().optional(),
  /**
   * Set when the API sits behind the public edge: every route but the IAM-signed /ops/api is
   * refused unless the request carries this value in EDGE_ORIGIN_HEADER (it came through the
   * firewall).
   */
  EDGE_ORIGIN_SECRET: z.string().min(32).optional(),
});

export const WatchdogEnvSchema = z.object({
  ...base,
  ...clocks,
  SEV1_STATE_MACHINE_ARN: z.string().min(1),
});

/** The monthly summary mail (docs/reports.md): reads the table, sends mail. */
export const MonthlySummaryEnvSchema = z.object({ ...base });

/** The case-clock workflow's step: it never starts executions itself. */
export const CaseClockStepEnvSchema = z.object({ ...base });

/** Cognito's post-authentication trigger: each staff sign-in goes to the audit log. */
export const SignInAuditEnvSchema = z.object({ ...base });

/** Deliverability desk (R-DLV-2…4): the resolver and everything else come from the embedded config. */
export const BlacklistCheckEnvSchema = z.object({ ...base });
export const WarmupProgressEnvSchema = z.object({ ...base });
export const SendingEventsEnvSchema = z.object({ ...base });

/** The console's live channel (docs/live-updates.md): where AppSync Events takes publishes. */
export const LivePublishEnvSchema = z.object({
  ...base,
  /** The Event API's HTTP domain (`<id>.appsync-api.<region>.amazonaws.com`). */
  LIVE_EVENTS_HTTP_DOMAIN: z.string().min(1),
  AWS_REGION: z.string().min(1),
});
/** The channel namespace's subscribe handler: who may have which team's channels. */
export const LiveSubscribeEnvSchema = z.object({ ...base });
/** The report aggregator (docs/reports.md): the table and the config only. */
export const ReportAggregatorEnvSchema = z.object({ ...base });

export type IntakeEnv = z.infer<typeof IntakeEnvSchema>;
export type Sev1StepEnv = z.infer<typeof Sev1StepEnvSchema>;
export type ApiEnv = z.infer<typeof ApiEnvSchema>;
export type WatchdogEnv = z.infer<typeof WatchdogEnvSchema>;
export type CaseClockStepEnv = z.infer<typeof CaseClockStepEnvSchema>;

/** Variables every function gets from the construct (or Lambda: AWS_REGION), not from the caller. */
export type ConstructProvidedEnv = 'POWERTOOLS_SERVICE_NAME' | 'POWERTOOLS_LOG_LEVEL' | 'AWS_REGION';
