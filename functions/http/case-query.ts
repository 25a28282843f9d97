import type { Context } from 'hono';
import * as z from 'zod';
import { CursorError } from '../data/page';
import type { CaseRecord } from '../domain/case';
import { type Team, TeamSchema } from '../domain/team';
import type { Services } from '../use-cases/deps';
import { type CaseQuery, searchCases } from '../use-cases/search-cases';
import { personOf } from './case-access';
import { BAD_CURSOR, limitOf } from './request';
import { type StaffEnv, seesTeam } from './staff-access';

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

/**
 * `GET /api/cases` with search parameters (R-BOX-14): the answer, or undefined when none was given
 * (then it lists every case). A bad value is a 400 naming it; the searcher's teams bound what is
 * found and counted. Each case is shown as `present` shows it (the list's row shape).
 */
export async function answerSearch(
  deps: Pick<Services, 'cases' | 'search'>,
  c: Context<StaffEnv>,
  present: (found: CaseRecord) => unknown
): Promise<Response | undefined> {
  const given = SEARCH_PARAMETERS.flatMap((k) => (c.req.query(k) ? [[k, c.req.query(k)] as const] : []));
  if (!given.length) return undefined;
  const query = CaseQuerySchema.safeParse(Object.fromEntries(given));
  if (!query.success)
    return c.json(
      { error: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
      400
    );
  const searcher = {
    sees: (team: Team) => seesTeam(c, team),
    seesEveryTeam: TeamSchema.options.every((team) => seesTeam(c, team)),
    userId: personOf(c)?.id ?? null,
  };
  const page = { limit: limitOf(c.req.query('limit')), cursor: c.req.query('cursor') || undefined };
  const result = await searchCases(deps, query.data, searcher, page).catch((error: unknown) => {
    if (error instanceof CursorError) return null;
    throw error;
  });
  if (!result) return c.json(BAD_CURSOR, 400);
  return c.json({
    cases: result.cases.map(present),
    cursor: result.cursor,
    total: result.total,
    totalExact: result.totalExact,
    ...(result.reference ? { reference: result.reference } : {}),
  });
}
