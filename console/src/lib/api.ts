import { accessToken } from './auth';

/** An answer of the API that was not a success: its status and the error it named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown
  ) {
    super(message);
  }
}

/** The last answer to each read, with its ETag: a poll of something unchanged is a bodiless 304. */
const lastReads = new Map<string, { etag: string; body: unknown }>();
/** Reads remembered at most (the oldest forgotten first): lists and cases a session keeps polling. */
const MAX_REMEMBERED = 100;

/** Calls the staff API (same origin, `/api/…`) as the signed-in user. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const remembered = method === 'GET' ? lastReads.get(path) : undefined;
  const response = await fetch(`/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await accessToken()}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(remembered ? { 'if-none-match': remembered.etag } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  // Unchanged since the last read: the same object again (so nothing re-renders).
  if (response.status === 304 && remembered) return remembered.body as T;
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  if (!response.ok) throw new ApiError(response.status, body?.error ?? response.statusText, body);
  const etag = response.headers.get('etag');
  if (method === 'GET' && etag) {
    lastReads.delete(path);
    lastReads.set(path, { etag, body });
    if (lastReads.size > MAX_REMEMBERED) lastReads.delete(lastReads.keys().next().value as string);
  }
  return body as T;
}

/**
 * Every item of a list the screen shows whole (users, templates, colleagues): the API pages every
 * list, so the pages are followed to the end.
 */
export async function apiAll<K extends string, T>(path: string, field: K): Promise<Record<K, T[]>> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const query = `${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Record<string, unknown> = await api(`${path}${query}`);
    items.push(...(page[field] as T[]));
    cursor = (page.cursor as string | null) ?? null;
  } while (cursor);
  return { [field]: items } as Record<K, T[]>;
}

export type Team = 'L1' | 'L2_BILLING' | 'L2_DATACENTER' | 'L3_SYSADMIN' | 'MANAGEMENT';
export const TEAMS: Team[] = ['L1', 'L2_BILLING', 'L2_DATACENTER', 'L3_SYSADMIN', 'MANAGEMENT'];

export interface Me {
  kind: 'staff';
  id: string;
  email: string;
  displayName: string;
  language: 'pl' | 'en';
  roles: ('agent' | 'supervisor' | 'admin')[];
  teams: Team[];
  folders: ('spam' | 'quarantine')[];
  /** Case folder ids this user sees; null or absent: every one. */
  caseFolders?: string[] | null;
  signature?: string;
  permissions: string[];
}

export interface NextTarget {
  label: string;
  startedAt: string;
  dueAt: string;
  warnings: { fraction: number; at: string }[];
  paused: boolean;
}

export interface CaseSummary {
  id: string;
  reference: string;
  subject: string;
  status: 'OPEN' | 'WAITING_ON_CUSTOMER' | 'RESOLVED' | 'CLOSED';
  severity: 'SEV1' | 'NON_CRITICAL';
  team: Team;
  plan: string | null;
  customerId: string | null;
  customerName: string | null;
  requester: { email: string; name: string | null };
  receivedAt: string;
  nextTarget: NextTarget | null;
  assignee: { userId: string; name: string } | null;
  /** In a team queue: who is on the case now (R-BOX-3). */
  viewers?: { name: string; replying: boolean }[];
  /** Label ids (R-BOX-8); names and colours come from the label list. */
  labels: string[];
  folder: string | null;
  spam: { at: string; by: string } | null;
}

export interface CasePage {
  cases: CaseSummary[];
  cursor: string | null;
  total?: number | null;
  /** False when the list stopped counting: at least `total`. */
  totalExact?: boolean;
}

export type LabelColour = 'grey' | 'blue' | 'green' | 'red' | 'orange' | 'purple' | 'teal' | 'pink';
export const LABEL_COLOURS: LabelColour[] = ['grey', 'blue', 'green', 'red', 'orange', 'purple', 'teal', 'pink'];

export interface Label {
  id: string;
  name: string;
  colour: LabelColour;
  bootstrap?: true;
  /** The cases carrying it. */
  count: number;
}

export interface CaseFolder {
  id: string;
  name: string;
  bootstrap?: true;
  system?: true;
  count: number;
}

/** A page of search results (`GET /api/cases?q=…`): how many match, and the case a reference named. */
export interface SearchPage extends CasePage {
  total: number;
  /** False when the search stopped counting: at least `total` match. */
  totalExact: boolean;
  reference?: string;
}

export interface Verdicts {
  spf: string;
  dkim: string;
  dmarc: string;
  spam?: string;
  virus?: string;
}

export interface Message {
  id: string;
  direction: 'INBOUND' | 'OUTBOUND' | 'INTERNAL';
  kind: 'customer' | 'acknowledgement' | 'reply' | 'notice' | 'automated' | 'bounce' | 'note';
  from: string;
  to: string[];
  subject: string;
  text: string;
  at: string;
  rawKey?: string;
  attachments?: { filename: string | null; sha256: string; sizeBytes: number; mimeType: string }[];
  verdicts?: Verdicts;
  /** Copied from a case merged into this one: its reference. */
  mergedFrom?: string;
  /** Notes: the colleagues mentioned (told by mail). */
  mentions?: { userId: string; name: string }[];
}

export interface Target {
  id: string;
  label: string;
  startedAt: string;
  dueAt: string;
  minutes: number;
  clock: 'wall' | 'business';
  warnings: { fraction: number; at: string }[];
  stoppedAt?: string;
  pauses: { start: string; end: string | null }[];
  explanation: string;
}

export interface CaseDetail extends CaseSummary {
  contactStatus: string;
  requester: { email: string; name: string | null; phone: string | null };
  channel: { address: string; purpose: string };
  triage: { reasons: string[] };
  sla?: { terms: { guaranteed: boolean }; targets: Target[] };
  sev1?: {
    callbackDueAt: string;
    acknowledgedAt?: string;
    acknowledgedBy?: string;
    calledBackAt?: string;
    /** Lowered from Sev-1: the escalation chain stopped then, by them. */
    stoppedAt?: string;
    stoppedBy?: string;
    pages: Record<string, { recipient: string; createdAt: string; sentAt?: string }>;
  };
  unprovenThread?: { reference: string; reason: string };
  mergedInto?: { reference: string; at: string; by: string };
  mergedFrom?: { reference: string; at: string; by: string }[];
  messages: Message[];
  timeline: { at: string; type: string; summary: string; actor: string }[];
}

import type { PlanTerms } from '../../../functions/domain/plan-terms';

export type { ClassTerms, PlanTerms } from '../../../functions/domain/plan-terms';

/** `GET /api/customers/:id/summary`: the customer beside a case. */
export interface CustomerSummary {
  customer: { id: string; name: string; domains: string[]; language: 'pl' | 'en' };
  plan: PlanTerms | null;
  contacts: { email: string; name: string; phone?: string; designated: boolean }[];
  tams: { name: string; email: string; phone: string | null; hours: string }[];
  guaranteedTime: { month: string; usedMinutes: number; limitMinutes: number | null; exhausted: boolean };
  hourPackage: { month: string; packageMinutes: number; usedMinutes: number } | null;
  openCases: { cases: CaseSummary[]; total: number };
  recentCases: { cases: CaseSummary[]; total: number };
}
