import type { Command } from 'commander';
import { scriptToken } from '../../local/identity/session';
import { signedRequest, signsWithIam } from '../../local/identity/sigv4';

/**
 * The base URL of the caseflow every API command talks to (the same routes and use-cases the
 * service uses): `--api <url>`, else CASEFLOW_API_URL, else the local instance on
 * CASEFLOW_HTTP_PORT — the knob `npm start` and `npm run demo` read — default 3000.
 * Locally it sends the session's token (`caseflow login`); against a deployed stack it signs with
 * SigV4 and uses the operator routes (docs/access.md).
 */
export function defaultApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.CASEFLOW_API_URL || `http://127.0.0.1:${env.CASEFLOW_HTTP_PORT || 3000}`;
}

export function apiOption(command: Command): Command {
  return command.option(
    '--api <url>',
    'caseflow HTTP API base URL (default: CASEFLOW_API_URL, else http://127.0.0.1:$CASEFLOW_HTTP_PORT)',
    defaultApiUrl()
  );
}

export function call(
  api: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json'
): Promise<{ status: number; text: string; json: unknown }> {
  return callApi(api, method, `/api/deliverability${path}`, body, contentType);
}

/** One request to the caseflow HTTP API; an HTTP error becomes an Error with the API's message. */
export async function callApi(
  api: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  /** Error statuses whose body the caller reads itself (a 503 that still lists something). */
  readable: number[] = []
): Promise<{ status: number; text: string; json: unknown }> {
  let res: Response;
  const iam = signsWithIam(api);
  const token = iam ? undefined : await scriptToken(api).catch(() => undefined);
  // A change is always JSON (or CSV), even one without fields.
  const sent = body ?? (method === 'GET' ? undefined : {});
  const payload = sent === undefined ? undefined : typeof sent === 'string' ? sent : JSON.stringify(sent);
  const headers: Record<string, string> = {
    'x-caseflow-client': 'cli',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(payload === undefined ? {} : { 'content-type': contentType }),
  };
  try {
    const url = new URL(`${api.replace(/\/+$/, '')}${path}`);
    const request = iam ? await signedRequest(url, { method, headers, body: payload }) : { url, headers };
    res = await fetch(request.url, { method, headers: request.headers, body: payload });
  } catch (error) {
    throw new Error(
      `cannot reach caseflow at ${api} (${(error as Error).message}); is it running (npm start)?`
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.status === 401)
    throw new Error(
      `not signed in to ${api}${token ? ' (the session ended)' : ''}: run npx caseflow login --email <you> --password <…>`
    );
  if (res.status >= 400 && !readable.includes(res.status)) {
    // A failed replay also says why intake failed again (`failure.error`).
    const error = json as { error?: string; failure?: { error?: string } } | undefined;
    const detail = error?.failure?.error ? `: ${error.failure.error}` : '';
    throw new Error(`${error?.error ?? `HTTP ${res.status}: ${text.slice(0, 200)}`}${detail}`);
  }
  return { status: res.status, text, json };
}

/** Every item of a paged API list (`{ <field>: [...], cursor }`), following the cursor to the end. */
export async function callApiAll<T>(api: string, path: string, field: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const query = `${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await callApi(api, 'GET', `${path}${query}`)).json as Record<string, unknown>;
    items.push(...(page[field] as T[]));
    cursor = (page.cursor as string | null) ?? null;
  } while (cursor);
  return items;
}

export const print = (value: unknown): void =>
  void process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);

/** A fixed-width table for people. */
export function table(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}
