import * as z from 'zod';

/** The support tiers a case can be with (R-ESC-2); config/schema.ts describes each one. */
export const TeamSchema = z.enum(['L1', 'L2_BILLING', 'L2_DATACENTER', 'L3_SYSADMIN', 'MANAGEMENT']);
export type Team = z.infer<typeof TeamSchema>;
