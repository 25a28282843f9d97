import * as z from 'zod';
import { TeamSchema } from './team';

/**
 * A support address (R-IN-1): the config file declares them and admins keep them in the table.
 * Apart from the config schema, so what reads or checks addresses at run time does not carry it.
 */
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
