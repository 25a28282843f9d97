import { z } from 'zod';

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

export const SlaBreached = z.object({
  type: z.literal('sla.breached'),
  caseId: z.string(),
  target: z.enum(['sev1Callback', 'acknowledgement', 'response', 'resolution', 'update']),
  dueAt: at,
  at,
});

export const DomainEventSchema = z.discriminatedUnion('type', [
  CaseOpened,
  PageSent,
  PageAcknowledged,
  CallbackCompleted,
  SlaBreached,
]);

export type DomainEvent = z.infer<typeof DomainEventSchema>;
export const EVENT_SOURCE = 'caseflow';
