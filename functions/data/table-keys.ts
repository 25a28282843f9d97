import { createHash } from 'node:crypto';
import type { HeldFolder } from '../domain/held-mail';
import type { Team } from '../domain/team';

/**
 * Every key of the core's items on the single table, in one place (layout and access patterns:
 * docs/data-model.md). Each store builds its items from these; none spells a key of its own. The
 * deliverability desk keeps its own prefixes in deliverability/data/deliverability-keys.ts.
 */

/** Long or arbitrary values (Message-IDs, symptoms, senders) are keyed on their hash. */
const hash = (value: string) => createHash('sha256').update(value).digest('base64url');

export interface TableKey {
  pk: string;
  sk: string;
}

/** Attributes that are keys or bookkeeping, never part of a record the domain sees. */
export const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'ttl',
  'entity',
  'ackClaimedAt',
  // The word keys whose search entries carry a copy of the case's team (search-items.ts).
  'searchCopyKeys',
] as const;

export const keys = {
  // --- the case partition: the case, its messages, timeline and wait tokens ---
  casePartition: (caseId: string) => `CASE#${caseId}`,
  case: (caseId: string): TableKey => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  message: (caseId: string, at: string, messageId: string): TableKey => ({
    pk: `CASE#${caseId}`,
    sk: `MSG#${at}#${messageId}`,
  }),
  timelineEntry: (caseId: string, at: string, suffix: string): TableKey => ({
    pk: `CASE#${caseId}`,
    sk: `TL#${at}#${suffix}`,
  }),
  waitToken: (caseId: string, kind: string): TableKey => ({ pk: `CASE#${caseId}`, sk: `TOKEN#${kind}` }),

  // --- lookups that lead to a case ---
  caseCounter: (): TableKey => ({ pk: 'COUNTER#case', sk: 'COUNTER' }),
  /** How many cases exist: added to in the transaction that creates one (the reference counter also counts lost races). */
  reference: (reference: string): TableKey => ({ pk: `REF#${reference}`, sk: 'REF' }),
  inbound: (sesMessageId: string): TableKey => ({ pk: `INBOUND#${sesMessageId}`, sk: 'INBOUND' }),
  /** Message-IDs can be long and hold anything: key on a hash of sender + Message-ID. */
  senderMessageId: (from: string, messageId: string): TableKey => ({
    pk: `MSGID#${hash(`${from.toLowerCase()}\n${messageId}`)}`,
    sk: 'MSGID',
  }),
  messageRef: (messageId: string): TableKey => ({ pk: `MSGREF#${hash(messageId)}`, sk: 'MSGREF' }),
  caseOpenedFor: (key: string): TableKey => ({ pk: `CASEKEY#${key}`, sk: 'CASEKEY' }),

  // --- paging and incidents ---
  page: (pageId: string): TableKey => ({ pk: `PAGE#${pageId}`, sk: 'PAGE' }),
  pageMessage: (messageId: string): TableKey => ({ pk: `PAGEMSG#${hash(messageId)}`, sk: 'PAGEMSG' }),
  storm: (symptom: string): TableKey => ({ pk: `STORM#${hash(symptom)}`, sk: 'OPEN' }),
  incidentPartition: (leaderCaseId: string) => `INCIDENT#${leaderCaseId}`,
  incidentMemberPrefix: 'MEMBER#',
  incidentMember: (leaderCaseId: string, caseId: string): TableKey => ({
    pk: `INCIDENT#${leaderCaseId}`,
    sk: `MEMBER#${caseId}`,
  }),

  // --- SLA and intake guards ---
  guaranteedUsage: (customerId: string, month: string): TableKey => ({
    pk: `USAGE#${customerId}`,
    sk: `MONTH#${month}`,
  }),
  acknowledgementRate: (sender: string, windowStart: string): TableKey => ({
    pk: `ACKRATE#${hash(sender.toLowerCase())}`,
    sk: `WINDOW#${windowStart}`,
  }),
  unattributedBouncePartition: 'BOUNCE#UNATTRIBUTED',
  unattributedBounce: (receivedAt: string, sesMessageId: string): TableKey => ({
    pk: 'BOUNCE#UNATTRIBUTED',
    sk: `${receivedAt}#${sesMessageId}`,
  }),

  // --- roster overrides: one partition, sorted by end ---
  rosterPartition: 'ROSTER',
  rosterOverridePrefix: 'OVERRIDE#',
  rosterOverride: (to: string, id: string): TableKey => ({ pk: 'ROSTER', sk: `OVERRIDE#${to}#${id}` }),

  // --- the months a day-bucketed listing has items in (gsi1): where its reader starts and stops ---
  listingMonths: (listing: string): TableKey => ({ pk: `MONTHS#${listing}`, sk: 'MONTHS' }),

  // --- one-off migrations: their progress, so an interrupted run resumes ---
  migration: (name: string): TableKey => ({ pk: `MIGRATION#${name}`, sk: 'PROGRESS' }),

  // --- held mail and intake failures ---
  heldMail: (sesMessageId: string): TableKey => ({ pk: `HELD#${sesMessageId}`, sk: 'HELD' }),
  intakeFailure: (sesMessageId: string): TableKey => ({
    pk: `INTAKEFAIL#${sesMessageId}`,
    sk: 'INTAKEFAIL',
  }),

  // --- staff users (one small partition), their email lookups and local password hashes ---
  staffPartition: 'STAFF',
  staffUserPrefix: 'USER#',
  staffUser: (id: string): TableKey => ({ pk: 'STAFF', sk: `USER#${id}` }),
  staffEmail: (email: string): TableKey => ({ pk: 'STAFF', sk: `EMAIL#${email}` }),
  staffCredential: (id: string): TableKey => ({ pk: 'STAFF', sk: `CREDENTIAL#${id}` }),

  // --- the audit log: each record under its actor, its case and its day ---
  auditByActor: (actor: string) => `AUDIT#ACTOR#${actor}`,
  auditByCase: (caseId: string) => `AUDIT#CASE#${caseId}`,
  auditByDay: (day: string) => `AUDIT#DAY#${day}`,

  // --- reply templates (R-BOX-1): shared and personal, one small partition ---
  templatePartition: 'TEMPLATES',
  template: (id: string): TableKey => ({ pk: 'TEMPLATES', sk: `TEMPLATE#${id}` }),

  // --- labels and case folders (R-BOX-5/8): one small partition each, as staff keep them ---
  labelPartition: 'LABELS',
  label: (id: string): TableKey => ({ pk: 'LABELS', sk: `LABEL#${id}` }),
  caseFolderPartition: 'CASEFOLDERS',
  caseFolder: (id: string): TableKey => ({ pk: 'CASEFOLDERS', sk: `FOLDER#${id}` }),
  /**
   * The cases with a label or in a folder: one item per case, newest case first, so a label's or
   * folder's list pages by key and counts with one COUNT query, never a scan of cases.
   */
  filedCasesPartition: (kind: 'label' | 'folder', id: string) => `FILED#${kind}#${id}`,
  filedCase: (kind: 'label' | 'folder', id: string, createdAt: string, caseId: string): TableKey => ({
    pk: `FILED#${kind}#${id}`,
    sk: `${createdAt}#${caseId}`,
  }),
  // --- mail settings kept by admins (message rules, support addresses): one item each ---
  mailSetting: (name: 'message-rules' | 'support-addresses'): TableKey => ({
    pk: 'SETTINGS',
    sk: `MAIL#${name}`,
  }),

  // --- who is on which case right now (R-BOX-3): per team, so one read covers a whole queue ---
  presencePartition: (team: Team) => `PRESENCE#${team}`,
  caseViewerPrefix: (caseId: string) => `${caseId}#VIEWER#`,
  caseViewer: (team: Team, caseId: string, userId: string): TableKey => ({
    pk: `PRESENCE#${team}`,
    sk: `${caseId}#VIEWER#${userId}`,
  }),
  replyLock: (team: Team, caseId: string): TableKey => ({ pk: `PRESENCE#${team}`, sk: `${caseId}#LOCK` }),

  // --- case search (R-BOX-14): one entry per case and word key, newest case first ---
  searchWordPartition: (wordKey: string) => `SEARCH#${wordKey}`,
  searchWord: (wordKey: string, openedAt: string, caseId: string): TableKey => ({
    pk: `SEARCH#${wordKey}`,
    sk: `${openedAt}#${caseId}`,
  }),
  // --- availability and billable time (docs/reports.md): one partition per month, so a month's
  // report reads one (outages) or one per customer (work), never a scan ---
  /** A monitoring interval under its reporter's id: the record that makes ingest idempotent. */
  monitoringOutage: (id: string): TableKey => ({ pk: `OUTAGE#MON#${hash(id)}`, sk: 'OUTAGE' }),
  /** A case's staff-confirmed intervals (current) and each earlier version (history). */
  caseOutagesPartition: (caseId: string) => `OUTAGES#CASE#${caseId}`,
  caseOutages: (caseId: string): TableKey => ({ pk: `OUTAGES#CASE#${caseId}`, sk: 'CURRENT' }),
  caseOutageRevisionPrefix: 'REV#',
  caseOutageRevision: (caseId: string, revision: number): TableKey => ({
    pk: `OUTAGES#CASE#${caseId}`,
    sk: `REV#${String(revision).padStart(6, '0')}`,
  }),
  /** Every interval a UTC month touches, one item per source interval and service. */
  outageMonthPartition: (month: string) => `OUTAGES#MONTH#${month}`,
  outageInMonth: (month: string, source: string, n: number): TableKey => ({
    pk: `OUTAGES#MONTH#${month}`,
    sk: `${source}#${String(n).padStart(3, '0')}`,
  }),
  /** Logged work by customer and UTC month (the statement's read), and by case. */
  workMonthPartition: (customerId: string, month: string) => `WORK#${customerId}#${month}`,
  workEntry: (customerId: string, month: string, performedAt: string, id: string): TableKey => ({
    pk: `WORK#${customerId}#${month}`,
    sk: `${performedAt}#${id}`,
  }),
  caseWorkPartition: (caseId: string) => `WORK#CASE#${caseId}`,
  caseWorkEntry: (caseId: string, performedAt: string, id: string): TableKey => ({
    pk: `WORK#CASE#${caseId}`,
    sk: `${performedAt}#${id}`,
  }),
  // --- reports (docs/reports.md): a day's aggregates per dimension, one partition per dimension and
  // day (a month's report queries 31 of them); the backlog's net change per month; facts counted ---
  reportDayPartition: (dim: string, day: string) => `REPORT#${dim}#${day}`,
  reportDay: (dim: string, day: string, value: string): TableKey => ({
    pk: `REPORT#${dim}#${day}`,
    sk: value,
  }),
  /**
   * A month's sums per customer and plan, spread over a few partitions (`shard`) that the SLA
   * report reads side by side: a handful of queries, not 2 × 31.
   */
  reportMonthPartition: (dim: string, month: string, shard: number) => `REPORTMONTH#${dim}#${month}#${shard}`,
  reportMonth: (dim: string, month: string, shard: number, value: string): TableKey => ({
    pk: `REPORTMONTH#${dim}#${month}#${shard}`,
    sk: value,
  }),
  reportBacklogPartition: (dim: string) => `REPORTNET#${dim}`,
  reportBacklog: (dim: string, month: string, value: string): TableKey => ({
    pk: `REPORTNET#${dim}`,
    sk: `${month}#${value}`,
  }),
  /** A fact counted once: its id can be long (agent addresses, Message-IDs), so it is hashed. */
  reportFact: (factId: string): TableKey => ({ pk: `REPORTFACT#${hash(factId)}`, sk: 'FACT' }),
  /** When a staff member last opened a case with a message new to them (the reads the reports count). */
  caseOpenedBy: (caseId: string, actor: string): TableKey => ({ pk: `CASEOPENED#${caseId}`, sk: actor }),

  // --- notices told: one item per case and moment (e.g. `management:missed@2026-11-24T04:30`) ---
  notice: (caseId: string, event: string): TableKey => ({ pk: `NOTICE#${caseId}`, sk: event }),
} as const;

