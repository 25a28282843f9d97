import { accessToken } from './auth';

/** The figures of GET /api/reports/availability and /billing the console shows (docs/reports.md). */
export type { CustomerAvailabilityRow as CustomerAvailability } from '../../../functions/domain/availability';
export type { StatementRow as Statement } from '../../../functions/domain/billing';
export interface WorkEntry {
  id: string;
  kind: 'remote' | 'phone' | 'on-site' | 'email';
  minutes: number;
  performedAt: string;
  note?: string;
  loggedBy: string;
}
export const WORK_KINDS = ['remote', 'phone', 'on-site', 'email'] as const;

/** The last `count` UTC months, newest first (`yyyy-mm`): the months a report can be picked for. */
export function recentMonths(now: Date, count = 12): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7)
  );
}

/** Downloads a report's CSV as the signed-in user (a plain link would carry no token). */
export async function downloadCsv(path: string, filename: string): Promise<void> {
  const response = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${await accessToken()}` } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
