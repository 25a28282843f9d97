/** Instants and durations as people read them in mail, notices and pages (Europe/Warsaw by default). */

const warsawTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Warsaw',
  hour: '2-digit',
  minute: '2-digit',
  day: 'numeric',
  month: 'short',
  timeZoneName: 'short',
});

/** "23 Dec, 16:30 CET": an instant in mail and pages. */
export function formatInstant(iso: string): string {
  return warsawTime.format(new Date(iso));
}

const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Warsaw' });
const hhmm = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Warsaw',
});
const dayMonth = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'Europe/Warsaw',
});
/** "Fri 23 Dec 16:30" in the calendar's zone (Europe/Warsaw unless the calendar says otherwise). */
export function formatLocal(at: Date, timeZone = 'Europe/Warsaw'): string {
  if (timeZone === 'Europe/Warsaw') return `${weekday.format(at)} ${dayMonth.format(at)} ${hhmm.format(at)}`;
  const f = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { ...o, timeZone }).format(at);
  return `${f({ weekday: 'short' })} ${f({ day: 'numeric', month: 'short' })} ${f({ hour: '2-digit', minute: '2-digit' })}`;
}

/** "4 business hours", "90 minutes": a target's length on its clock. */
export function formatMinutes(minutes: number, clock: 'wall' | 'business'): string {
  const unit = clock === 'business' ? 'business ' : '';
  if (minutes % 60 === 0) return `${minutes / 60} ${unit}hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} ${unit}minute${minutes === 1 ? '' : 's'}`;
}

/**
 * "in 4 min 05 s", "in 1 h 12 min", "3 min 20 s ago": how far an instant is from now, as a phone
 * screen counts it down. The page's countdown script (functions/http/page-script.ts) writes the
 * same words as it ticks.
 */
export function formatCountdown(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const span =
    s < 60
      ? `${s} s`
      : s < 3600
        ? `${Math.floor(s / 60)} min ${pad(s % 60)} s`
        : s < 48 * 3600
          ? `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`
          : `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}
