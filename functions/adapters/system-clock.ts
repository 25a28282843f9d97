import type { Clock } from '../ports';

/** The real time; local runs use the scaled clock (local/scaled-clock.ts) instead. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
