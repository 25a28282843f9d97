/**
 * A page of a listing and where the next one starts. The cursor is opaque to callers (base64url
 * JSON): it carries the day bucket or the last sort key, so it works across buckets and shards.
 */
export interface Page<T> {
  items: T[];
  /** Pass back for the next page; null when there is none. */
  cursor: string | null;
}

/** A cursor that is not one of ours (or not for this listing). */
export class CursorError extends Error {}

export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string, fields: readonly K[]): Record<K, string> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor is not valid');
  }
  const record = value as Record<string, unknown> | null;
  if (!record || typeof record !== 'object' || fields.some((f) => typeof record[f] !== 'string'))
    throw new CursorError('cursor is not valid for this list');
  return record as Record<K, string>;
}
