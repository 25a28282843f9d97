import type { Clock } from '../functions/ports';

/**
 * The local clock: real time at scale 1; with CASEFLOW_TIME_SCALE = n it runs n times faster from
 * its anchor, and the local Step Functions worker uses the same anchor, so deadlines computed by
 * the domain and waits executed by the runner agree. Timestamps shown locally are this clock's.
 */
export class ScaledClock implements Clock {
  readonly realStartMs: number;

  constructor(
    readonly scale: number,
    readonly virtualStartMs: number,
    realStartMs = Date.now()
  ) {
    if (!(scale >= 1)) throw new Error(`time scale must be ≥ 1, got ${scale}`);
    this.realStartMs = realStartMs;
  }

  now(): Date {
    return new Date(this.virtualStartMs + (Date.now() - this.realStartMs) * this.scale);
  }

  /** Real milliseconds for a span of clock milliseconds. */
  realMs(clockMs: number): number {
    return clockMs / this.scale;
  }
}
