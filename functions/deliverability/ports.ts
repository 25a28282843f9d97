import type { DnsAnswer, ZoneStatus } from './domain/dnsbl';
import type { WarmupProvider } from './domain/providers';
import type { RemediationTask } from './domain/remediation';
import type { Account } from './domain/settings';
import type { SendingCounts, WarmupDecision, WarmupPlan } from './domain/warmup';

/**
 * Ports of the deliverability desk (R-DLV-1…4), re-exported by ports.ts: the DNS resolver the
 * blacklist check asks, and the store of accounts, warm-up plans, sending counters, blacklist
 * state and remediation tasks (the same single DynamoDB table, key layout in docs/data-model.md).
 */

export interface DnsResolver {
  /** What the resolver is, for reports: `127.0.0.1:5353`, or null when none is configured. */
  readonly description: string | null;
  /** A records of a name; every failure is its own answer, never an exception. */
  lookupA(name: string): Promise<DnsAnswer>;
  /** TXT strings of a name (a listing's reason), best effort: undefined on any failure. */
  lookupTxt(name: string): Promise<string[] | undefined>;
}

export interface AccountRecord extends Account {
  /** `config`: from the config file (read-only here); `api`: created or changed through the API/CLI. */
  source: 'config' | 'api';
  updatedAt: string | null;
}

export interface AccountTimelineEntry {
  at: string;
  type:
    | 'account.updated'
    | 'warmup.planned'
    | 'warmup.decided'
    | 'warmup.imported'
    | 'dnsbl.listed'
    | 'dnsbl.delisted'
    | 'dnsbl.informational'
    | 'remediation.opened'
    | 'remediation.updated'
    | 'remediation.follow-up';
  summary: string;
  actor: string;
  data?: Record<string, string | number | boolean | null>;
}

/** Blacklist state of one target across zones, kept between cycles. */
export interface TargetStatus {
  target: string;
  kind: 'ipv4' | 'ipv6' | 'domain';
  accountIds: string[];
  zones: Record<string, ZoneStatus>;
  lastCycleAt: string;
  catalogueVersion: string;
}

export interface ZoneSelfTest {
  zoneId: string;
  zone: string;
  name: string;
  passed: boolean;
  ipv6Passed: boolean | null;
  reasons: string[];
}

export interface CycleReport {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  catalogueVersion: string;
  resolver: string | null;
  zones: ZoneSelfTest[];
  /** Zones set aside this cycle, with why. */
  excluded: { zoneId: string; reasons: string[] }[];
  targets: number;
  queries: number;
  outcomes: { listed: number; clean: number; unknown: number };
  budgetExhausted: boolean;
  newListings: { target: string; zoneId: string; accountIds: string[] }[];
  delistings: { target: string; zoneId: string; accountIds: string[] }[];
  skippedTargets: { target: string; reason: string }[];
}

export type CountSource = string;

export interface DeliverabilityStore {
  // accounts (R-DLV-1)
  listStoredAccounts(): Promise<AccountRecord[]>;
  getStoredAccount(id: string): Promise<AccountRecord | undefined>;
  putAccount(account: AccountRecord): Promise<void>;
  deleteAccount(id: string): Promise<boolean>;
  appendAccountTimeline(accountId: string, entries: AccountTimelineEntry[]): Promise<void>;
  accountTimeline(accountId: string, limit: number): Promise<AccountTimelineEntry[]>;

  // warm-up (R-DLV-2)
  getWarmupPlan(ip: string): Promise<WarmupPlan | undefined>;
  listWarmupPlans(): Promise<WarmupPlan[]>;
  /** Creates (expectedVersion undefined: must not exist) or replaces version n with n + 1; false on a conflict. */
  putWarmupPlan(plan: WarmupPlan, expectedVersion: number | undefined): Promise<boolean>;
  deleteWarmupPlan(ip: string): Promise<boolean>;
  /** Adds to a day's counters; with a dedupe id, a second delivery of the same event adds nothing. */
  addSendingCounts(
    ip: string,
    day: string,
    source: CountSource,
    provider: WarmupProvider,
    counts: Partial<SendingCounts>,
    dedupeId?: string
  ): Promise<'added' | 'duplicate'>;
  /** Sets a day's counters of one source (an external platform's daily totals: idempotent). */
  setSendingCounts(
    ip: string,
    day: string,
    source: CountSource,
    provider: WarmupProvider,
    counts: SendingCounts
  ): Promise<void>;
  /** A day's counters summed over sources, by provider. */
  getDayCounts(ip: string, day: string): Promise<Partial<Record<WarmupProvider, SendingCounts>>>;
  /**
   * Stores a day's decision and the plan after it in one transaction: the decision only if that
   * day was not decided yet, the plan only if it is still at `expectedVersion`; false otherwise.
   */
  commitDecision(
    decision: WarmupDecision,
    plan: WarmupPlan,
    expectedVersion: number,
    at: string
  ): Promise<boolean>;
  listDecisions(ip: string, limit: number): Promise<WarmupDecision[]>;

  // blacklist monitoring (R-DLV-3)
  getTargetStatus(target: string): Promise<TargetStatus | undefined>;
  putTargetStatus(status: TargetStatus): Promise<void>;
  putCycleReport(report: CycleReport): Promise<void>;
  latestCycleReport(): Promise<CycleReport | undefined>;

  // remediation (R-DLV-4)
  getRemediationTask(id: string): Promise<RemediationTask | undefined>;
  listRemediationTasks(): Promise<RemediationTask[]>;
  /** The open task of an account with a provider, if any. */
  findOpenRemediationTask(accountId: string, provider: string): Promise<string | undefined>;
  /** Creates a task and claims the account+provider slot; 'exists' with the holder's id when taken. */
  createRemediationTask(
    task: RemediationTask
  ): Promise<{ outcome: 'created' } | { outcome: 'exists'; taskId: string }>;
  /** Replaces version n with n + 1; false on a conflict. Closing statuses free the account+provider slot. */
  putRemediationTask(task: RemediationTask, expectedVersion: number): Promise<boolean>;
}
