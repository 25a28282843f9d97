import * as z from 'zod';

/**
 * Domain events on the `caseflow` EventBridge bus (source "caseflow"), one zod schema each, used
 * by producers, consumers and docs/events.md. The detail-type is the event name. Details carry
 * ids and facts, never message bodies or personal data beyond what the consumer needs.
 */
const at = z.iso.datetime();

export const CaseOpened = z.object({
  type: z.literal('case.opened'),
  caseId: z.string(),
  reference: z.string(),
  severity: z.enum(['SEV1', 'NON_CRITICAL']),
  team: z.string(),
  plan: z.string().nullable(),
  customerId: z.string().nullable(),
  contactStatus: z.string(),
  /** Its mail quotes a mail server's bounce codes: the deliverability desk looks at it (R-DLV-4). */
  quotesBounceCodes: z.boolean(),
  at,
});

/** A customer's mail (or an automatic reply) joined an open or reopened case's thread. */
export const CaseMessageReceived = z.object({
  type: z.literal('case.message.received'),
  caseId: z.string(),
  kind: z.enum(['customer', 'automated']),
  at,
});

/**
 * Who is on a case changed: a staff member opened it, started or stopped replying, or the reply
 * lock moved (R-BOX-3). Not each heartbeat: only a change. Names no one; the console asks.
 */
export const CasePresenceChanged = z.object({
  type: z.literal('case.presence.changed'),
  caseId: z.string(),
  at,
});

export const PageSent = z.object({
  type: z.literal('page.sent'),
  caseId: z.string(),
  pageId: z.string(),
  level: z.number().int(),
  levelName: z.string(),
  at,
});

export const PageAcknowledged = z.object({
  type: z.literal('page.acknowledged'),
  caseId: z.string(),
  pageId: z.string(),
  by: z.string(),
  at,
});

export const CallbackCompleted = z.object({
  type: z.literal('callback.completed'),
  caseId: z.string(),
  by: z.string(),
  at,
});

/** Storm correlation: a Sev-1 report opened an incident that later reports of the same symptom join. */
export const IncidentOpened = z.object({
  type: z.literal('incident.opened'),
  incidentId: z.string(),
  leaderCaseId: z.string(),
  symptom: z.string(),
  at,
});

/** The incident's leading case was resolved; its page chain is over. */
export const IncidentResolved = z.object({
  type: z.literal('incident.resolved'),
  incidentId: z.string(),
  members: z.number().int(),
  at,
});

export const SlaBreached = z.object({
  type: z.literal('sla.breached'),
  caseId: z.string(),
  target: z.enum(['sev1Callback', 'acknowledgement', 'response', 'resolution', 'update']),
  dueAt: at,
  at,
});

/** Deliverability desk (R-DLV-2…4): docs/deliverability.md. */
export const DnsblListed = z.object({
  type: z.literal('dnsbl.listed'),
  target: z.string(),
  zone: z.string(),
  zoneId: z.string(),
  accountIds: z.array(z.string()),
  codes: z.array(z.string()),
  impact: z.enum(['action', 'informational']).nullable(),
  at,
});

export const DnsblDelisted = DnsblListed.extend({ type: z.literal('dnsbl.delisted') });

export const DnsblCycleCompleted = z.object({
  type: z.literal('dnsbl.cycle.completed'),
  targets: z.number().int(),
  queries: z.number().int(),
  listed: z.number().int(),
  clean: z.number().int(),
  unknown: z.number().int(),
  excludedZones: z.array(z.string()),
  durationMs: z.number(),
  at,
});

export const WarmupDecided = z.object({
  type: z.literal('warmup.decided'),
  ip: z.string(),
  accountId: z.string(),
  day: z.string(),
  decision: z.enum(['advance', 'hold', 'step-back', 'provider-step-back', 'completed']),
  fromStage: z.number().int(),
  toStage: z.number().int(),
  at,
});

export const RemediationOpened = z.object({
  type: z.literal('remediation.opened'),
  taskId: z.string(),
  accountId: z.string(),
  provider: z.string(),
  caseId: z.string(),
  at,
});

export const RemediationUpdated = z.object({
  type: z.literal('remediation.updated'),
  taskId: z.string(),
  accountId: z.string(),
  provider: z.string(),
  status: z.string(),
  at,
});

/**
 * A staff action or sign-in, as the audit log recorded it (ids and the actor's address only: the
 * audit log is for who did what, not for the content).
 */
export const StaffActed = z.object({
  type: z.literal('staff.acted'),
  auditId: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().optional(),
  caseId: z.string().optional(),
  source: z.enum(['console', 'api', 'cli', 'mail', 'page-link', 'system']),
  outcome: z.enum(['ok', 'refused']),
  at,
});

/** Work logged on a case (R-SLA-6): what the monthly statement and the daily aggregates count. */
export const WorkLogged = z.object({
  type: z.literal('work.logged'),
  caseId: z.string(),
  customerId: z.string(),
  entryId: z.string(),
  kind: z.enum(['remote', 'phone', 'on-site', 'email']),
  minutes: z.number().int().positive(),
  performedAt: at,
  by: z.string(),
  at,
});

export const DomainEventSchema = z.discriminatedUnion('type', [
  CaseOpened,
  CaseMessageReceived,
  CasePresenceChanged,
  PageSent,
  PageAcknowledged,
  CallbackCompleted,
  IncidentOpened,
  IncidentResolved,
  SlaBreached,
  DnsblListed,
  DnsblDelisted,
  DnsblCycleCompleted,
  WarmupDecided,
  RemediationOpened,
  RemediationUpdated,
  StaffActed,
  WorkLogged,
]);

export type DomainEvent = z.infer<typeof DomainEventSchema>;
export const EVENT_SOURCE = 'caseflow';
