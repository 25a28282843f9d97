import type { CaseRecord, MessageRecord, Page, Sev1State, TimelineEntry } from './case';
import { isActive } from './case';
import { describeTarget, type EscalationStep } from './escalation-policy';
import { levelDueAt } from './sev1';

/**
 * What the page behind a page link says (the on-call engineer's phone screen): given the case,
 * the page that was opened and the instant, which stage the case is in, whether the page was
 * opened late, what the clocks count down to, who was paged and how. Pure: the HTTP layer only
 * renders it.
 */

/** Which one action the screen offers. */
export type PageStage =
  /** Not acknowledged: the one-tap acknowledge. */
  | 'to-acknowledge'
  /** Not acknowledged, but escalation paged a later level since: acknowledge late (take over). */
  | 'moved-on'
  /** Acknowledged by whoever this page went to: call the customer, then confirm. */
  | 'yours'
  /** Acknowledged by someone else: take it over, or nothing. */
  | 'someone-else'
  | 'called-back'
  | 'closed';

export interface Countdown {
  kind: 'callback' | 'escalation' | 'update';
  label: string;
  at: string;
  passed: boolean;
}

export type NotificationStatus =
  /** Reserved, not yet handed to any channel. */
  | 'sending'
  /** Handed to every channel tried (the mail or SMS service accepted it). */
  | 'sent'
  /** At least one channel took it, another failed. */
  | 'partly-sent'
  /** No channel took it; the next level was paged at once. */
  | 'not-reached'
  /** Nobody on call at that level: skipped. */
  | 'nobody-on-call'
  /** A level the chain has not reached yet. */
  | 'upcoming';

export interface ChainRow {
  /** Absent on the upcoming level. */
  pageId: string | null;
  level: string;
  /** A person's name when the roster knows the address, else the address; null: nobody. */
  who: string | null;
  email: string | null;
  /** When the page went out (or was reserved, while sending); the due time of an upcoming level. */
  at: string;
  status: NotificationStatus;
  /** Channels that took the page (`email`, `sms`, …). */
  channels: string[];
  /** Channels that failed. */
  failed: string[];
  acknowledgedAt: string | null;
  thisPage: boolean;
}

export interface LateNotice {
  /** The callback deadline passed without a confirmed callback. */
  deadlinePassed: boolean;
  dueAt: string;
  /** Escalation paged a later level than this page before anyone acknowledged. */
  movedOn: boolean;
  /** Who was paged after this page, oldest first. */
  pagedSince: { level: string; who: string; at: string }[];
  /** When management was first told of the breach; null when they were not. */
  managementToldAt: string | null;
}

export interface PageScreen {
  stage: PageStage;
  reference: string;
  subject: string;
  /** Opened late: said at the top. */
  late: LateNotice | null;
  acknowledged: { by: string; at: string } | null;
  calledBack: { by: string; at: string } | null;
  countdowns: Countdown[];
  /** One line on what escalation does next, when there is no countdown for it. */
  escalationNote: string | null;
  chain: ChainRow[];
  customer: {
    /** Who to ask for on the phone. */
    contact: string;
    organisation: string | null;
    plan: string | null;
    email: string;
    phone: string | null;
    /** `tel:` URI of the phone, null when there is no dialable number. */
    tel: string | null;
  };
  /** The customer's first mail, trimmed. */
  words: { text: string; trimmed: boolean; at: string } | null;
  /** Path of the case in the agent console (same origin). */
  consolePath: string;
}

export interface PageScreenInput {
  c: CaseRecord;
  page: Page;
  messages: readonly MessageRecord[];
  timeline: readonly TimelineEntry[];
  steps: readonly EscalationStep[];
  /** The roster's people, to name addresses. */
  people: Readonly<Record<string, { name: string; email: string }>>;
  now: Date;
}

/** How much of the customer's mail a phone screen shows. */
export const WORDS_LIMIT = 600;

/** The latest numbered level paged so far, when it is later than the page's own level. */
export function laterLevelPaged(
  sev1: Sev1State,
  page: Pick<Page, 'level' | 'slot'>
): { level: number; recipient: string; at: string } | undefined {
  // Re-pages (overdue callback, late update) name a slot: escalation never "moves past" them.
  if (page.slot !== undefined) return undefined;
  let latest: { level: number; recipient: string; at: string } | undefined;
  for (const [key, p] of Object.entries(sev1.pages)) {
    if (!/^\d+$/.test(key) || !p.recipient || !p.sentAt) continue;
    if (!latest || Number(key) > latest.level)
      latest = { level: Number(key), recipient: p.recipient, at: p.sentAt };
  }
  return latest && latest.level > page.level ? latest : undefined;
}

