import type { HeldFolder, HeldMail, IntakeFailure } from '../../domain/held-mail';

/** Mail outside the case flow: held mail (spam, quarantine) and intake failures waiting for a replay. */
export interface HeldMailStore {
  /** Stores a held mail once; 'duplicate' when this SES message was already held. */
  hold(mail: HeldMail): Promise<'held' | 'duplicate'>;
  getHeld(id: string): Promise<HeldMail | undefined>;
  /** Newest first; spam past its expiry is left out even before TTL removes it. */
  listHeld(folder: HeldFolder, now: Date, limit: number): Promise<HeldMail[]>;
  /** Records (or counts one more) failed attempt at an inbound mail. */
  recordIntakeFailure(failure: Pick<IntakeFailure, 'mail' | 'error'> & { at: string }): Promise<void>;
  /** Marks a recorded failure as resolved; false when there was none open. */
  resolveIntakeFailure(
    id: string,
    at: string,
    outcome: NonNullable<IntakeFailure['outcome']>
  ): Promise<boolean>;
  getIntakeFailure(id: string): Promise<IntakeFailure | undefined>;
  /** Open failures, oldest first. */
  listIntakeFailures(limit: number): Promise<IntakeFailure[]>;
}
