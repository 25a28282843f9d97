import * as z from 'zod';
import { canonicalIp, isIpAddress } from '../domain/net';
import {
  recogniseBounceCodes,
  WARMUP_PROVIDERS,
  type WarmupProvider,
  warmupProviderOf,
} from '../domain/providers';
import { DAY_PATTERN, type SendingCounts } from '../domain/warmup';
import { accountsOfTarget, effectiveAccounts, issues } from './accounts';
import { type DeliverabilityDeps, DeliverabilityInputError } from './deps';
import { recordDetections } from './remediation';

/** One sending event: from an SES event destination, or from another platform through the ingest endpoint. */
export const SendingObservationSchema = z.object({
  /** Unique per event (SES: message id + event type + recipient); a repeated id is counted once. */
  id: z.string().min(1).max(200).optional(),
  at: z.iso.datetime({ offset: true }),
  ip: z.string().refine(isIpAddress, 'not an IP address'),
  recipientDomain: z.string().min(1).optional(),
  provider: z.enum([...WARMUP_PROVIDERS, 'other']).optional(),
  type: z.enum(['send', 'delivery', 'bounce', 'complaint', 'delay', 'reject']),
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']).optional(),
  /** The remote server's answer (SES `diagnosticCode`), scanned for providers' codes. */
  diagnostic: z.string().max(2000).optional(),
});
export type SendingObservation = z.infer<typeof SendingObservationSchema>;

const count = z.number().int().min(0);
export const DailyTotalsSchema = z.object({
  day: z.string().regex(DAY_PATTERN),
  ip: z.string().refine(isIpAddress, 'not an IP address'),
  provider: z.enum([...WARMUP_PROVIDERS, 'other']),
  sent: count,
  delivered: count,
  bounced: count,
  complained: count,
  deferred: count.default(0),
});

export const IngestBodySchema = z
  .object({
    /** Which platform the data comes from (`mta-eu-1`); each source's daily totals are kept apart. */
    source: z.string().regex(/^[a-z0-9-]{1,40}$/, 'source: 1–40 of a-z, 0-9, -'),
    events: z.array(SendingObservationSchema).max(1000).default([]),
    daily: z.array(DailyTotalsSchema).max(1000).default([]),
  })
  .refine((b) => b.events.length + b.daily.length > 0, { message: 'send events or daily totals' });

const FIELD: Record<SendingObservation['type'], keyof SendingCounts | null> = {
  send: 'sent',
  delivery: 'delivered',
  bounce: 'bounced',
  complaint: 'complained',
  delay: 'deferred',
  reject: null,
};

export interface IngestResult {
  counted: number;
  duplicates: number;
  ignored: number;
  daily: number;
  remediationTasks: string[];
}

type Deps = Pick<
  DeliverabilityDeps,
  | 'config'
  | 'clock'
  | 'cases'
  | 'caseTransactions'
  | 'desk'
  | 'mailer'
  | 'events'
  | 'ids'
  | 'log'
  | 'publicBaseUrl'
>;

/**
 * Counts sending events per IP, day (UTC), provider and source for the warm-up decisions, and
 * recognises providers' block codes in bounces (R-DLV-4). Events for IPs that belong to no
 * account and have no warm-up plan are ignored (an SES rule sees the whole account's sending).
 */
export async function recordSendingObservations(
  deps: Deps,
  source: string,
  observations: SendingObservation[],
  origin: 'ses-bounce' | 'http-ingest'
): Promise<IngestResult> {
  const result: IngestResult = { counted: 0, duplicates: 0, ignored: 0, daily: 0, remediationTasks: [] };
  const accounts = await effectiveAccounts(deps);
  const plans = new Set((await deps.desk.listWarmupPlans()).map((p) => p.ip));
  for (const o of observations) {
    const ip = canonicalIp(o.ip);
    const owners = accountsOfTarget(accounts, ip);
    if (!owners.length && !plans.has(ip)) {
      result.ignored++;
      continue;
    }
    const field = FIELD[o.type];
    if (field) {
      const provider: WarmupProvider =
        o.provider ?? (o.recipientDomain ? warmupProviderOf(o.recipientDomain) : 'other');
      const day = new Date(o.at).toISOString().slice(0, 10);
      const outcome = await deps.desk.addSendingCounts(
        ip,
        day,
        source,
        provider,
        { [field]: 1 },
        o.id ? `${source}#${o.id}` : undefined
      );
      if (outcome === 'duplicate') {
        result.duplicates++;
        continue;
      }
      result.counted++;
    }
    if (o.type === 'bounce' && o.diagnostic) {
      const codes = recogniseBounceCodes(o.diagnostic);
      for (const account of codes.length ? owners : []) {
        const ids = await recordDetections(deps, account, codes, {
          source: origin,
          ip,
          at: new Date(o.at).toISOString(),
        });
        for (const id of ids) if (!result.remediationTasks.includes(id)) result.remediationTasks.push(id);
      }
    }
  }
  return result;
}

/** The HTTP ingest endpoint's body: events are counted, daily totals replace that source's day. */
export async function ingestSendingData(deps: Deps, body: unknown): Promise<IngestResult> {
  const parsed = IngestBodySchema.safeParse(body);
  if (!parsed.success) throw new DeliverabilityInputError(issues(parsed.error));
  const { source, events, daily } = parsed.data;
  const result = await recordSendingObservations(deps, source, events, 'http-ingest');
  for (const d of daily) {
    await deps.desk.setSendingCounts(canonicalIp(d.ip), d.day, source, d.provider, {
      sent: d.sent,
      delivered: d.delivered,
      bounced: d.bounced,
      complained: d.complained,
      deferred: d.deferred,
    });
    result.daily++;
  }
  return result;
}
