import type { Config } from '../config/schema';
import type { AuditLog } from '../data/audit/audit-log';
import type { CasePresenceStore } from '../data/case-presence/case-presence-store';
import type { CaseRecordStore } from '../data/case-records/case-record-store';
import type { CaseSearchStore } from '../data/case-search/case-search-store';
import type { CaseTransactions } from '../data/case-transactions/case-transactions';
import type { HeldMailStore } from '../data/held-mail/held-mail-store';
import type { IncidentStore } from '../data/incidents/incident-store';
import type { IntakeGuardStore } from '../data/intake-guards/intake-guard-store';
import type { IntakeReads } from '../data/intake-reads/intake-reads';
import type { CaseFilingStore } from '../data/labels/case-filing-store';
import type { FilingCatalogue } from '../data/labels/filing-catalogue';
import type { MailSettingsStore } from '../data/mail-settings/mail-settings-store';
import type { MonthlyCaseCounts } from '../data/monthly-case-counts/monthly-case-counts';
import type { NoticeLedger } from '../data/notice-ledger/notice-ledger';
import type { OutageStore } from '../data/outages/outage-store';
import type { PagingStore } from '../data/paging/paging-store';
import type { ReplyTemplateStore } from '../data/reply-templates/reply-template-store';
import type { ReportAggregateStore } from '../data/report-aggregates/report-aggregate-store';
import type { RosterOverrideStore } from '../data/roster-overrides/roster-override-store';
import type { SlaClockStore } from '../data/sla-clock/sla-clock-store';
import type { StaffStore } from '../data/staff/staff-store';
import type { WorkLogStore } from '../data/work-log/work-log-store';
import type {
  AttachmentStore,
  Clock,
  EventBus,
  IdGenerator,
  LinkSigner,
  Log,
  MailCodec,
  Mailer,
  RawMailBucket,
  SmsSender,
  Workflows,
} from '../ports';

/** The stores on the one table, one per aggregate (docs/data-model.md says which items each owns). */
export interface Stores {
  /** Cases, their messages and timeline, and the lookups that lead to a case. */
  cases: CaseRecordStore;
  /** Writes across aggregates that happen at once (opening a case, the acknowledgement, …). */
  caseTransactions: CaseTransactions;
  /** Idempotency, the acknowledgement claim and rate limit, unattributed bounces. */
  intakeGuards: IntakeGuardStore;
  /** What intake reads before it starts, across stores, in one request. */
  intakeReads: IntakeReads;
  /** Pages, wait tokens and the Sev-1 state of a case. */
  paging: PagingStore;
  /** Storm correlation: incidents and their members. */
  incidents: IncidentStore;
  /** SLA facts, views, ledger, clock generations, queue and guaranteed-time usage. */
  slaClocks: SlaClockStore;
  /** On-call roster overrides made at run time. */
  rosterOverrides: RosterOverrideStore;
  /** Spam, quarantine and intake failures (R-BOX-10, never lose mail). */
  held: HeldMailStore;
  /** One notice per event: who already told management or the customer about a moment. */
  notices: NoticeLedger;
  /** Staff users, their roles and teams, and the local password hashes. */
  staff: StaffStore;
  /** Who did what: append-only. */
  audit: AuditLog;
  /** Who is viewing or replying to which case right now (R-BOX-3). */
  presence: CasePresenceStore;
  /** Reply templates, shared and personal (R-BOX-1). */
  templates: ReplyTemplateStore;
  /** Case search by words and filters (R-BOX-14). */
  search: CaseSearchStore;
  /** Unavailable intervals, confirmed on cases and reported by monitoring (R-SLA-7). */
  outages: OutageStore;
  /** Work logged on cases, by customer and month (R-SLA-6). */
  workLog: WorkLogStore;
  /** Cases opened and resolved per customer in a month, for the monthly summary (a seam: docs/reports.md). */
  monthlyCaseCounts: MonthlyCaseCounts;
  /** Labels and case folders staff keep (R-BOX-5/8). */
  filingCatalogue: FilingCatalogue;
  /** Which cases carry which label and sit in which folder. */
  filing: CaseFilingStore;
  /** Message rules and support addresses kept by admins (R-BOX-5/7); the config is the bootstrap. */
  mailSettings: MailSettingsStore;
  /** The reports' day aggregates and the facts they counted (docs/reports.md). */
  reports: ReportAggregateStore;
}

/** Everything a use-case may be handed; each use-case takes only the slice it needs. */
export interface Services extends Stores {
  config: Config;
  clock: Clock;
  mailer: Mailer;
  /** Second paging channel (issue 5): SMS. */
  sms: SmsSender;
  codec: MailCodec;
  bucket: RawMailBucket;
  /** Inbound and outbound attachment content (R-BOX-4). */
  attachments: AttachmentStore;
  workflows: Workflows;
  events: EventBus;
  signer: LinkSigner;
  ids: IdGenerator;
  log: Log;
  /** Base URL of the HTTP API, for links in pages. */
  publicBaseUrl: string;
}

/** The support address pages and notifications are sent from: the Sev-1 hotline, else the first address. */
export function pagerAddress(config: Config): { address: string; name: string } {
  const hotline = config.supportAddresses.find((a) => a.purpose === 'sev1') ?? config.supportAddresses[0];
  if (!hotline) throw new Error('config has no support address');
  return { address: hotline.address, name: 'caseflow pager' };
}

/**
 * Headers of an automatic reply to a received mail, e.g. the acknowledgement (RFC 3834
 * "auto-replied"), so other robots do not answer them.
 */
export const AUTO_HEADERS = { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } as const;
/** Headers of automatic mail that answers no particular message: notices (RFC 3834 "auto-generated"). */
export const AUTO_GENERATED_HEADERS = { ...AUTO_HEADERS, 'Auto-Submitted': 'auto-generated' } as const;
