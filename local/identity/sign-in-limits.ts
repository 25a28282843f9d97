/** Failures that lock, the window they count in and how long the lock lasts (docs/access.md). */
export const ACCOUNT_FAILURES = 5;
export const SOURCE_FAILURES = 20;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

/**
 * Failed sign-ins counted per account and per source address, in memory (the local issuer is one
 * process). Real time: a lock is 15 minutes of wall clock whatever the simulated time scale.
 */
export class SignInLimits {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Minutes until the account or the source may try again, or 0. */
  lockedFor(account: string, source: string): number {
    const until = Math.max(
      this.lockedUntil.get(`a:${account}`) ?? 0,
      this.lockedUntil.get(`s:${source}`) ?? 0
    );
    const left = until - this.now();
    return left > 0 ? Math.ceil(left / 60_000) : 0;
  }

  failed(account: string, source: string): void {
    this.count(`a:${account}`, ACCOUNT_FAILURES);
    this.count(`s:${source}`, SOURCE_FAILURES);
  }

  succeeded(account: string): void {
    this.failures.delete(`a:${account}`);
  }

  private count(key: string, limit: number): void {
    const now = this.now();
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    recent.push(now);
    this.failures.set(key, recent);
    if (recent.length >= limit) {
      this.lockedUntil.set(key, now + LOCK_MS);
      this.failures.delete(key);
    }
  }
}
