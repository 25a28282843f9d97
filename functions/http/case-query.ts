import * as z from 'zod';
import { TeamSchema } from '../domain/team';
import type { CaseQuery } from '../use-cases/search-cases';

/** The search parameters of `GET /api/cases` (R-BOX-14); none given, it lists every case. */
export const SEARCH_PARAMETERS = [
  'q',
  'status',
  'team',
  'label',
  'severity',
  'assignee',
  'from',
  'to',
  'customer',
  'sender',
] as const;

const STATUSES = ['OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED'] as const;
const SEVERITIES = ['SEV1', 'NON_CRITICAL'] as const;

/** A comma-separated list of the values, any case: `status=open,waiting_on_customer`. */
const listOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim().toUpperCase()))
    .pipe(z.array(z.enum(values)).min(1));

/** A day (`2026-12-01`) or an instant with its offset, kept as the ISO text the index sorts by. */
const instant = z.union([
  z.iso.date(),
  z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString()),
]);

const text = z.string().trim().min(1).max(200);

export const CaseQuerySchema = z
  .strictObject({
    q: text.optional(),
    status: listOf(STATUSES).optional(),
    team: listOf(TeamSchema.options as [string, ...string[]])
      .transform((teams) => teams.map((t) => TeamSchema.parse(t)))
      .optional(),
    severity: listOf(SEVERITIES).optional(),
    label: text.optional(),
    assignee: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .transform((a) => (a.toLowerCase() === 'me' || a.toLowerCase() === 'none' ? a.toLowerCase() : a))
      .optional(),
    from: instant.optional(),
    to: instant.optional(),
    customer: text.optional(),
    sender: text.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= `${q.to}\uffff`, {
    message: 'from must not be after to',
    path: ['from'],
  }) satisfies z.ZodType<CaseQuery, unknown>;
