import type { ConfirmedInterval, OutageInterval, OutageService } from '../../domain/availability';

/** A case's staff-confirmed unavailability (R-SLA-7): the current version; each version is kept. */
export interface CaseOutages {
  caseId: string;
  reference: string;
  customerId: string;
  intervals: ConfirmedInterval[];
  /** 1 for the first version, one more for each edit. */
  revision: number;
  updatedAt: string;
  updatedBy: string;
}

/** One service's unavailable interval as monitoring reported it, under the reporter's id. */
export interface MonitoringInterval {
  id: string;
  service: OutageService;
  /** null: every customer of the service was affected. */
  customerId: string | null;
  start: string;
  end: string;
  receivedAt: string;
}

export type IngestOutcome = 'recorded' | 'repeated' | 'conflict';

/**
 * Unavailable intervals, by month (docs/reports.md): staff-confirmed ones kept per case with their
 * history, monitoring ones under their id; both copied into a partition per UTC month they touch.
 */
export interface OutageStore {
  /** Records a monitoring interval once: the same id again is `repeated`, or `conflict` if it differs. */
  recordMonitoring(interval: MonitoringInterval): Promise<IngestOutcome>;
  getCaseOutages(caseId: string): Promise<CaseOutages | undefined>;
  /** Every version of a case's intervals, oldest first. */
  listCaseOutageHistory(caseId: string): Promise<CaseOutages[]>;
  /**
   * Writes the next version of a case's intervals when `previous` is still the current one (none:
   * the first); false when someone else changed them meanwhile.
   */
  saveCaseOutages(next: CaseOutages, previous: CaseOutages | undefined): Promise<boolean>;
  /** Every interval touching a UTC month (one partition), staff-confirmed and monitored. */
  listMonth(month: string): Promise<OutageInterval[]>;
}