/** A `tel:` URI for a phone number as people write it; null when it has too few digits to dial. */
export function telUri(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 3) return null;
  return `tel:${phone.trim().startsWith('+') ? '+' : ''}${digits}`;
}

/** Text cut at a word boundary to at most `limit` characters, blank runs folded. */
export function trimWords(text: string, limit = WORDS_LIMIT): { text: string; trimmed: boolean } {
  const clean = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (clean.length <= limit) return { text: clean, trimmed: false };
  const cut = clean.slice(0, limit);
  const space = cut.search(/\s\S*$/);
  return { text: `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`, trimmed: true };
}

/** What a slot's re-page was for. */
function slotLabel(slot: string): string {
  if (slot === 'overdue-ack') return 'callback overdue: acknowledger again';
  if (slot === 'overdue-next') return 'callback overdue: next level';
  const update = /^late-update-(\d+)(-next)?$/.exec(slot);
  if (update) return `update ${update[1]} late: ${update[2] ? 'next level' : 'owner'}`;
  return slot;
}

const split = (value: unknown): string[] =>
  typeof value === 'string' && value ? value.split(',').map((s) => s.trim()) : [];

function chainRows(input: PageScreenInput, sev1: Sev1State, stage: PageStage): ChainRow[] {
  const { page, timeline, steps, people } = input;
  const nameOf = (email: string) => Object.values(people).find((p) => p.email === email)?.name ?? email;
  const sent = new Map<string, TimelineEntry>();
  const failed = new Map<string, string[]>();
  for (const e of timeline) {
    const pageId = e.data?.pageId;
    if (typeof pageId !== 'string') continue;
    if (e.type === 'page.sent') sent.set(pageId, e);
    if (e.type === 'page.channel-failed')
      // Entries older than `failedChannels` only say that something failed.
      failed.set(pageId, [...(failed.get(pageId) ?? []), ...split(e.data?.failedChannels)]);
  }
  // The page the acknowledgement came through, when the timeline names it.
  const ackEntry = [...timeline]
    .reverse()
    .find(
      (e) =>
        (e.type === 'page.acknowledged' || e.type === 'page.taken-over') && e.actor === sev1.acknowledgedBy
    );
  const ackPageId = typeof ackEntry?.data?.pageId === 'string' ? ackEntry.data.pageId : undefined;

  const entries = Object.entries(sev1.pages).sort(
    ([ka, a], [kb, b]) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || ka.localeCompare(kb)
  );
  const ackRow = ackPageId ?? entries.find(([, p]) => p.recipient === sev1.acknowledgedBy)?.[1].pageId;
  const rows: ChainRow[] = entries.map(([key, p]) => {
    const level = /^\d+$/.test(key)
      ? (steps[Number(key)]?.name ?? `level ${Number(key) + 1}`)
      : slotLabel(key);
    const channels = split(sent.get(p.pageId)?.data?.channels);
    const failures = failed.get(p.pageId);
    const status: NotificationStatus = !p.recipient
      ? 'nobody-on-call'
      : !p.sentAt
        ? 'sending'
        : sent.has(p.pageId)
          ? failures
            ? 'partly-sent'
            : 'sent'
          : failures
            ? 'not-reached'
            : 'sent';
    return {
      pageId: p.pageId,
      level,
      who: p.recipient ? nameOf(p.recipient) : null,
      email: p.recipient || null,
      at: p.sentAt ?? p.createdAt,
      status,
      channels,
      failed: failures?.length ? failures : failures ? ['a channel'] : [],
      acknowledgedAt: sev1.acknowledgedAt && p.pageId === ackRow ? sev1.acknowledgedAt : null,
      thisPage: p.pageId === page.pageId,
    };
  });
  const next = nextStep(sev1, steps, stage);
  if (next) {
    const target = describeTarget(next.step.target);
    rows.push({
      pageId: null,
      level: next.step.name,
      who: target.includes('@') ? nameOf(target) : target,
      email: target.includes('@') ? target : null,
      at: next.at,
      status: 'upcoming',
      channels: [],
      failed: [],
      acknowledgedAt: null,
      thisPage: false,
    });
  }
  return rows;
}

