/** A report's month in the address (`?month=yyyy-mm`), so a report can be shared and reloaded. */
export interface ReportSearch {
  month?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Keeps `month` when it is a month; anything else is dropped (the screen's default applies). */
export function reportMonth(raw: Record<string, unknown>): ReportSearch {
  return typeof raw.month === 'string' && MONTH.test(raw.month) ? { month: raw.month } : {};
}

const monthOf = (offset: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
};
/** SLA compliance opens on last month, the last complete one. */
export const lastMonth = () => monthOf(-1);
/** Agent statistics open on this month: the last days' backlog is what a supervisor looks at. */
export const thisMonth = () => monthOf(0);