/** A stable shard in 0..count-1 for a value (a case id, a mail id): an even spread, never random. */
export function shardOf(value: string, count: number): number {
  if (count <= 1) return 0;
  return createHash('sha256').update(value).digest().readUInt32BE(0) % count;
}

/** The UTC day ("yyyy-mm-dd") and month ("yyyy-mm") of an ISO instant: the listing buckets. */
export const dayOf = (iso: string) => iso.slice(0, 10);
export const monthOf = (iso: string) => iso.slice(0, 7);

/** Open Sev-1 cases spread over this many gsi2 partitions; the watchdog reads them all at once. */
export const OPEN_SEV1_SHARDS = 32;

/**
 * Partitions per team queue (gsi3) unless `scale.queueShards` says otherwise: enough that no queue
 * key takes more than 1/16 of the index's writes even when one team gets most of the cases, for the
 * price of 16 small parallel queries per queue page (docs/scale.md). Shard 0 is the one-key
 * layout's `QUEUE#<team>`, so a table written with fewer shards reads correctly.
 */
export const DEFAULT_QUEUE_SHARDS = 16;
/** Open intake failures spread over this many gsi1 partitions (they are few; no key is constant). */
export const INTAKE_FAILURE_SHARDS = 4;

/**
 * Index keys (the indexes themselves: adapters/aws/table-definition.ts). No index partition key is
 * a constant: listings are split by day, open timers and intake failures by a hash of their id,
 * team queues by a hash of the case id when `scale.queueShards` asks for it (docs/scale.md).
 */
