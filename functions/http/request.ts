import type { MiddlewareHandler } from 'hono';
import type * as z from 'zod';
import { CursorError, decodeCursor, encodeCursor, type Page } from '../data/page';

/** Fields that once named the author: the author is now the signed-in actor. */
const AUTHOR_FIELDS = ['from', 'by'];

/**
 * The request's JSON body checked against a strict schema: invalid JSON says so, and an unknown
 * field is named (an author field says who the author is instead).
 */
export async function jsonBody<T extends z.ZodType>(
  req: { text(): Promise<string> },
  schema: T
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; error: string }> {
  const text = await req.text();
  let value: unknown = {};
  if (text.trim()) {
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, error: 'invalid JSON' };
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data as z.infer<T> };
  return {
    ok: false,
    error: parsed.error.issues
      .map((issue) => {
        if (issue.code === 'unrecognized_keys') {
          const author = issue.keys.filter((k) => AUTHOR_FIELDS.includes(k));
          return author.length
            ? `field ${author.map((k) => `"${k}"`).join(', ')} is not accepted: the author is the signed-in user`
            : `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
        }
        return `${issue.path.join('.') || 'body'}: ${issue.message}`;
      })
      .join('; '),
  };
}

export const limitOf = (value: string | undefined) => Math.min(200, Math.max(1, Number(value ?? 50) || 50));

/** A page of a listing, or undefined when the cursor given was not one of ours. */
export async function pageOrBadCursor<T>(read: () => Promise<Page<T>>): Promise<Page<T> | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CursorError) return undefined;
    throw error;
  }
}

/**
 * A page of a list that is read whole anyway (one small partition: users, templates, overrides),
 * with its total; the cursor is the position of the next item. Undefined for a cursor not ours.
 */
export function pageOfAll<T>(
  all: T[],
  limit: number,
  cursor: string | undefined
): (Page<T> & { total: number }) | undefined {
  let from = 0;
  if (cursor) {
    try {
      from = Number(decodeCursor(cursor, ['from'] as const).from);
    } catch (error) {
      if (error instanceof CursorError) return undefined;
      throw error;
    }
    if (!Number.isInteger(from) || from < 0) return undefined;
  }
  const items = all.slice(from, from + limit);
  const next = from + items.length;
  return {
    items,
    cursor: next < all.length ? encodeCursor({ from: String(next) }) : null,
    total: all.length,
  };
}

export const BAD_CURSOR = { error: 'cursor is not one this list gave out' } as const;

/** A 400 naming any query parameter the route does not take (a typo is not silently ignored). */
export function takesQuery(...names: string[]): MiddlewareHandler {
  return async (c, next) => {
    const unknown = Object.keys(c.req.queries()).filter((k) => !names.includes(k));
    if (unknown.length)
      return c.json(
        {
          error: `unknown query parameter ${unknown.map((k) => `"${k}"`).join(', ')}${
            names.length ? `; this route takes ${names.join(', ')}` : '; this route takes none'
          }`,
        },
        400
      );
    await next();
  };
}
