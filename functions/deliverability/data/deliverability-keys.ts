import type { TableKey } from '../../data/table-keys';

/**
 * Every key of the deliverability desk's items on the one caseflow table, in one place (layout:
 * docs/data-model.md). The desk owns these partition prefixes — ACCOUNTS, ACCOUNT#, WARMUPS,
 * WARMUP#, SENDEVT#, DNSBL#, REMEDIATIONS — and data/table-keys.ts, which builds the core's keys,
 * uses none of them.
 */
export const deliverabilityKeys = {
  // --- accounts (R-DLV-1): one partition of all accounts, one per account for its timeline ---
  accountsPartition: 'ACCOUNTS',
  account: (id: string): TableKey => ({ pk: 'ACCOUNTS', sk: `ACCOUNT#${id}` }),
  accountPartition: (accountId: string) => `ACCOUNT#${accountId}`,
  accountTimelinePrefix: 'TL#',
  accountTimelineEntry: (accountId: string, at: string, suffix: string): TableKey => ({
    pk: `ACCOUNT#${accountId}`,
    sk: `TL#${at}#${suffix}`,
  }),
  /** The open remediation task of an account with a provider: at most one. */
  remediationSlot: (accountId: string, provider: string): TableKey => ({
    pk: `ACCOUNT#${accountId}`,
    sk: `REMEDIATION#${provider}`,
  }),

  // --- warm-up (R-DLV-2): plans in one partition, counters and decisions per IP ---
  warmupPlansPartition: 'WARMUPS',
  warmupPlan: (ip: string): TableKey => ({ pk: 'WARMUPS', sk: `PLAN#${ip}` }),
  warmupPartition: (ip: string) => `WARMUP#${ip}`,
  dayCountsPrefix: (day: string) => `DAY#${day}#`,
  sendingCounts: (ip: string, day: string, source: string, provider: string): TableKey => ({
    pk: `WARMUP#${ip}`,
    sk: `DAY#${day}#${source}#${provider}`,
  }),
  decisionPrefix: 'DECISION#',
  decision: (ip: string, day: string): TableKey => ({ pk: `WARMUP#${ip}`, sk: `DECISION#${day}` }),
  /** A sending event already counted (a second delivery adds nothing). */
  sendingEvent: (dedupeId: string): TableKey => ({ pk: `SENDEVT#${dedupeId}`, sk: 'SENDEVT' }),

  // --- blacklist monitoring (R-DLV-3) ---
  targetStatus: (target: string): TableKey => ({ pk: `DNSBL#${target}`, sk: 'STATUS' }),
  cyclesPartition: 'DNSBL#CYCLES',
  cycleReport: (startedAt: string): TableKey => ({ pk: 'DNSBL#CYCLES', sk: startedAt }),

  // --- remediation (R-DLV-4) ---
  remediationsPartition: 'REMEDIATIONS',
  remediationTask: (id: string): TableKey => ({ pk: 'REMEDIATIONS', sk: `TASK#${id}` }),
} as const;
