import type { RosterOverride } from '../../domain/roster';

/** A roster override made through the API or CLI: who, for which rotation, when, and by whom. */
export interface StoredRosterOverride extends RosterOverride {
  id: string;
  createdAt: string;
  createdBy: string;
}

export type OverrideCancel =
  | { outcome: 'cancelled' }
  | { outcome: 'already-cancelled'; cancelledAt: string; cancelledBy: string }
  | { outcome: 'not-found' };

/** On-call roster overrides: rotations are configuration; overrides are made at run time. */
export interface RosterOverrideStore {
  putRosterOverride(override: StoredRosterOverride): Promise<void>;
  /** Overrides whose window has not ended by `at`, earliest end first. */
  listRosterOverrides(at: string): Promise<StoredRosterOverride[]>;
  /**
   * Cancels an override: it stops counting at once and is kept as cancelled (who, when), so a
   * second cancel can say it was already done.
   */
  cancelRosterOverride(id: string, by: string, at: string): Promise<OverrideCancel>;
}
