import type { HeldFolder, HeldMail, IntakeFailure } from '../../domain/held-mail';
import type { Page } from '../page';

/** Mail outside the case flow: held mail (spam, quarantine) and intake failures waiting for a replay. */
export interface HeldMailStore {
  /** Stores a held mail once; 'duplicate' when this SES message was already held. */
  hold(mail: HeldMail): Promise<'held' | 'duplicate'>;
  getHeld(id: string): Promise<HeldMail | undefined>;
  /** Newest first; spam past its expiry is left out even before TTL removes it. */
  listHeld(folder: HeldFolder, now: Date, limit: number): Promise<HeldMail[]>;
  /** `listHeld` a page at a time, from where `cursor` left off. */
  pageHeld(folder: HeldFolder, now: Date, limit: number, cursor?: string): Promise<Page<HeldMail>>;
  /** How many mails the folder holds, expired spam left out. */
  countHeld(folder: HeldFolder, now: Date): Promise<number>;
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
  /** `listIntakeFailures` a page at a time, from where `cursor` left off. */
  pageIntakeFailures(limit: number, cursor?: string): Promise<Page<IntakeFailure>>;
  countIntakeFailures(): Promise<number>;
}
