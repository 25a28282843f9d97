import type { WorkEntry } from '../../domain/billing';

/**
 * Work staff logged on cases (R-SLA-6), kept by customer and UTC month so a month's statement is
 * one partition read, and by case for the case view.
 */
export interface WorkLogStore {
  logWork(entry: WorkEntry): Promise<void>;
  listMonth(customerId: string, month: string): Promise<WorkEntry[]>;
  listCase(caseId: string): Promise<WorkEntry[]>;
}
