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

  // --- held mail and intake failures ---
  heldMail: (sesMessageId: string): TableKey => ({ pk: `HELD#${sesMessageId}`, sk: 'HELD' }),
  intakeFailure: (sesMessageId: string): TableKey => ({
    pk: `INTAKEFAIL#${sesMessageId}`,
    sk: 'INTAKEFAIL',
  }),

  // --- notices told: one item per case and moment (e.g. `management:missed@2026-11-24T04:30`) ---
  notice: (caseId: string, event: string): TableKey => ({ pk: `NOTICE#${caseId}`, sk: event }),
} as const;

/** Index keys (the indexes themselves: adapters/aws/table-definition.ts). */
export const indexKeys = {
  /** gsi1: every case, newest first. */
  allCases: 'CASES',
  allCasesSort: (createdAt: string, caseId: string) => `${createdAt}#${caseId}`,
  /** gsi2: open Sev-1 cases whose callback workflow must be alive (the watchdog's list). */
  openSev1: 'SEV1#OPEN',
  /** gsi3: a team's queue, earliest deadline first (R-SLA-3). */
  queue: (team: Team) => `QUEUE#${team}`,
  /** gsi1: held mail per folder, newest first. */
  heldFolder: (folder: HeldFolder) => `FOLDER#${folder}`,
  heldSort: (receivedAt: string, id: string) => `${receivedAt}#${id}`,
  /** gsi1: open intake failures, oldest first. */
  openIntakeFailures: 'INTAKE#FAILED',
  intakeFailureSort: (at: string, id: string) => `${at}#${id}`,
} as const;