export const indexKeys = {
  /** gsi1: every case, newest first, one partition per day of creation. */
  casesOn: (day: string) => `CASES#${day}`,
  allCasesSort: (createdAt: string, caseId: string) => `${createdAt}#${caseId}`,
  /** gsi2: open Sev-1 cases whose callback workflow must be alive (the watchdog's list). */
  openSev1: (shard: number) => `SEV1#OPEN#${shard}`,
  /** gsi3: a team's queue, earliest deadline first (R-SLA-3); shard 0 keeps the unsharded key. */
  queue: (team: Team, shard = 0) => (shard === 0 ? `QUEUE#${team}` : `QUEUE#${team}#${shard}`),
  /** gsi1: held mail per folder, newest first, one partition per day of receipt. */
  heldFolderOn: (folder: HeldFolder, day: string) => `FOLDER#${folder}#${day}`,
  heldSort: (receivedAt: string, id: string) => `${receivedAt}#${id}`,
  /** gsi1: open intake failures, oldest first, over hash shards. */
  openIntakeFailures: (shard: number) => `INTAKE#FAILED#${shard}`,
  intakeFailureSort: (at: string, id: string) => `${at}#${id}`,
} as const;

/** Day-bucketed listings, by name: the name keys the item that records their months. */
export const listings = {
  allCases: 'CASES',
  heldFolder: (folder: HeldFolder) => `FOLDER#${folder}`,
} as const;

/** The layouts before day buckets and shards, which the backfill moves items from (cli: admin backfill-index-keys). */
export const legacyIndexKeys = {
  allCases: 'CASES',
  openSev1: 'SEV1#OPEN',
  heldFolder: (folder: string) => `FOLDER#${folder}`,
  openIntakeFailures: 'INTAKE#FAILED',
} as const;
