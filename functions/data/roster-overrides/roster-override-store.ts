import type { RosterOverride } from '../../domain/roster';

/** A roster override made through the API or CLI: who, for which rotation, when, and by whom. */
export interface StoredRosterOverride extends RosterOverride {
  id: string;
  createdAt: string;
  createdBy: string;
}

/** On-call roster overrides: rotations are configuration; overrides are made at run time. */
export interface RosterOverrideStore {
  putRosterOverride(override: StoredRosterOverride): Promise<void>;
  /** Overrides whose window has not ended by `at`, earliest end first. */
  listRosterOverrides(at: string): Promise<StoredRosterOverride[]>;
  /** False when there was no such override. */
  deleteRosterOverride(id: string): Promise<boolean>;
}
