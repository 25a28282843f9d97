/**
 * SEAM (issue 15 parts 1–2): how many cases each customer opened in a month and how many of those
 * are resolved. Read here from the day-bucketed case listing (31 index queries and the cases'
 * status); the daily aggregates of the reports core replace this read when they land, behind the
 * same port.
 */
export interface CaseCounts {
  opened: number;
  resolved: number;
}

export interface MonthlyCaseCounts {
  /** Per customer id (cases without a customer are left out). */
  countsFor(month: string): Promise<Map<string, CaseCounts>>;
}
