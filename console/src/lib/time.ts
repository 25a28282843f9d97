import { useEffect, useState } from 'react';
import type { NextTarget } from './api';

/** The current time, re-read every `everyMs` (countdowns tick without refetching anything). */
export function useNow(everyMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "2 h 05 min", "3 d 4 h", "45 s": a span for people, to the precision that matters. */
export function span(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m) return `${m} min`;
  return `${s % 60} s`;
}

/** Where a target stands now: the colours are the plan's warning fractions (75 %, 90 %). */
export type Urgency = 'paused' | 'ok' | 'warning' | 'critical' | 'breached';

export function urgency(target: Pick<NextTarget, 'dueAt' | 'warnings' | 'paused'>, now: Date): Urgency {
  const t = now.toISOString();
  if (t >= target.dueAt) return 'breached';
  if (target.paused) return 'paused';
  const passed = target.warnings.filter((w) => t >= w.at).map((w) => w.fraction);
  const reached = passed.length ? Math.max(...passed) : 0;
  return reached >= 0.9 ? 'critical' : reached >= 0.75 ? 'warning' : 'ok';
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'pl' ? 'pl-PL' : 'en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    // Deadlines are explained in the plan's time zone: say which one a time is in.
    timeZoneName: 'short',
  }).format(new Date(iso));
}
