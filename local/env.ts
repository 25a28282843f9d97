import * as z from 'zod';

/** The embedded default's knobs: the external contract in DESIGN.md / README. */
export const LocalEnvSchema = z.object({
  CASEFLOW_DATA_DIR: z.string().min(1).default('.caseflow'),
  CASEFLOW_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  CASEFLOW_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CASEFLOW_TIME_SCALE: z.coerce.number().min(1).max(100_000).default(1),
  /** Local only: start the clock at this instant (ISO 8601), e.g. to watch a business day at 60×. */
  CASEFLOW_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /** The DNS resolver the blacklist check asks, host:port on loopback; unset: checks report "unknown". */
  CASEFLOW_DNS_RESOLVER: z.string().min(1).optional(),
  /** The first admin, made on the first start (docs/access.md); without a password one is generated and printed once. */
  CASEFLOW_ADMIN_EMAIL: z.email().optional(),
  CASEFLOW_ADMIN_PASSWORD: z.string().min(1).optional(),
});