/** The next level escalation pages while nobody acknowledges: the earliest step not yet paged. */
function nextStep(
  sev1: Sev1State,
  steps: readonly EscalationStep[],
  stage: PageStage
): { step: EscalationStep; at: string } | undefined {
  if (stage !== 'to-acknowledge' && stage !== 'moved-on') return undefined;
  let next: { step: EscalationStep; at: string } | undefined;
  steps.forEach((step, index) => {
    if (sev1.pages[String(index)]) return;
    const at = levelDueAt(sev1, step);
    if (!next || Date.parse(at) < Date.parse(next.at)) next = { step, at };
  });
  return next;
}

function stageOf(c: CaseRecord, page: Page): PageStage {
  const sev1 = c.sev1;
  if (!sev1 || !isActive(c.status)) return 'closed';
  if (sev1.calledBackAt) return 'called-back';
  if (sev1.acknowledgedAt) return sev1.acknowledgedBy === page.recipient ? 'yours' : 'someone-else';
  return laterLevelPaged(sev1, page) ? 'moved-on' : 'to-acknowledge';
}

/** The customer's own words: their first mail on the case. */
function firstWords(messages: readonly MessageRecord[]): PageScreen['words'] {
  const first = [...messages]
    .filter((m) => m.direction === 'INBOUND' && m.kind === 'customer')
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
  if (!first?.text.trim()) return null;
  return { ...trimWords(first.text), at: first.at };
}

/** The page screen for a case and the page that was opened, at `now`. */
export function pageScreen(input: PageScreenInput): PageScreen {
  const { c, page, timeline, steps, now } = input;
  const stage = stageOf(c, page);
  const sev1 = c.sev1;
  const at = now.getTime();
  const countdowns: Countdown[] = [];
  let escalationNote: string | null = null;
  let late: LateNotice | null = null;
  const open = stage !== 'closed' && stage !== 'called-back';
  const chain = sev1 ? chainRows(input, sev1, stage) : [];

  if (sev1 && open) {
    countdowns.push({
      kind: 'callback',
      label: 'Call the customer back by',
      at: sev1.callbackDueAt,
      passed: at >= Date.parse(sev1.callbackDueAt),
    });
    const next = nextStep(sev1, steps, stage);
    if (next)
      countdowns.push({
        kind: 'escalation',
        label: `Next escalation: ${next.step.name}`,
        at: next.at,
        passed: at >= Date.parse(next.at),
      });
    else if (stage === 'to-acknowledge' || stage === 'moved-on')
      escalationNote = 'Every level of the chain has been paged; nobody has acknowledged yet.';
    else if (!sev1.breachedAt)
      escalationNote =
        'Without a confirmed callback by the deadline, the acknowledger and the next level are paged again.';

    const deadlinePassed = at >= Date.parse(sev1.callbackDueAt);
    const movedOn = stage === 'moved-on';
    if (deadlinePassed || movedOn) {
      const since = Object.values(sev1.pages)
        .filter(
          (p) =>
            p.recipient && p.pageId !== page.pageId && Date.parse(p.createdAt) > Date.parse(page.createdAt)
        )
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      late = {
        deadlinePassed,
        dueAt: sev1.callbackDueAt,
        movedOn,
        pagedSince: since.map((p) => {
          const row = chain.find((r) => r.pageId === p.pageId);
          return { level: row?.level ?? '', who: row?.who ?? p.recipient, at: p.sentAt ?? p.createdAt };
        }),
        managementToldAt: timeline.find((e) => e.type === 'management.notified')?.at ?? null,
      };
    }
  } else if (sev1 && stage === 'called-back' && sev1.nextUpdateDueAt) {
    countdowns.push({
      kind: 'update',
      label: 'Next customer update due',
      at: sev1.nextUpdateDueAt,
      passed: at >= Date.parse(sev1.nextUpdateDueAt),
    });
  }

  return {
    stage,
    reference: c.reference,
    subject: c.subject,
    late,
    acknowledged:
      sev1?.acknowledgedAt && sev1.acknowledgedBy
        ? { by: sev1.acknowledgedBy, at: sev1.acknowledgedAt }
        : null,
    calledBack:
      sev1?.calledBackAt && sev1.calledBackBy ? { by: sev1.calledBackBy, at: sev1.calledBackAt } : null,
    countdowns,
    escalationNote,
    chain,
    customer: {
      contact: c.requester.name ?? c.customerName ?? c.requester.email,
      organisation: c.customerName,
      plan: c.plan,
      email: c.requester.email,
      phone: c.requester.phone,
      tel: telUri(c.requester.phone),
    },
    words: firstWords(input.messages),
    consolePath: `/cases/${encodeURIComponent(c.reference)}`,
  };
}
